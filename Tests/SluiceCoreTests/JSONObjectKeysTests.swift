import SluiceTestSupport
import Testing
@testable import SluiceCore

@Suite struct JSONObjectKeysTests {
    func object(_ text: String) throws -> JSONObject {
        try JSONObject(parsing: ArraySlice(Array(text.utf8)))
    }

    func lastIndices(_ o: JSONObject, _ keys: FieldKeySet) -> [Int] {
        var found: [Int] = [7, 7]  // scratch as a stage reuses it: overwritten whole
        o.lastIndices(of: keys, into: &found)
        return found
    }

    @Test func lastIndicesFindEachKeyAtTheTopLevelTheLastDuplicateWins() throws {
        let o = try object(#"{"trace_id":"x","headers":{"traceparent":"y"},"tr\u0061ceId":1,"trace_id":"z"}"#)
        let keys = FieldKeySet(["traceId", "trace_id", "traceparent", "headers", "span_id"])
        #expect(lastIndices(o, keys) == [2, 3, -1, 1, -1])
        #expect(lastIndices(try object("{}"), keys) == [-1, -1, -1, -1, -1])
    }

    @Test func lastIndicesFindKeysOfEveryLengthIncludingLongOnes() throws {
        let long = String(repeating: "k", count: 70)
        let keys = FieldKeySet(["", "a", "ab", FieldKey(long), FieldKey(long + "x")])
        let o = try object(#"{"ab":1,"":2,"\#(long)":3,"abc":4}"#)
        #expect(lastIndices(o, keys) == [1, -1, 0, 2, -1])
        #expect(lastIndices(try object(#"{"\#(long)x":1,"b":2}"#), keys) == [-1, -1, -1, -1, 0])
    }

    /// 64 keys that share lengths and first eight bytes (`service.name.00`…), duplicates,
    /// empty and escaped names: the hashed set finds what comparing every key finds.
    @Test func lastIndicesMatchComparingEveryKey() throws {
        var names = (0..<60).map { "service.name.\($0 < 10 ? "0" : "")\($0)" }
        names += ["", "a", "trace_id", "trace_id"]
        let keys = FieldKeySet(names.map { FieldKey($0) })
        var random = SplitMix(seed: 0x4E75)
        for _ in 0..<300 {
            var members: [String] = []
            var text = "{"
            for m in 0..<Int.random(in: 0...20, using: &random) {
                let name = Bool.random(using: &random) ? names.randomElement(using: &random)! : "service.name.\(Int.random(in: 0...99, using: &random))x"
                members.append(name)
                // Sometimes written with an escape (`\u0061` for `a`), which must still match.
                let written = name.contains("a") && Int.random(in: 0..<4, using: &random) == 0
                    ? name.replacingOccurrences(of: "a", with: "\\u0061") : name
                text += (m > 0 ? "," : "") + "\"\(written)\":\(m)"
            }
            text += "}"
            let expected = names.map { name in members.lastIndex(of: name) ?? -1 }
            #expect(lastIndices(try object(text), keys) == expected, "\(text)")
        }
    }

    @Test func retainMembersNamedKeepsOrderAndReportsChanges() throws {
        var o = try object(#"{"a":1,"b":2,"c":{"d":3},"a":4}"#)
        let removed = o.retainMembers(named: ["c", "a"])
        #expect(removed)
        #expect(String(decoding: o.serialized(), as: UTF8.self) == #"{"a":1,"c":{"d":3},"a":4}"#)
        let removedAgain = o.retainMembers(named: ["a", "c"])
        #expect(!removedAgain)
    }

    @Test func nestedLookupsTakeTheLastDuplicateAndDecodeEscapedKeys() throws {
        let o = try object(#"{"otel":{"trace_id":"first","span_\u0069d":"s","trace_id":"second"}}"#)
        #expect(o.string(FieldPath("otel.trace_id")!) == "second")
        #expect(o.string(FieldPath("otel.span_id")!) == "s")
        #expect(o.string(FieldPath("otel.missing")!) == nil)
        #expect(try object(#"{"otel":"flat"}"#).string(FieldPath("otel.trace_id")!) == nil)
    }
}
