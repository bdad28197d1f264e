import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceTail

@Suite struct GlobExpansionTests {
    @Test func findsMatchingRegularFilesOnce() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        for name in ["a.json", "b.json", "c.json.gz", "skip.txt", "deep/x/d.jsonl", "deep/e.jsonl"] {
            try dir.write(name, "{}\n")
        }
        let include = try [GlobPattern(dir.path + "/*.json"), GlobPattern(dir.path + "/**/*.jsonl"), GlobPattern(dir.path + "/a.*")]
        let exclude = try [GlobPattern(dir.path + "/b.json")]
        let files = GlobExpansion.files(include: include, exclude: exclude)
        #expect(files == ["a.json", "deep/e.jsonl", "deep/x/d.jsonl"].map(dir.file))
    }

    @Test func missingDirectoriesYieldNothing() throws {
        #expect(GlobExpansion.files(include: [try GlobPattern("/nonexistent-sluice/*.json")], exclude: []).isEmpty)
    }
}
