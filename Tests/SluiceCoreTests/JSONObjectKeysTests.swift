import Testing
@testable import SluiceCore

@Suite struct JSONObjectKeysTests {
    func object(_ text: String) throws -> JSONObject {
        try JSONObject(parsing: ArraySlice(Array(text.utf8)))
    }

    @Test func presentKeysMarksEachKeyFoundAtTheTopLevel() throws {
        let o = try object(#"{"trace_id":"x","headers":{"traceparent":"y"},"tr\u0061ceId":1}"#)
        let keys = FieldKeySet(["traceId", "trace_id", "traceparent", "headers", "span_id"])
        #expect(o.presentKeys(keys) == 0b01011)
        #expect(try object("{}").presentKeys(keys) == 0)
    }

    @Test func presentKeysFindsKeysOfEveryLengthIncludingLongOnes() throws {
        let long = String(repeating: "k", count: 70)
        let keys = FieldKeySet(["", "a", "ab", FieldKey(long), FieldKey(long + "x")])
        let o = try object(#"{"ab":1,"":2,"\#(long)":3,"abc":4}"#)
        #expect(o.presentKeys(keys) == 0b01101)
        #expect(try object(#"{"\#(long)x":1,"b":2}"#).presentKeys(keys) == 0b10000)
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
