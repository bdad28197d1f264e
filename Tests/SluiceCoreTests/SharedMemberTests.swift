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

    /// One key with several values (and one value under several keys and kinds) in one
    /// batch: each event gets the member it was given.
    @Test func membersDifferingInValueKeyOrKindStayApart() throws {
        var members = SharedMembers()
        let writes: [(String, String, JSONKind, String)] = [
            ("sample_rate", "1", .number, #"{"n":0,"sample_rate":1}"#),
            ("sample_rate", "10", .number, #"{"n":0,"sample_rate":10}"#),
            ("sample_rate", "2", .number, #"{"n":0,"sample_rate":2}"#),
            ("sample_rate", #""1""#, .string, #"{"n":0,"sample_rate":"1"}"#),
            ("rate", "1", .number, #"{"n":0,"rate":1}"#),
            ("sample_rate", "1", .number, #"{"n":0,"sample_rate":1}"#),
        ]
        for (key, json, kind, expected) in writes {
            var event = try object(#"{"n":0}"#)
            members.set(FieldPath(key: FieldKey(key)), json: Array(json.utf8), kind: kind, in: &event)
            #expect(text(event) == expected)
        }
    }

    /// `{"a":1}` and `{"b":2}`, each given the shared member `flag: true` from `members`.
    func twoSharingAFlag(_ members: inout SharedMembers) throws -> (JSONObject, JSONObject) {
        var first = try object(#"{"a":1}"#)
        var second = try object(#"{"b":2}"#)
        members.set(FieldPath(key: "flag"), json: Array("true".utf8), kind: .bool, in: &first)
        members.set(FieldPath(key: "flag"), json: Array("true".utf8), kind: .bool, in: &second)
        return (first, second)
    }

    @Test func eventsWrittenAfterASharedMemberKeepTheirOwnBytes() throws {
        var members = SharedMembers()
        let pair = try twoSharingAFlag(&members)
        var first = pair.0
        let second = pair.1
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

    /// The storage of an object, by identity (its buffer's address).
    func storageAddress(_ object: JSONObject) -> UnsafePointer<UInt8>? {
        object.storage.withUnsafeBufferPointer { $0.baseAddress }
    }

    /// A member written over storages that other stages' shared members gave (two flags of
    /// one length, so two buffers alike in size): each event reads and serialises as with
    /// `setRaw`, the events over one storage share one extension of it, and a later write to
    /// one of them changes no other.
    @Test func aMemberWrittenOverSharedStoragesSharesOneExtensionPerStorage() throws {
        var flags = SharedMembers()
        var rates = SharedMembers()
        var events: [JSONObject] = []
        var expected: [String] = []
        for k in 0..<6 {
            var event = try object(#"{"n":\#(k)}"#)
            let flag = k % 2 == 0 ? "trace_missing" : "trace_invalid"
            flags.set(FieldPath(key: FieldKey(flag)), json: Array("true".utf8), kind: .bool, in: &event)
            events.append(event)
            expected.append(#"{"n":\#(k),"\#(flag)":true,"sample_rate":1}"#)
        }
        for k in events.indices {
            rates.set(FieldPath(key: "sample_rate"), json: Array("1".utf8), kind: .number, in: &events[k])
        }
        #expect(events.map(text) == expected)
        #expect(events.map { $0.valueBytes(FieldPath(key: "sample_rate")) } == Array(repeating: Array("1".utf8), count: 6))
        #expect(storageAddress(events[0]) == storageAddress(events[2]) && storageAddress(events[2]) == storageAddress(events[4]))
        #expect(storageAddress(events[1]) == storageAddress(events[3]))
        #expect(storageAddress(events[0]) != storageAddress(events[1]))
        events[2].setString(FieldPath(key: "sample_rate"), "changed")
        events[2].setString(FieldPath(key: "note"), "added")
        #expect(text(events[2]) == #"{"n":2,"trace_missing":true,"sample_rate":"changed","note":"added"}"#)
        #expect(events.enumerated().filter { $0.offset != 2 }.map { text($0.element) } == expected.enumerated().filter { $0.offset != 2 }.map(\.element))
    }

    /// An object whose storage was shared and then written to (so its own since) gets the
    /// member appended as any other.
    @Test func aStorageWrittenAfterSharingTakesTheMemberAsItsOwn() throws {
        var flags = SharedMembers()
        var rates = SharedMembers()
        var (first, second) = try twoSharingAFlag(&flags)
        first.setString(FieldPath(key: "flag"), "own")
        rates.set(FieldPath(key: "sample_rate"), json: Array("1".utf8), kind: .number, in: &first)
        rates.set(FieldPath(key: "sample_rate"), json: Array("1".utf8), kind: .number, in: &second)
        #expect(text(first) == #"{"a":1,"flag":"own","sample_rate":1}"#)
        #expect(text(second) == #"{"b":2,"flag":true,"sample_rate":1}"#)
    }

    /// A value given whole: an object that has written nothing takes the bytes as its
    /// storage; one that has appends them; either reads, serialises and takes later members
    /// as when the value is written with `setValue(at:kind:write:)`.
    @Test func aValueGivenWholeIsTakenOrAppended() throws {
        let values: [(JSONKind, String)] = [(.string, #""plain""#), (.string, #""with \"quote\"""#), (.number, "12"), (.object, #"{"k":[1]}"#)]
        for (kind, json) in values {
            for writtenBefore in [false, true] {
                var given = try object(#"{"a":"x","b":2}"#)
                var written = try object(#"{"a":"x","b":2}"#)
                if writtenBefore {
                    given.setString(FieldPath(key: "c"), "before")
                    written.setString(FieldPath(key: "c"), "before")
                }
                given.setValue(at: 0, kind: kind, json: Array(json.utf8))
                written.setValue(at: 0, kind: kind) { $0.append(contentsOf: json.utf8) }
                given.setString(FieldPath(key: "after"), "y")
                written.setString(FieldPath(key: "after"), "y")
                #expect(text(given) == text(written), "\(json) \(writtenBefore)")
                #expect(given.string(FieldPath(key: "a")) == written.string(FieldPath(key: "a")), "\(json) \(writtenBefore)")
                #expect(given.fields[0].isValueEscaped == written.fields[0].isValueEscaped, "\(json) \(writtenBefore)")
            }
        }
    }
}
