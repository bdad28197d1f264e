import Testing
@testable import SluiceCore
@testable import SluiceStages

/// The memo of clean values (``CleanValueMemo``): exact on bytes, key and context; and a
/// redact stage that remembers gives, line for line, what a fresh stage gives.
@Suite struct CleanValueMemoTests {
    func lookup(_ memo: CleanValueMemo, _ key: String?, _ value: String, _ flags: CleanValueMemo.Flags = []) -> CleanValueMemo.Probe {
        let k = key.map { Array($0.utf8) }
        let v = Array(value.utf8)
        return v.withUnsafeBufferPointer { vp in
            if let k { return k.withUnsafeBufferPointer { memo.lookup(key: $0, value: vp, flags: flags) } }
            return memo.lookup(key: nil, value: vp, flags: flags)
        }
    }

    func insert(_ memo: inout CleanValueMemo, _ key: String?, _ value: String, _ flags: CleanValueMemo.Flags = []) {
        let probe = lookup(memo, key, value, flags)
        let k = key.map { Array($0.utf8) }
        let v = Array(value.utf8)
        v.withUnsafeBufferPointer { vp in
            if let k {
                k.withUnsafeBufferPointer { memo.insert(probe, key: $0, value: vp) }
            } else {
                memo.insert(probe, key: nil, value: vp)
            }
        }
    }

    @Test func aHitNeedsTheSameKeyValueAndFlags() {
        var memo = CleanValueMemo()
        let value = "llama-3.1-70b-instruct served from pool eu-west-4 (A100-80GB)"
        #expect(!lookup(memo, "model", value).found)
        insert(&memo, "model", value)
        #expect(lookup(memo, "model", value).found)
        #expect(!lookup(memo, "model_name", value).found)
        #expect(!lookup(memo, "mode", value).found)
        #expect(!lookup(memo, nil, value).found)
        #expect(!lookup(memo, "model", value, .topLevel).found)
        #expect(!lookup(memo, "model", value, .cookies).found)
        // One byte apart anywhere, or a byte shorter: not the value remembered.
        var middle = Array(value.utf8)
        middle[middle.count / 2] ^= 1
        #expect(!lookup(memo, "model", String(decoding: middle, as: UTF8.self)).found)
        #expect(!lookup(memo, "model", String(value.dropLast())).found)
        insert(&memo, nil, "x")
        #expect(lookup(memo, nil, "x").found)
    }

    @Test func aFullArenaStartsAgainAndForgetsEverything() {
        var memo = CleanValueMemo()
        let first = "first value"
        insert(&memo, "k", first)
        let filler = String(repeating: "v", count: CleanValueMemo.maxValueBytes)
        // Distinct values until the arena has been emptied at least once.
        for n in 0..<(CleanValueMemo.arenaLimit / CleanValueMemo.maxValueBytes + 8) {
            insert(&memo, "k\(n)", filler)
        }
        #expect(!lookup(memo, "k", first).found)
        insert(&memo, "k", first)
        #expect(lookup(memo, "k", first).found)
    }

    @Test func valuesTooLongAreNotRemembered() {
        let long = [UInt8](repeating: UInt8(ascii: "a"), count: CleanValueMemo.maxValueBytes + 1)
        let key: [UInt8] = Array("k".utf8)
        let fits = key.withUnsafeBufferPointer { k in long.withUnsafeBufferPointer { CleanValueMemo.fits(key: k, value: $0) } }
        #expect(!fits)
    }

    /// Lines whose verdict hangs on the key, the nesting or the line's cut, each after and
    /// before a twin that is clean, so a wrongly shared memo entry would show.
    static let keyedTwins: [String] = [
        #"{"note":"219099999"}"#, #"{"ssn":"219099999"}"#, #"{"note":"219099999"}"#,
        #"{"ref":"4155552671"}"#, #"{"phone_number":"4155552671"}"#, #"{"ref":"4155552671"}"#,
        #"{"name":"Zorblax Quint"}"#, #"{"customer":{"name":"Zorblax Quint"}}"#, #"{"tool":{"name":"Zorblax Quint"}}"#, #"{"name":"Zorblax Quint"}"#,
        #"{"t":"hunter2hunter2"}"#, #"{"token":"hunter2hunter2"}"#, #"{"t":"hunter2hunter2"}"#,
        #"{"c":"session=abc123def456ghi789"}"#, #"{"cookie":"session=abc123def456ghi789"}"#, #"{"c":"session=abc123def456ghi789"}"#,
        #"{"v":"52.14.1.7"}"#, #"{"version":"52.14.1.7"}"#, #"{"version":{"v":"52.14.1.7"}}"#, #"{"v":"52.14.1.7"}"#,
        #"{"list":["a@example.com","plain"]}"#, #"{"list":["plain","a@example.com"]}"#,
        #"{"msg":"plain words only"}"#, #"{"msg":"plain words only"}"#,
    ]

    func freshOutput(_ line: String, _ options: RedactStage.Options = .init()) -> String {
        let (batch, _) = RedactHarness.run([line], options)
        return batch.events.first.map(RedactHarness.json) ?? "<dead-lettered>"
    }

    @Test func aRememberingStageGivesWhatAFreshStageGives() {
        var corpus = RedactCorpus(seed: 7)
        var personal = PersonalDataCorpus(seed: 11)
        var lines = Self.keyedTwins
        for _ in 0..<300 { lines.append(corpus.line().text) }
        for _ in 0..<300 { lines.append(personal.line().text) }
        // Every line twice, in two orders, through one stage and two batches.
        let metrics = MetricsRegistry()
        let stage = RedactStage(context: StageContext(index: 1, type: "redact", metrics: metrics))
        let forward = run(stage, lines + lines)
        let backward = run(stage, (lines + lines).reversed())
        let expected = lines.map { freshOutput($0) }
        // The twins do tell keys and nesting apart (SSN, phone, a customer's name, a token,
        // a cookie): the memo has something to get wrong.
        #expect(expected[..<Self.keyedTwins.count].filter { $0.contains("[REDACTED:") }.count >= 7)
        #expect(forward.events.map(RedactHarness.json) == expected + expected)
        #expect(backward.events.map(RedactHarness.json) == (expected + expected).reversed())
    }

    @Test func aRepeatedFindingIsRedactedAndCountedEveryTime() {
        let line = #"{"msg":"contact alice@example.com","model":"gpt-4o"}"#
        let (batch, metrics) = RedactHarness.run(Array(repeating: line, count: 50))
        #expect(batch.events.allSatisfy { RedactHarness.json($0) == #"{"msg":"contact [REDACTED:email]","model":"gpt-4o"}"# })
        #expect(metrics.counter("sluice_redact_redactions_total", ["rule": "email"]) == 50)
        #expect(metrics.counter("sluice_redact_events_redacted_total") == 50)
    }

    @Test func theMessageOfACutLineIsCutThoughItsTextWasSeenClean() {
        let text = "upload finished for tenant acme, see alice.b@exa"
        let stage = RedactStage()
        var clean = Batch(events: events([#"{"message":"upload finished for tenant acme, see alice.b@exa"}"#]))
        stage.process(&clean)
        #expect(clean.events[0].string("message") == text)
        var cut = Batch(events: [Event(line: ArraySlice(Array(text.utf8)), origin: Origin(fileID: 1, offset: 0, length: 0), readTime: 0, flags: [.truncatedLine])])
        stage.process(&cut)
        let masked = cut.events[0].string("message") ?? ""
        #expect(masked.hasPrefix("upload finished for tenant acme, see "))
        #expect(!masked.contains("alice.b@exa"))
    }
}
