import Testing
import SluiceCore
import SluiceTestSupport
@testable import SluiceStages

/// The redact stage over whole events: nesting, escapes, actions, fail-closed, caps, metrics.
@Suite struct RedactStageTests {
    func redacted(_ line: String, _ options: RedactStage.Options = .init()) -> String {
        let (batch, _) = RedactHarness.run([line], options)
        return batch.events.first.map(RedactHarness.json) ?? "<none>"
    }

    @Test func nestedObjectsAndArraysAreRewrittenKeepingOtherBytes() {
        let line = #"{"level":"info","user":{"id": 7, "emails": ["a@example.com", "x"], "n": {"ip":"10.1.2.3"}},"n":1.50}"#
        #expect(redacted(line) == #"{"level":"info","user":{"id": 7, "emails": ["[REDACTED:email]", "x"], "n": {"ip":"[REDACTED:ipv4]"}},"n":1.50}"#)
    }

    /// A Luhn-valid digit run in a member named as an id is that id (one in ten ids passes
    /// Luhn); the same digits in a card-named or plain member are a card.
    @Test func aLuhnValidIdInAnIdNamedMemberIsNotACard() {
        for key in ["order_id", "userId", "requestID", "tracking_number", "invoice", "sku", "ids", "span_id"] {
            let line = #"{"\#(key)":"4111111111111111"}"#
            #expect(redacted(line) == line, "\(key)")
        }
        for key in ["card", "card_id", "payment_ref", "note", "account_id", "valid"] {
            #expect(redacted(#"{"\#(key)":"4111111111111111"}"#) == #"{"\#(key)":"[REDACTED:credit_card]"}"#, "\(key)")
        }
        // Grouped as cards are written, it is a card whatever the key.
        #expect(redacted(#"{"order_id":"4111 1111 1111 1111"}"#) == #"{"order_id":"[REDACTED:credit_card]"}"#)
    }

    /// Replacements are collected per event in memory kept from event to event (and the
    /// text before quoting from value to value): in one batch, a clean event between
    /// redacted ones stays as it was, and a short value redacted after a long one holds only
    /// its own text.
    @Test func replacementsBelongToTheirEventAcrossABatch() {
        let lines = [
            #"{"msg":"a long message for alice@example.com with more words after it","ip":"10.1.2.3"}"#,
            #"{"msg":"nothing here","n":1}"#,
            #"{"ip":"10.9.8.7","msg":"to bo@example.org"}"#,
        ]
        let (batch, _) = RedactHarness.run(lines)
        #expect(batch.events.map(RedactHarness.json) == [
            #"{"msg":"a long message for [REDACTED:email] with more words after it","ip":"[REDACTED:ipv4]"}"#,
            #"{"msg":"nothing here","n":1}"#,
            #"{"ip":"[REDACTED:ipv4]","msg":"to [REDACTED:email]"}"#,
        ])
    }

    @Test func untouchedEventsStayByteExact() {
        let line = #"{"level":"info", "trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","latency_ms":412.7}"#
        #expect(redacted(line) == line)
    }

    @Test func escapedStringsAreDecodedScannedAndReEncoded() {
        let line = #"{"msg":"line1\nmail: bob@example.org \"quoted\" \u00e9"}"#
        #expect(redacted(line) == #"{"msg":"line1\nmail: [REDACTED:email] \"quoted\" é"}"#)
    }

    @Test func sensitiveKeysMaskWholeValuesAtAnyDepth() {
        let line = #"{"password":"hunter2","cfg":{"db_password":{"v":1},"x_api_key":123456,"max_tokens":512,"token_count":3},"ok":null,"secret":true}"#
        #expect(redacted(line) == #"{"password":"[REDACTED:sensitive_key]","cfg":{"db_password":"[REDACTED:sensitive_key]","x_api_key":"[REDACTED:sensitive_key]","max_tokens":512,"token_count":3},"ok":null,"secret":true}"#)
    }

    @Test func duplicateKeysAreEachRedacted() {
        #expect(redacted(#"{"m":"a@example.com","m":"b@example.com"}"#) == #"{"m":"[REDACTED:email]","m":"[REDACTED:email]"}"#)
    }

    @Test func cardNumbersAsJSONNumbersAreMasked() {
        #expect(redacted(#"{"card":4111111111111111,"n":4111111111111112}"#) == #"{"card":"[REDACTED:credit_card]","n":4111111111111112}"#)
    }

    @Test func fieldActionsDropMaskHashAndPartial() {
        var o = RedactStage.Options()
        o.hmacKey = "Jefe"
        o.fields = [
            (FieldPath("user.password")!, .drop), (FieldPath("user.email")!, .hash),
            (FieldPath("card")!, .partial), (FieldPath("note")!, .mask),
        ]
        let out = redacted(#"{"user":{"email":"alice@example.com","password":"p","name":"A"},"card":"4111 1111 1111 1111","note":"hi"}"#, o)
        let digest = Digest.hmacSHA256(key: Array("Jefe".utf8), data: Array("alice@example.com".utf8))
        var hex: [UInt8] = []
        Digest.appendHex(digest, count: 16, to: &hex)
        let expected = #"{"user":{"email":"hmac:"# + String(decoding: hex, as: UTF8.self)
            + #"","name":"[REDACTED:person_name]"},"card":"**** **** **** 1111","note":"[REDACTED:field]"}"#
        #expect(out == expected)
    }

    @Test func fieldActionsWinOverKeyRulesAndDetectors() {
        var o = RedactStage.Options()
        o.hmacKey = "k"
        o.fields = [(FieldPath("user.password")!, .hash), (FieldPath("password")!, .partial), (FieldPath("contact")!, .partial)]
        let out = redacted(#"{"password":"abcdef12","user":{"password":"hunter2","pin":"1"},"contact":"a@example.com"}"#, o)
        let digest = Digest.hmacSHA256(key: Array("k".utf8), data: Array("hunter2".utf8))
        var hex: [UInt8] = []
        Digest.appendHex(digest, count: 16, to: &hex)
        #expect(out == #"{"password":"****ef12","user":{"password":"hmac:"# + String(decoding: hex, as: UTF8.self)
            + #"","pin":"1"},"contact":"*@******e.com"}"#)
    }

    @Test func ruleActionsHashAndPartialMatches() {
        var o = RedactStage.Options()
        o.hmacKey = "k"
        o.hashPrefix = "h:"
        o.ruleActions = [("email", .hash), ("phone", .partial)]
        let out = RedactHarness.redactMessage("a@example.com a@example.com call 415-555-2671", o)
        let parts = out.split(separator: " ")
        #expect(parts[0] == parts[1] && parts[0].hasPrefix("h:") && parts[0].count == 2 + 32)
        #expect(out.hasSuffix("call ***-***-2671"))
    }

    @Test func onlyFieldsRestrictsScanningButNotSensitiveKeys() {
        var o = RedactStage.Options()
        o.onlyFields = [FieldPath("msg")!]
        o.onlyFields.append(FieldPath("ctx.note")!)
        let line = #"{"msg":"a@example.com","other":"b@example.com","ctx":{"note":"c@example.com","ip":"10.0.0.1","api_key":"k1"},"password":"p"}"#
        #expect(redacted(line, o) == #"{"msg":"[REDACTED:email]","other":"b@example.com","ctx":{"note":"[REDACTED:email]","ip":"10.0.0.1","api_key":"[REDACTED:sensitive_key]"},"password":"[REDACTED:sensitive_key]"}"#)
    }

    @Test func unprocessableValuesAreMaskedAndTheEventDeadLettered() {
        let deep = String(repeating: "[", count: 70) + #""c@example.com""# + String(repeating: "]", count: 70)
        let line = #"{"msg":"a@example.com","deep":"# + deep + "}"
        let (batch, metrics) = RedactHarness.run([line, #"{"ok":"b@example.com"}"#])
        #expect(batch.events.count == 1)
        #expect(batch.deadLetters.count == 1)
        let letter = RedactHarness.json(batch.deadLetters[0].event)
        #expect(letter == #"{"msg":"[REDACTED:email]","deep":"[REDACTED:unprocessable]"}"#)
        #expect(!batch.deadLetters[0].reason.contains("example"))
        #expect(metrics.counter("sluice_stage_events_dead_lettered_total", ["component": "stages[1]", "type": "redact"]) == 1)
        #expect(metrics.counter("sluice_redact_redactions_total", ["rule": "unprocessable"]) == 1)
    }

    @Test func deadLettersFromEarlierStagesAreRedactedToo() {
        let stage = RedactStage(context: StageContext(name: "r"))
        var event = Event(#"not json, mail a@example.com"#)
        event.wrapLineAsMessage()
        var batch = Batch()
        batch.deadLetters = [DeadLetter(event: event, stage: "p", reason: "not a JSON object")]
        stage.process(&batch)
        #expect(RedactHarness.json(batch.deadLetters[0].event) == #"{"message":"not json, mail [REDACTED:email]"}"#)
    }

    @Test func rawEventsAreWrappedAndRedacted() {
        let stage = RedactStage()
        var batch = Batch(events: [Event("plain 4111-1111-1111-1111")])
        stage.process(&batch)
        #expect(RedactHarness.json(batch.events[0]) == #"{"message":"plain [REDACTED:credit_card]"}"#)
    }

    @Test func oversizeFieldsAreTruncatedWithLengthAndDigest() {
        var o = RedactStage.Options()
        o.maxFieldBytes = 64
        let long = String(repeating: "é", count: 100) + " a@example.com"
        let out = RedactHarness.redactMessage(long, o)
        #expect(out.hasPrefix(String(repeating: "é", count: 32) + "…[TRUNCATED:"))
        // 200 bytes of "é", a space and the 16-byte mask: the length is taken after redaction.
        #expect(out.contains("[TRUNCATED:217 bytes sha256:"))
        #expect(!out.contains("example.com"))
    }

    @Test func oversizeEventsCutTheirLargestValues() throws {
        var o = RedactStage.Options()
        o.maxEventBytes = 300
        let line = #"{"a":"short","prompt":""# + String(repeating: "x", count: 2000) + #"","b":[1,2,3]}"#
        let (batch, metrics) = RedactHarness.run([line], o)
        let out = RedactHarness.json(batch.events[0])
        #expect(out.utf8.count <= 300)
        #expect(out.contains("[TRUNCATED:2000 bytes sha256:"))
        #expect(out.hasPrefix(#"{"a":"short","prompt":"xxx"#))
        _ = try JSONObject(parsing: ArraySlice(Array(out.utf8)))
        #expect(metrics.counter("sluice_redact_truncations_total", ["scope": "event"]) == 1)
        #expect(metrics.counter("sluice_redact_truncations_total", ["scope": "field"]) == 0)
    }

    @Test func metricsArePerRuleAndContentFree() {
        let (_, metrics) = RedactHarness.run([#"{"m":"a@example.com b@example.com 10.0.0.1","u":{"password":"x"}}"#])
        #expect(metrics.counter("sluice_redact_redactions_total", ["rule": "email"]) == 2)
        #expect(metrics.counter("sluice_redact_redactions_total", ["rule": "ipv4"]) == 1)
        #expect(metrics.counter("sluice_redact_redactions_total", ["rule": "sensitive_key"]) == 1)
        #expect(metrics.counter("sluice_redact_redactions_total") == 4)
        #expect(metrics.counter("sluice_redact_events_redacted_total") == 1)
        // Every series carries the stage's dimensions; no label holds event content.
        for series in metrics.series() {
            #expect(series.label("component") == "stages[1]" && series.label("type") == "redact")
            for label in series.labels { #expect(!label.value.contains("example") && !label.value.contains("10.0")) }
        }
    }

    @Test func customPatternsRunAfterBuiltIns() {
        var o = RedactStage.Options()
        o.custom = [.init(pattern: try! CustomPattern(name: "employee_id", pattern: "EMP-[0-9]{6}"), action: .mask)]
        #expect(RedactHarness.redactMessage("é EMP-123456 by a@example.com", o) == "é [REDACTED:employee_id] by [REDACTED:email]")
    }

    /// `(a+)+$` backtracks exponentially on `aaa…ab`: the match gives up at its limit, and the
    /// value is masked whole as the rule — whatever the rule's action (`partial` would keep
    /// characters) — and counted; nothing of it is shipped.
    @Test(arguments: [RedactAction.mask, .partial])
    func aCustomPatternOverItsMatchLimitMasksTheWholeValue(_ action: RedactAction) throws {
        var o = RedactStage.Options()
        o.custom = [.init(pattern: try CustomPattern(name: "runaway", pattern: "(a+)+$"), action: action)]
        let value = String(repeating: "a", count: 40) + "b"
        let (batch, metrics) = RedactHarness.run([#"{"msg":"see \#(value)","n":1}"#], o)
        let event = try #require(batch.events.first)
        #expect(RedactHarness.json(event) == #"{"msg":"[REDACTED:runaway]","n":1}"#)
        #expect(metrics.counter("sluice_redact_regex_limit_hits_total") == 1)
        #expect(metrics.counter("sluice_redact_redactions_total", ["rule": "runaway"]) == 1)
    }

    /// Matches are byte ranges of the UTF-8 text, also after 2-, 3- and 4-byte characters
    /// (a 4-byte one is two UTF-16 units), and may hold multi-byte characters themselves.
    @Test func customPatternMatchesLandOnUTF8ByteRanges() throws {
        var o = RedactStage.Options()
        o.custom = [
            .init(pattern: try CustomPattern(name: "employee_id", pattern: "EMP-[0-9]{6}"), action: .mask),
            .init(pattern: try CustomPattern(name: "greek", pattern: "λ[0-9]+λ"), action: .mask),
        ]
        #expect(RedactHarness.redactMessage("é日🎉 EMP-123456 ü λ42λ 🎉EMP-654321é", o)
            == "é日🎉 [REDACTED:employee_id] ü [REDACTED:greek] 🎉[REDACTED:employee_id]é")
    }

    @Test func randomTextNeverBreaksTheOutput() throws {
        // Dense in the bytes the detectors react to, so every code path sees odd input.
        let alphabet = Array("0123456789 -.:()+@=#/_\"\\abcdefxyzAKIABXghp_xoxb-eyJBearer é€\n\t[]{}")
        var rng = SplitMix(seed: 7)
        var lines: [String] = []
        for _ in 0..<3_000 {
            let count = Int.random(in: 0...120, using: &rng)
            let text = String((0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] })
            var line: [UInt8] = Array(#"{"msg":"#.utf8)
            JSONStringCodec.appendQuoted(text.utf8, to: &line)
            line.append(contentsOf: #","nested":{"a":["#.utf8)
            JSONStringCodec.appendQuoted(text.utf8, to: &line)
            line.append(contentsOf: "]}}".utf8)
            lines.append(String(decoding: line, as: UTF8.self))
        }
        var o = RedactStage.Options()
        o.maxFieldBytes = 64
        let (batch, _) = RedactHarness.run(lines, o)
        #expect(batch.events.count + batch.deadLetters.count == lines.count)
        #expect(batch.deadLetters.isEmpty)
        for event in batch.events {
            let out = RedactHarness.json(event)
            _ = try JSONObject(parsing: ArraySlice(Array(out.utf8)))
        }
    }

    @Test func detectorsCanBeLimited() {
        var o = RedactStage.Options()
        o.detectors = DetectorSet()
        o.detectors.insert(RedactRule.email)
        #expect(RedactHarness.redactMessage("a@example.com 10.0.0.1", o) == "[REDACTED:email] 10.0.0.1")
    }
}

/// HMAC-SHA256 through libcrypto, pinned with RFC 4231 test vectors.
@Suite struct RedactHMACTests {
    static let vectors: [([UInt8], String, String)] = [
        ([UInt8](repeating: 0x0B, count: 20), "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (Array("Jefe".utf8), "what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
    ]

    @Test(arguments: vectors)
    func rfc4231(_ key: [UInt8], _ data: String, _ expected: String) {
        var hex: [UInt8] = []
        Digest.appendHex(Digest.hmacSHA256(key: key, data: Array(data.utf8)), count: 32, to: &hex)
        #expect(String(decoding: hex, as: UTF8.self) == expected)
    }

    @Test func sha256OfABC() {
        var hex: [UInt8] = []
        let digest = Array("abc".utf8).withUnsafeBufferPointer { Digest.sha256($0) }
        Digest.appendHex(digest, count: 32, to: &hex)
        #expect(String(decoding: hex, as: UTF8.self) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

/// Reading the stage's keys from a pipeline file.
@Suite struct RedactConfigTests {
    @Test func theDocumentedShapeLoads() throws {
        let options = try RedactHarness.load("""
              - type: redact
                detectors: [email, credit_card, ipv4, ipv6, phone, us_ssn, iban, jwt, bearer_token, api_key]
                fields: { user.password: drop, user.email: hash }
                hmac_key: ${SLUICE_HMAC_KEY}
                custom: [{ name: order_ref, pattern: "REF-[0-9]+" }]
                actions: { phone: partial }
                max_field_bytes: 64KiB
            """, environment: ["SLUICE_HMAC_KEY": "k"]).get()
        #expect(options.hmacKey == "k")
        #expect(options.fields.count == 2)
        #expect(options.detectors.contains(RedactRule.awsAccessKey))
        #expect(!options.detectors.contains(RedactRule.privateKey))
        #expect(options.maxFieldBytes == 65536)
    }

    static let invalid: [(String, String)] = [
        ("  - type: redact\n    fields: { user.email: hash }\n    hmac_key: ${SLUICE_HMAC_KEY}",
         "stages[0].hmac_key: is empty (environment variable SLUICE_HMAC_KEY is not set or empty)"),
        ("  - type: redact\n    fields: { user.email: hash }", "hmac_key: missing"),
        ("  - type: redact\n    detectors: [emial]", #"did you mean "email"?"#),
        ("  - type: redact\n    custom: [{ name: bad, pattern: \"([a-z\" }]", "stages[0].custom[0].pattern: invalid regular expression at offset 5: missing terminating ] for character class"),
        ("  - type: redact\n    fields: { a: shred }", #"stages[0].fields.a: "shred" is not one of drop, mask, hash, partial"#),
        ("  - type: redact\n    max_field_byte: 10", #"did you mean "max_field_bytes"?"#),
        ("  - type: redact\n    actions: { emails: hash }\n    hmac_key: k", #"did you mean "email"?"#),
        ("  - type: redact\n    actions: { truncated: partial }", #"stages[0].actions.truncated: "truncated" is not a rule"#),
    ]

    @Test(arguments: invalid)
    func errorsNameTheKeyAndLine(_ yaml: String, _ expected: String) {
        RedactHarness.expectConfigError(yaml, expected)
    }
}
