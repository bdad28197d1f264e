/// A top-level member that a stage writes into many events with the same value (`sample`'s
/// `sample_rate: 1`): its value and key bytes prepared once, in one buffer that an event
/// takes as its storage when it has none yet (copy on write: a later write of the event's
/// own copies it first).
///
/// Why: written with ``JSONObject/setRaw(_:json:kind:)``, each event allocated its storage
/// for this one member, and the output thread freed it: `setMember` was 860 instructions a
/// line in `sample`, most of the stage (callgrind, the bench's trace pipeline). A stage
/// prepares its members per batch, so the events of one batch share a buffer that the next
/// batch's events do not: the worker's retains and the output's releases of one buffer do
/// not contend for its reference count.
public struct SharedMember: Sendable {
    /// The member's key.
    public let key: FieldKey
    let kind: JSONKind
    /// The value's JSON, then the key as written in JSON (escaped).
    let bytes: [UInt8]
    let valueEnd: Int32
    let valueEscaped: Bool
    let keyEscaped: Bool

    /// `key` set to `json`, valid JSON of `kind`.
    public init(key: FieldKey, json: some Collection<UInt8>, kind: JSONKind) {
        var bytes = Array(json)
        let valueEnd = Int32(bytes.count)
        valueEscaped = kind == .string && bytes.contains(UInt8(ascii: "\\"))
        if key.needsEscaping {
            key.bytes.withUnsafeBufferPointer { JSONStringCodec.appendEscaped($0, to: &bytes) }
        } else {
            bytes.append(contentsOf: key.bytes)
        }
        keyEscaped = key.needsEscaping && bytes[Int(valueEnd)...].contains(UInt8(ascii: "\\"))
        self.key = key
        self.kind = kind
        self.bytes = bytes
        self.valueEnd = valueEnd
    }

    /// The value's JSON.
    public var json: ArraySlice<UInt8> { bytes[..<Int(valueEnd)] }

    /// Whether the value's JSON is `json`.
    func hasValue(_ json: [UInt8]) -> Bool {
        json.count == Int(valueEnd) && self.json == json[...]
    }

}

extension JSONObject {
    /// Sets the top-level member `member.key` to its value, as ``setRaw(_:json:kind:)`` on a
    /// plain key does: an existing member (the last of that name) is replaced in place,
    /// otherwise the member is appended. An object that has written nothing yet shares the
    /// member's buffer instead of allocating its own.
    public mutating func setMember(_ member: SharedMember) {
        var extensions = SharedExtensions()
        setMember(member, extending: &extensions)
    }

    /// ``setMember(_:)``, where an object whose storage is shared with other events (another
    /// stage's member) takes the extension of that storage by `member` that `extensions`
    /// made for an earlier event, instead of copying the storage for itself.
    mutating func setMember(_ member: SharedMember, extending extensions: inout SharedExtensions) {
        if let i = index(of: member.key) {
            setValue(at: i, kind: member.kind) { $0.append(contentsOf: member.json) }
            return
        }
        isModified = true
        let base = Int32(storage.count)
        if storage.capacity == 0 {
            storage = member.bytes
            storageIsShared = true
        } else if storageIsShared {
            // Appending would copy the shared buffer for this event alone.
            storage = extensions.extended(storage, by: member)
        } else {
            storage.append(contentsOf: member.bytes)
        }
        names |= MemberNameFilter.bit(member.key)
        fields.append(Field(
            keyStart: base + member.valueEnd, keyEnd: base + Int32(member.bytes.count),
            valueStart: base, valueEnd: base + member.valueEnd, kind: member.kind,
            keyEscaped: member.keyEscaped, valueEscaped: member.valueEscaped, keyInStorage: true, valueInStorage: true))
    }
}

/// Shared storages extended by a shared member, kept for the events of one batch: when the
/// `trace` stage has given a batch's events without trace ids one shared `trace_missing`
/// buffer, `sample` gives them one shared buffer holding that flag and `sample_rate`, instead
/// of each copying the flag's buffer to append its rate.
///
/// Why: those copies were a third of the allocations that trace, redact and sample add to
/// parsing (13,352 of 47,508 for the bench's 50,000 lines, callgrind), each freed by the
/// output thread: in a live run, malloc's arena lock was contended between the two threads.
///
/// Found by identity: an entry holds its source buffer and its member's, so while it exists no
/// other buffer can have their addresses, and a buffer shared by two holders is never written
/// in place (copy on write): same address and count, same bytes.
struct SharedExtensions {
    private struct Entry {
        let source: [UInt8]
        let member: [UInt8]
        let extended: [UInt8]
    }

    /// A stage writes a member or two per batch, over one or two shared storages.
    static let limit = 8
    private var entries: [Entry] = []

    /// `source` followed by `member`'s bytes: an earlier event's buffer when it had the same
    /// source storage, else a new one, remembered for the next.
    mutating func extended(_ source: [UInt8], by member: SharedMember) -> [UInt8] {
        for entry in entries where Self.same(entry.source, source) && Self.same(entry.member, member.bytes) {
            return entry.extended
        }
        var extended = [UInt8]()
        extended.reserveCapacity(source.count + member.bytes.count)
        extended.append(contentsOf: source)
        extended.append(contentsOf: member.bytes)
        if entries.count == Self.limit { entries.removeFirst() }
        entries.append(Entry(source: source, member: member.bytes, extended: extended))
        return extended
    }

    /// Whether `a` and `b` are one buffer.
    @inline(__always)
    private static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress } }
    }
}

/// The constant members a stage writes in one batch, each prepared on its first use and then
/// shared by every event it is written to (see ``SharedMember``). A stage makes one per
/// batch, so no two batches share a buffer.
public struct SharedMembers {
    private var members: [SharedMember] = []
    private var extensions = SharedExtensions()

    public init() {}

    /// Sets `path` in `fields` to `json` (valid JSON of `kind`), as
    /// ``JSONObject/setRaw(_:json:kind:)`` does.
    public mutating func set(_ path: FieldPath, json: [UInt8], kind: JSONKind, in fields: inout JSONObject) {
        guard let member = member(path, json: json, kind: kind) else { return fields.setRaw(path, json: json, kind: kind) }
        write(member, into: &fields)
    }

    /// Sets `member` in `fields` (``JSONObject/setMember(_:)``), sharing with the batch's
    /// other events the storage that `member` extends (see ``SharedExtensions``).
    public mutating func write(_ member: SharedMember, into fields: inout JSONObject) {
        fields.setMember(member, extending: &extensions)
    }

    /// The member setting `path` to `json`, prepared on its first use; nil for a nested
    /// path (written with ``JSONObject/setRaw(_:json:kind:)``). A stage writing one member
    /// into every event of a batch takes it once and calls ``JSONObject/setMember(_:)``.
    public mutating func member(_ path: FieldPath, json: [UInt8], kind: JSONKind) -> SharedMember? {
        guard !path.isNested else { return nil }
        // By index and over the bytes: iterating copied each member (retains, releases), and
        // `elementsEqual` compared its value a byte at a time through the collections (120
        // instructions an event for the trace stage's flag, callgrind).
        for k in members.indices where members[k].kind == kind && members[k].key.bytes == path.literal.bytes && members[k].hasValue(json) {
            return members[k]
        }
        let member = SharedMember(key: path.literal, json: json, kind: kind)
        members.append(member)
        return member
    }
}
