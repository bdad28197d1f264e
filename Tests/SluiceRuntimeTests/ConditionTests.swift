import Testing
@testable import SluiceCore
@testable import SluiceRuntime
@testable import SluiceStages

/// `when:` conditions, read from a pipeline file and evaluated on events.
@Suite struct ConditionTests {
    func pipeline(_ stages: String) -> String {
        """
        sources:
          app: { type: file, include: ["/tmp/none/*.jsonl"] }
        stages:
          - type: parse_json
        \(stages)
        outputs:
          out: { type: stdout }
        """
    }

    func condition(_ when: String) throws -> Condition {
        let config = try Pipelines.loader(environment: ["WANTED": "checkout"]).load(
            text: pipeline("  - type: drop\n    when: \(when)"), file: "pipeline.yaml"
        ).get()
        return try #require(config.stages[1].condition)
    }

    func holds(_ when: String, _ line: String) throws -> Bool {
        let fields = try JSONObject(parsing: ArraySlice(Array(line.utf8)))
        return try condition(when).holds(for: fields, using: RegexScratch())
    }

    static let cases: [(String, String, Bool)] = [
        ("{ level: debug }", #"{"level":"debug"}"#, true),
        ("{ level: debug }", #"{"level":"info"}"#, false),
        ("{ level: debug }", #"{"msg":"x"}"#, false),
        ("{ level: { in: [debug, info] } }", #"{"level":"info"}"#, true),
        ("{ level: { in: [debug, info] } }", #"{"level":"error"}"#, false),
        ("{ status: 200 }", #"{"status":200}"#, true),
        ("{ status: 200 }", #"{"status":"200"}"#, true),
        ("{ status: 200 }", #"{"status":200.0}"#, true),
        ("{ status: 200 }", #"{"status":201}"#, false),
        ("{ status: { in: [500, 503] } }", #"{"status":503}"#, true),
        ("{ ok: true }", #"{"ok":true}"#, true),
        ("{ ok: true }", #"{"ok":"true"}"#, true),
        ("{ ok: null }", #"{"ok":null}"#, true),
        ("{ user.id: u1 }", #"{"user":{"id":"u1"}}"#, true),
        ("{ user.id: u1 }", #"{"user.id":"u1"}"#, true),
        ("{ \"[user][id]\": u1 }", #"{"user":{"id":"u1"}}"#, true),
        ("{ msg: \"a\\\"b\" }", #"{"msg":"a\"b"}"#, true),
        ("{ msg: é }", #"{"msg":"\u00e9"}"#, true),
        ("{ event: \"${WANTED}\" }", #"{"event":"checkout"}"#, true),
        ("{ trace_id: { exists: false } }", #"{"msg":"x"}"#, true),
        ("{ trace_id: { exists: false } }", #"{"trace_id":null}"#, false),
        ("{ trace_id: { exists: true } }", #"{"trace_id":"abc"}"#, true),
        ("{ msg: { matches: \"^user [0-9]+ logged in$\" } }", #"{"msg":"user 42 logged in"}"#, true),
        ("{ msg: { matches: \"^user \\\\d+ \" } }", #"{"msg":"user 42 logged in"}"#, true),
        ("{ msg: { matches: \"^user \\\\d+ \" } }", #"{"msg":"user x logged in"}"#, false),
        ("{ msg: { matches: \"^[\\\\d.]+$\" } }", #"{"msg":"1.25"}"#, true),
        ("{ msg: { matches: \"\\\\bdb\\\\b\" } }", #"{"msg":"the db is down"}"#, true),
        ("{ msg: { matches: \"\\\\bdb\\\\b\" } }", #"{"msg":"dbx"}"#, false),
        ("{ msg: { matches: \"a$\" } }", #"{"msg":"a\n"}"#, false),
        ("{ msg: { matches: timeout } }", #"{"msg":"upstream timeout after 3s"}"#, true),
        ("{ msg: { matches: \"^a.c$\" } }", #"{"msg":"a\nc"}"#, true),
        ("{ code: { matches: \"^5[0-9][0-9]$\" } }", #"{"code":503}"#, true),
        // UTF-8 text: `.` is one character, whatever its byte length.
        ("{ msg: { matches: \"^.x.$\" } }", #"{"msg":"éx🎉"}"#, true),
        ("{ msg: { matches: \"^é+$\" } }", #"{"msg":"ééé"}"#, true),
        ("{ obj: { matches: x } }", #"{"obj":{"x":1}}"#, false),
        ("{ latency_ms: { gt: 500 } }", #"{"latency_ms":500.5}"#, true),
        ("{ latency_ms: { gt: 500 } }", #"{"latency_ms":500}"#, false),
        ("{ latency_ms: { gte: 500 } }", #"{"latency_ms":500}"#, true),
        ("{ latency_ms: { lt: 1e3 } }", #"{"latency_ms":"999"}"#, true),
        ("{ latency_ms: { lte: -1 } }", #"{"latency_ms":-1}"#, true),
        ("{ latency_ms: { gt: 1, lt: 10 } }", #"{"latency_ms":5}"#, true),
        ("{ latency_ms: { gt: 1, lt: 10 } }", #"{"latency_ms":50}"#, false),
        ("{ latency_ms: { gt: 1 } }", #"{"latency_ms":"slow"}"#, false),
        ("{ level: error, service: api }", #"{"level":"error","service":"api"}"#, true),
        ("{ level: error, service: api }", #"{"level":"error","service":"web"}"#, false),
        ("{ any: [ { level: error }, { status: { gte: 500 } } ] }", #"{"level":"info","status":502}"#, true),
        ("{ any: [ { level: error }, { status: { gte: 500 } } ] }", #"{"level":"info","status":200}"#, false),
        ("{ all: [ { level: info }, { not: { event: heartbeat } } ] }", #"{"level":"info","event":"x"}"#, true),
        ("{ all: [ { level: info }, { not: { event: heartbeat } } ] }", #"{"level":"info","event":"heartbeat"}"#, false),
        ("{ not: { level: { in: [warning, error] } } }", #"{"level":"debug"}"#, true),
        ("{ \"[all]\": yes }", #"{"all":"yes"}"#, true),
    ]

    @Test(arguments: cases)
    func evaluates(_ when: String, _ line: String, _ expected: Bool) throws {
        #expect(try holds(when, line) == expected)
    }

    func errors(_ stages: String) -> [String] {
        switch Pipelines.loader(environment: [:]).load(text: pipeline(stages), file: "pipeline.yaml") {
        case .success: return []
        case .failure(let failure): return failure.errors.map(\.description)
        }
    }

    static let configErrors: [(String, String)] = [
        ("  - type: fields\n    add: { a: 1 }\n    when: { level: { inn: [debug] } }",
         #"stages[1].when.level.inn: unknown key (pipeline.yaml:7:22); did you mean "in"?"#),
        ("  - type: fields\n    add: { a: 1 }\n    when: { level: { equal: debug } }",
         #"stages[1].when.level.equal: unknown key (pipeline.yaml:7:22); did you mean "equals"?"#),
        ("  - type: fields\n    add: { a: 1 }\n    when: { msg: { matches: \"a(b\" } }",
         "stages[1].when.msg.matches: invalid regular expression at offset 3: missing closing parenthesis (pipeline.yaml:7:29)"),
        ("  - type: fields\n    add: { a: 1 }\n    when: { msg: { matches: \"\\\\<word\\\\>\" } }",
         "stages[1].when.msg.matches: invalid regular expression at offset 0: \\< and \\> are not supported; write \\b for a word boundary (pipeline.yaml:7:29)"),
        ("  - type: fields\n    add: { a: 1 }\n    when: { n: { gt: many } }",
         #"stages[1].when.n.gt: expected a number, found "many" (pipeline.yaml:7:22)"#),
        ("  - type: fields\n    add: { a: 1 }\n    when: { n: {} }",
         "stages[1].when.n: give at least one test: equals, in, exists, matches, gt, gte, lt, lte (pipeline.yaml:7:16)"),
        ("  - type: fields\n    add: { a: 1 }\n    when: {}",
         "stages[1].when: a condition needs at least one field test, e.g. { level: { in: [debug] } } (pipeline.yaml:7:11)"),
        ("  - type: fields\n    add: { a: 1 }\n    when: debug",
         "stages[1].when: expected a mapping, found a scalar (pipeline.yaml:7:11)"),
        ("  - type: fields\n    add: { a: 1 }\n    when: { any: [] }",
         "stages[1].when.any: must list at least one condition (pipeline.yaml:7:18)"),
        ("  - type: fields\n    add: { a: 1 }\n    when: { n: [1, 2] }",
         "stages[1].when.n: expected a value or a mapping of tests (equals, in, exists, matches, gt, gte, lt, lte), found a list (pipeline.yaml:7:16)"),
        ("  - type: drop",
         "stages[1]: a drop stage needs a when: condition (e.g. when: { level: debug }) (pipeline.yaml:5:5)"),
        ("  - type: parse_json\n    when: { level: debug }",
         "stages[1].when: a parse_json stage cannot have a when: condition: it runs before the line has fields (pipeline.yaml:6:11)"),
        ("  - type: drop\n    when: { level: debug }\n    reason: noise",
         "stages[1].reason: unknown key (pipeline.yaml:7:5)"),
    ]

    @Test(arguments: configErrors)
    func conditionErrorsNameKeyPathAndLine(_ stages: String, _ expected: String) {
        let found = errors(stages)
        #expect(found == [expected])
    }
}
