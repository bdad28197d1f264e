import Foundation
import SluiceTestSupport
import Testing
@testable import SluiceCore
@testable import SluiceRuntime

/// `sluice scan`: counts per path and rule, examples that show shapes and never values, and a
/// suggested redact stage that the pipeline loader accepts.
@Suite struct LogScanTests {
    static let secrets = [
        "alice@example.com", "bob@corp.io", "carol@mail.co.uk", "10.1.2.3", "192.168.0.7", "172.16.4.4", "hunter2",
        "4111 1111 1111 1111", "+1 415 555 2671", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl",
    ]

    static let lines = [
        #"{"level":"info","event":"login","user":{"email":"alice@example.com","name":"Alice"},"client_ip":"10.1.2.3","msg":"login from 10.1.2.3"}"#,
        #"{"level":"info","event":"login","user":{"email":"bob@corp.io","name":"Bob"},"client_ip":"192.168.0.7","msg":"ok"}"#,
        #"{"level":"info","event":"login","user":{"email":"carol@mail.co.uk","name":"Carol"},"client_ip":"172.16.4.4","msg":"ok"}"#,
        #"{"level":"error","event":"call_failed","password":"hunter2","session_blob":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl","msg":"card 4111 1111 1111 1111 declined"}"#,
        #"{"level":"error","event":"call_failed","session_blob":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIyIn0.c2lnbmF0dXJlc2lnbmF0dXJl"}"#,
        #"{"level":"error","event":"call_failed","session_blob":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIzIn0.c2lnbmF0dXJlc2lnbmF0dXJl"}"#,
        "not json at all, phone +1 415 555 2671",
    ]

    func scanned() throws -> LogScan {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = try dir.write("app.json", Self.lines.joined(separator: "\n") + "\n")
        let scan = try LogScan()
        try scan.scan(path: path)
        return scan
    }

    @Test func countsPerPathAndRuleWithShapesNotValues() throws {
        let scan = try scanned()
        #expect(scan.lines == 7 && scan.events == 7)
        let byKey = Dictionary(uniqueKeysWithValues: scan.sortedFindings.map { ("\($0.path) \($0.rule)", $0) })
        #expect(byKey["user.email email"]?.matches == 3 && byKey["user.email email"]?.wholeValues == 3)
        #expect(byKey["client_ip ipv4"]?.wholeValues == 3)
        #expect(byKey["msg credit_card"]?.matches == 1 && byKey["msg credit_card"]?.wholeValues == 0)
        #expect(byKey["session_blob jwt"]?.wholeValues == 3)
        #expect(byKey["password sensitive_key"]?.matches == 1)
        #expect(byKey["user.email email"]?.examples.first == "xxxxx@xxxxxxx.xxx")
        let report = scan.report()
        for secret in Self.secrets { #expect(!report.contains(secret), "the report shows \(secret)") }
    }

    @Test func theSuggestedStageIsAValidPipeline() throws {
        let scan = try scanned()
        let stage = scan.suggestedStage()
        #expect(stage.contains("detectors: [credit_card, email, ipv4, jwt, person_name, phone]"))
        // `user.name` holds the users' names.
        #expect(stage.contains("user.name: mask"))
        #expect(stage.contains("client_ip: mask") && stage.contains("user.email: mask") && stage.contains("session_blob: mask"))
        // A key that held a credential through and through joins the sensitive keys.
        #expect(stage.contains("sensitive_keys: [") && stage.contains("session_blob]"))
        let pipeline = "sources:\n  app: { type: file, include: [\"/tmp/none/*.json\"] }\nstages:\n  - type: parse_json\n" + stage + "\noutputs:\n  out: { type: stdout }\n"
        let loaded = Pipelines.loader(environment: [:]).load(text: pipeline, file: "suggested.yaml")
        if case .failure(let failure) = loaded { Issue.record("the suggestion does not load: \(failure.errors)") }
    }

    @Test func shapesKeepPunctuationAndHideLettersAndDigits() {
        #expect(LogScan.shape(Array("Jane.Doe+1@Example.com".utf8)) == "Xxxx.Xxx+9@Xxxxxxx.xxx")
        #expect(LogScan.shape(Array("Zoë 42".utf8)) == "Xxx 99")
        #expect(LogScan.shape(Array(String(repeating: "a", count: 60).utf8)).hasSuffix("…"))
    }
}
