import Testing
@testable import SluiceCore

@Suite struct GlobPatternTests {
    @Test(arguments: [
        ("/app/logs/*.json", "/app/logs/api.json", true),
        ("/app/logs/*.json", "/app/logs/api.jsonl", false),
        ("/app/logs/*.json", "/app/logs/sub/api.json", false),
        ("/app/logs/**/*.jsonl", "/app/logs/a.jsonl", true),
        ("/app/logs/**/*.jsonl", "/app/logs/x/y/z/a.jsonl", true),
        ("/app/logs/**", "/app/logs/x/y", true),
        ("/app/**/logs/*.log", "/app/logs/a.log", true),
        ("/app/**/logs/*.log", "/app/k/j/logs/a.log", true),
        ("/app/log-?.txt", "/app/log-1.txt", true),
        ("/app/log-?.txt", "/app/log-12.txt", false),
        ("/app/{api,worker}/*.json", "/app/worker/x.json", true),
        ("/app/{api,worker}/*.json", "/app/web/x.json", false),
        ("/app/*.{json,jsonl}", "/app/a.jsonl", true),
        ("/app/{a,b{1,2}}.log", "/app/b2.log", true),
        ("/app/{a,b{1,2}}.log", "/app/b3.log", false),
        ("/app/[ab]*.log", "/app/beta.log", true),
        ("/app/[!ab]*.log", "/app/beta.log", false),
        ("/app/[a-c]x.log", "/app/cx.log", true),
        ("/app/*x*y*", "/app/__x__y__", true),
        ("/app/*x*y", "/app/__x__y__", false),
        ("/app/[^ab]*.log", "/app/cat.log", true),
        ("/app/*.log", "/app/.hidden.log", true),
        ("/app/a\\b.log", "/app/a\\b.log", true),
        ("/app/[]x]*.log", "/app/]a.log", true),
    ])
    func matches(_ pattern: String, _ path: String, _ expected: Bool) throws {
        #expect(try GlobPattern(pattern).matches(path) == expected)
    }

    @Test func rejectsBadPatterns() {
        #expect(throws: GlobPattern.Failure.notAbsolute("logs/*.json")) { try GlobPattern("logs/*.json") }
        #expect(throws: GlobPattern.Failure.unbalancedBraces("/a/{b,c")) { try GlobPattern("/a/{b,c") }
        #expect(throws: GlobPattern.Failure.unbalancedBracket("/a/[bc")) { try GlobPattern("/a/[bc") }
    }

    @Test func rootsLimitTheWalk() throws {
        #expect(try GlobPattern("/app/logs/*.json").roots.map(\.directory) == ["/app/logs"])
        #expect(try GlobPattern("/app/logs/*.json").roots.map(\.depth) == [1])
        #expect(try GlobPattern("/app/logs/**/*.json").roots.map(\.depth) == [nil])
        #expect(try GlobPattern("/app/{a,b}/x.log").roots.map(\.directory) == ["/app/a", "/app/b"])
    }
}
