import Testing
@testable import SluiceCore

@Suite struct JSONObjectTests {
    func object(_ text: String) throws -> JSONObject {
        try JSONObject(parsing: ArraySlice(Array(text.utf8)))
    }

    func text(_ object: JSONObject) -> String {
        String(decoding: object.serialized(), as: UTF8.self)
    }

    static let level = FieldPath(key: "level")

    @Test func unmodifiedObjectSerialisesAsItsSourceBytes() throws {
        let line = #"{"b": 1.50, "a":"\u00e9\/x", "n" : 1E+2,"o":{"z":1, "y":[ ]}}"#
        #expect(text(try object("  " + line + " \r")) == line)
    }

    @Test func untouchedFieldsStayByteExactWhenAnotherChanges() throws {
        var o = try object(#"{"ts":"2026-11-24T12:00:00.000001Z","n":1.50e3,"s":"a\u00e9\"b","deep":{"k" : [1, 2.0]},"level":"info"}"#)
        o.setString(Self.level, "warning")
        #expect(text(o) == #"{"ts":"2026-11-24T12:00:00.000001Z","n":1.50e3,"s":"a\u00e9\"b","deep":{"k" : [1, 2.0]},"level":"warning"}"#)
    }

    /// Written members of every size around the one put together on the stack
    /// (``JSONObject/smallMember``), first or after others, keys needing escapes, an empty
    /// key: each serialises as it was written.
    @Test func writtenMembersOfEverySizeSerialiseAsWritten() throws {
        for size in [0, 1, 200, 240, 245, 246, 247, 248, 249, 250, 251, 252, 256, 300, 70_000] {
            let long = String(repeating: "v", count: size)
            var o = try object(#"{"a":1}"#)
            o.setString(FieldPath(key: "s"), long)
            o.setString(FieldPath(key: FieldKey("q\"k\u{1}")), long)
            o.setString(FieldPath(key: ""), "e")
            o.setString(FieldPath(key: "a"), "first")
            #expect(text(o) == #"{"a":"first","s":"\#(long)","q\"k\u0001":"\#(long)","":"e"}"#, "\(size)")
            var empty = JSONObject()
            empty.setString(FieldPath(key: "k"), long)
            empty.setInt(FieldPath(key: "n"), 7)
            #expect(text(empty) == #"{"k":"\#(long)","n":7}"#, "\(size)")
        }
    }

    @Test func keyOrderIsKeptAndNewFieldsAppend() throws {
        var o = try object(#"{"z":1,"a":2}"#)
        o.setInt(FieldPath(key: "m"), 3)
        o.setBool(FieldPath(key: "z"), false)
        #expect(text(o) == #"{"z":false,"a":2,"m":3}"#)
    }

    @Test func readsValuesWithoutDecodingTheLine() throws {
        let o = try object(#"{"level":"info","latency_ms":412.7,"ok":true,"nothing":null}"#)
        #expect(o.string(Self.level) == "info")
        #expect(o.kind(of: FieldPath(key: "latency_ms")) == .number)
        #expect(o.string(FieldPath(key: "latency_ms")) == "412.7")
        #expect(o.kind(of: FieldPath(key: "ok")) == .bool)
        #expect(o.kind(of: FieldPath(key: "nothing")) == .null)
        #expect(o.kind(of: FieldPath(key: "missing")) == nil)
        #expect(o.withValue(Self.level) { kind, raw in (kind, Array(raw)) }! == (.string, Array(#""info""#.utf8)))
    }

    /// Found by fuzzing: a key starting with a combining mark (`.` + U+0301 is one `Character`)
    /// made the dotted path one segment, so the nested value was not found.
    @Test func dottedPathSplitsBeforeACombiningMark() throws {
        let object = try JSONObject(parsing: ArraySlice(Array(#"{"user":{"\u0301id":"u1"}}"#.utf8)))
        let path = try #require(FieldPath("user.\u{301}id"))
        #expect(path.segments.count == 2)
        #expect(object.string(path) == "u1")
    }

    @Test func duplicateKeysResolveToTheLastOne() throws {
        var o = try object(#"{"a":1,"a":2}"#)
        #expect(o.string(FieldPath(key: "a")) == "2")
        o.remove(FieldPath(key: "a"))
        #expect(text(o) == "{}")
    }

    @Test func escapedKeysAreMatchedDecoded() throws {
        var o = try object(#"{"le\u0076el":"debug"}"#)
        #expect(o.string(Self.level) == "debug")
        o.setString(Self.level, "info")
        #expect(text(o) == #"{"le\u0076el":"info"}"#)
    }

    @Test func nestedPathsReadThroughObjects() throws {
        let o = try object(#"{"user":{"id":"u1","contact":{"email":"a@example.com"}},"trace.id":"literal"}"#)
        #expect(o.string(FieldPath("user.contact.email")!) == "a@example.com")
        #expect(o.string(FieldPath("[user][id]")!) == "u1")
        #expect(o.string(FieldPath("trace.id")!) == "literal")
        #expect(o.string(FieldPath("user.nope")!) == nil)
        #expect(o.string(FieldPath("user.id.deeper")!) == nil)
    }

    @Test func setsRemovesAndRenamesNestedValues() throws {
        var o = try object(#"{"user":{"id":"u1","email":"a@example.com"},"msg":"hi"}"#)
        o.setString(FieldPath("user.email")!, "[REDACTED:email]")
        #expect(text(o) == #"{"user":{"id":"u1","email":"[REDACTED:email]"},"msg":"hi"}"#)
        o.remove(FieldPath("user.id")!)
        #expect(text(o) == #"{"user":{"email":"[REDACTED:email]"},"msg":"hi"}"#)
        o.setInt(FieldPath("k8s.pod.restarts")!, 2)
        #expect(text(o) == #"{"user":{"email":"[REDACTED:email]"},"msg":"hi","k8s":{"pod":{"restarts":2}}}"#)
        let renamed = o.rename(FieldPath(key: "msg"), to: FieldPath("log.message")!)
        #expect(renamed)
        #expect(text(o) == #"{"user":{"email":"[REDACTED:email]"},"k8s":{"pod":{"restarts":2}},"log":{"message":"hi"}}"#)
        let renamedAbsent = o.rename(FieldPath(key: "absent"), to: FieldPath(key: "x"))
        let removedAbsent = o.remove(FieldPath("user.absent")!)
        #expect(!renamedAbsent && !removedAbsent)
    }

    @Test func settingThroughANonObjectReplacesIt() throws {
        var o = try object(#"{"user":"plain"}"#)
        o.setString(FieldPath("user.name")!, "x")
        #expect(text(o) == #"{"user":{"name":"x"}}"#)
    }

    @Test func newStringValuesAreEscaped() throws {
        var o = try object("{}")
        o.setString(FieldPath(key: "q\"k"), "line\n\"x\"")
        #expect(text(o) == #"{"q\"k":"line\n\"x\""}"#)
        #expect(o.string(FieldPath(key: "q\"k")) == "line\n\"x\"")
        // The result is valid JSON that scans back to the same members.
        let again = try JSONObject(parsing: ArraySlice(o.serialized()))
        #expect(again.string(FieldPath(key: "q\"k")) == "line\n\"x\"")
    }

    @Test func retainMembersKeepsOnlyChosenOnes() throws {
        var o = try object(#"{"a":1,"b":2,"c":3}"#)
        o.retainMembers { $0 != 1 }
        #expect(text(o) == #"{"a":1,"c":3}"#)
    }

    @Test func fieldPathParsing() {
        #expect(FieldPath("a.b")?.segments == ["a", "b"])
        #expect(FieldPath("[a][b.c]")?.segments == ["a", "b.c"])
        #expect(FieldPath("") == nil)
        #expect(FieldPath("a..b") == nil)
        #expect(FieldPath("[a][]") == nil)
        #expect(FieldPath("[a") == nil)
    }
}

@Suite struct EventTests {
    @Test func aRawEventSerialisesAsMessage() {
        let event = Event("plain \"text\"")
        var out: [UInt8] = []
        event.serialize(into: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"{"message":"plain \"text\""}"#)
        #expect(event.flags.contains(.raw))
        #expect(event.flags.contains(.timestampFromReadTime))
    }

    @Test func wrappingReplacesInvalidUTF8SoOutputStaysJSON() throws {
        var event = Event(line: [0x61, 0xFF, 0x62], origin: Origin(fileID: 0, offset: 0, length: 4), readTime: 0)
        event.wrapLineAsMessage()
        let again = try JSONObject(parsing: ArraySlice(event.fields.serialized()))
        #expect(again.string(FieldPath(key: "message")) == "a\u{FFFD}b")
    }
}
