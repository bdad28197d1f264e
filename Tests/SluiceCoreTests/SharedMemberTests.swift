import Testing
@testable import SluiceCore

/// Members prepared once and shared by many events (``SharedMember``, ``SharedMembers``):
/// each event reads and serialises as if the member had been written with `setRaw`, and a
/// later write to one event leaves the others as they were.
extension JSONObjectTests {
    @Test func sharedMembersSetLikeSetRaw() throws {
        let lines = [#"{"a":1}"#, #"{}"#, #"{"sample_rate":5,"b":"x"}"#, #"{"a":1,"sample_rate":2,"sample_rate":3}"#]
        var members = SharedMembers()
        for line in lines {
            var shared = try object(line)
            var raw = try object(line)
            members.set(FieldPath(key: "sample_rate"), json: Array("1".utf8), kind: .number, in: &shared)
            raw.setRaw(FieldPath(key: "sample_rate"), json: Array("1".utf8), kind: .number)
            #expect(text(shared) == text(raw))
            #expect(shared.valueBytes(FieldPath(key: "sample_rate")) == Array("1".utf8))
        }
    }

    @Test func eventsWrittenAfterASharedMemberKeepTheirOwnBytes() throws {
        var members = SharedMembers()
        var first = try object(#"{"a":1}"#)
        var second = try object(#"{"b":2}"#)
        members.set(FieldPath(key: "flag"), json: Array("true".utf8), kind: .bool, in: &first)
        members.set(FieldPath(key: "flag"), json: Array("true".utf8), kind: .bool, in: &second)
        // A write to the first (its storage shared with the second until then).
        first.setString(FieldPath(key: "flag"), "changed")
        first.setString(FieldPath(key: "note"), "added")
        #expect(text(first) == #"{"a":1,"flag":"changed","note":"added"}"#)
        #expect(text(second) == #"{"b":2,"flag":true}"#)
        // An event that had written before gets the member appended to its own storage.
        var third = try object(#"{"c":3}"#)
        third.setString(FieldPath(key: "x"), "y")
        members.set(FieldPath(key: "flag"), json: Array("true".utf8), kind: .bool, in: &third)
        #expect(text(third) == #"{"c":3,"x":"y","flag":true}"#)
    }

    @Test func sharedMembersWithEscapesAndNestedPaths() throws {
        var members = SharedMembers()
        var event = try object(#"{"a":1}"#)
        members.set(FieldPath(key: FieldKey("qu\"ote")), json: Array(#""v\"w""#.utf8), kind: .string, in: &event)
        members.set(FieldPath("meta.rate")!, json: Array("2".utf8), kind: .number, in: &event)
        #expect(text(event) == #"{"a":1,"qu\"ote":"v\"w","meta":{"rate":2}}"#)
        #expect(event.string(FieldPath(key: FieldKey("qu\"ote"))) == "v\"w")
    }
}
