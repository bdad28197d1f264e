import SluiceTestSupport
import Testing
@testable import SluiceCore
@testable import SluiceStages

/// The top-level members the redact stage knows unchanged without its whole way for a value
/// (timestamps, hex ids, short numbers, booleans and nulls under plain keys; see `RedactEngine+PlainMembers`): for every
/// key and value, the stage gives exactly what the whole way
/// (``RedactEngine/processValue(_:key:inheritedVersion:skip:depth:escaped:)``) gives.
@Suite struct PlainMembersTests {
    static let keys = [
        "timestamp", "ts", "time", "note", "dob", "date_of_birth", "birth_date", "password", "token", "cookie", "set-cookie",
        "phone", "phone_number", "card", "pan", "ssn", "zip", "postal_code", "address", "id", "order_id", "tokens_in",
        "latency_ms", "name", "api_key", "passport", "version", "span_id", "trace_id", "mistral", "cohere", "pinecone", "sha",
    ]
    static let strings = [
        "2026-11-24T10:15:00.123456Z", "2026-11-24 10:15:00+01:00", "2026-11-24", "1985-03-14", "1985-03-14T00:00:00Z",
        "2026-11-24T10:15:00Z4111", "2026-11-24-rollout", "2026-11-24T10:15:00.5Z rest", "2026-11-24T10:15:00-0500",
        "2026-11-24T10:15:00,5+0100", "1234-56-78", "4111-1111-1111-1111", "2026-11-24T10:15:00Z 4111 1111 1111 1111",
        "2026-11-24T10:15:00Z alice@example.com", "2026-11-24.example.com", "2026-11-2", "2026-1-24", "20261124",
        "2026-11-24T10:15:00\\u0041", "2026-11-24T10:15:00\\n4111111111111111",
        // Hex ids, and what is almost one.
        "ccf635ee9e9e2fa4", "3474724a775b19bf", "4bf92f3577b34da6a3ce929d0e0e4736", "4111111111111111", "411111111111111a",
        "4111111111111ab0", "411111111111abcd", "4BF92F3577B34DA6", "4bf92F3577b34da6a3ce929d0e0e4736", "deadbeefdeadbeef",
        "e5a1b2c3d4e5f60718293a4b5c6d7e8f", "b3a1c2d3e4f50617", "0123456789", "012345678a", "19850314ab", "2a00000000000000",
        "da39a3ee5e6b4b0d3255bfef95601890afd80709", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855a", "a0000000000000000000000000000000",
        "ab:cd:ef:01:23:45", "4111 1111 1111 1111", "ccf635ee9e9e2fa4 4111111111111111",
    ]
    static let numbers = [
        "117", "-3", "0", "3839.7", "1e5", "-1.5E-7", "94105", "19850314", "4155552671", "41111111111", "219099999",
        "411111111111", "4111111111111111", "-4111111111111111", "1700000000000000000",
        "true", "false", "null",
    ]
    static let configurations = [
        "  - type: redact",
        "  - type: redact\n    custom: [{ name: year, pattern: \"20[0-9][0-9]\" }]",
        "  - type: redact\n    max_field_bytes: 64",
        "  - type: redact\n    only_fields: [msg]",
        "  - type: redact\n    detectors: [email, credit_card]",
        "  - type: redact\n    sensitive_keys: [timestamp, tokens_in]",
    ]

    /// The member's value after the stage, as JSON.
    func byStage(_ key: String, _ json: String, _ options: RedactStage.Options) -> String {
        let (batch, _) = RedactHarness.run([#"{"\#(key)":\#(json)}"#], options)
        guard let event = batch.events.first else { return "<dead-lettered>" }
        return event.fields.withValue(at: 0) { _, raw in String(decoding: raw, as: UTF8.self) }
    }

    /// The member's value by the engine's whole way, as JSON.
    func byWholeWay(_ key: String, _ json: String, _ options: RedactStage.Options) -> String {
        var engine = RedactEngine(settings: RedactSettings(options, recorder: nil), stageName: "redact")
        engine.scanning = options.onlyFields.isEmpty
        let k = Array(key.utf8), v = Array(json.utf8)
        let result = k.withUnsafeBufferPointer { k in
            v.withUnsafeBufferPointer { v in
                Result { () throws(RedactFailure) in try engine.processValue(v, key: k, inheritedVersion: false, skip: [], depth: 0) }
            }
        }
        switch result {
        case .success(nil): return json
        case .success(let (_, bytes)?): return String(decoding: bytes, as: UTF8.self)
        case .failure: return "<failed>"
        }
    }

    @Test(arguments: configurations)
    func theStageGivesWhatTheWholeWayGives(_ configuration: String) throws {
        let options = try RedactHarness.load(configuration).get()
        var changed = 0
        for key in Self.keys {
            for value in Self.strings.map({ "\"\($0)\"" }) + Self.numbers {
                let expected = byWholeWay(key, value, options)
                if expected != value { changed += 1 }
                #expect(byStage(key, value, options) == expected, "\(key): \(value)")
            }
        }
        // The cases do reach the rules that decide (a sensitive key, a card, a date of birth,
        // a custom pattern): the shortcut has something to get wrong.
        #expect(changed >= 20)
    }

    /// Random lowercase hex of every length around the shortcut's, with long decimal runs
    /// (cards, NIRs) and ids of one digit or letter: the stage gives what the whole way gives.
    @Test func randomHexIdsAsTheWholeWay() throws {
        let options = RedactStage.Options()
        var random = SplitMix(seed: 0x5EED)
        let keys = ["span_id", "trace_id", "id", "note", "card", "mistral", "ssn"]
        var changed = 0
        for round in 0..<4_000 {
            let length = 8 + Int(random.next() % 60)
            let decimalShare = [0, 30, 90, 100][round % 4]
            let bytes: [UInt8] = (0..<length).map { _ in
                Int(random.next() % 100) < decimalShare ? UInt8(ascii: "0") + UInt8(random.next() % 10) : UInt8(ascii: "a") + UInt8(random.next() % 6)
            }
            let value = "\"" + String(decoding: bytes, as: UTF8.self) + "\""
            let key = keys[round % keys.count]
            let expected = byWholeWay(key, value, options)
            if expected != value { changed += 1 }
            #expect(byStage(key, value, options) == expected, "\(key): \(value)")
        }
        #expect(changed > 0)
    }

    @Test func aTimestampUnderADateOfBirthKeyIsStillMasked() {
        let (batch, _) = RedactHarness.run([#"{"dob":"1985-03-14","timestamp":"2026-11-24T10:15:00Z","tokens_in":117,"card":4111111111111111}"#])
        #expect(RedactHarness.json(batch.events[0]) == #"{"dob":"[REDACTED:date_of_birth]","timestamp":"2026-11-24T10:15:00Z","tokens_in":117,"card":"[REDACTED:credit_card]"}"#)
    }
}
