import Testing
@testable import SluiceCore

/// `when:` conditions read from YAML and evaluated on events.
@Suite struct ConditionEvaluationTests {
    func condition(_ when: String) throws -> Condition {
        let node = try #require(try YAMLComposer.compose(Array(when.utf8)))
        let diagnostics = ConfigDiagnostics(file: "pipeline.yaml")
        let config = ConfigNode(node: node, path: "when", diagnostics: diagnostics, environment: ["WANTED": "checkout"])
        let condition = Condition.read(config)
        #expect(diagnostics.errors.isEmpty, "\(diagnostics.errors)")
        return try #require(condition)
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
}
