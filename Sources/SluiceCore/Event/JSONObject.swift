/// A JSON object as the hot path sees it: the source bytes, an index of its top-level
/// members, and a small storage for bytes that stages write.
///
/// Reading a member never decodes the line into `String`s; writing one appends to
/// `storage` and repoints the member. Serialising copies untouched bytes as they were.
public struct JSONObject: Sendable {
    /// The bytes the object was scanned from (for an event: the line as read).
    public internal(set) var source: ArraySlice<UInt8>
    /// Top-level members in order.
    public internal(set) var fields: [Field]
    /// Bytes of keys and values written since scanning.
    @usableFromInline var storage: [UInt8]
    /// True once any member changed; an unmodified object serialises as its source bytes.
    public internal(set) var isModified: Bool
    /// True when `storage` may be shared with other objects (a ``SharedMember``'s buffer):
    /// appending to it would copy it (see ``SharedExtensions``). A stale true costs that copy
    /// only.
    var storageIsShared: Bool
    /// How many leading members are exactly as scanned, in their places: serialisation copies
    /// their bytes from the source in one piece (new members are usually appended).
    var intactPrefix: Int
    /// The ``MemberNameFilter`` bits of the members' names (and of names removed since): a
    /// name whose bit is clear is no member's.
    var names: UInt64

    /// An empty object (`{}`).
    public init() {
        source = []
        fields = []
        storage = []
        isModified = true
        storageIsShared = false
        intactPrefix = 0
        names = 0
    }

    /// Scans `source` as a JSON object.
    public init(parsing source: ArraySlice<UInt8>) throws(JSONScanError) {
        self.source = source
        self.storage = []
        self.isModified = false
        self.storageIsShared = false
        var fields: [Field] = []
        fields.reserveCapacity(16)
        var names: UInt64 = 0
        try source.withUnsafeBufferPointer { (p) throws(JSONScanError) in
            try JSONScanner.scanObject(p, into: &fields, names: &names)
        }
        self.fields = fields
        self.names = names
        self.intactPrefix = fields.count
    }

    /// Number of top-level members.
    public var count: Int { fields.count }

    // MARK: Byte access

    /// Calls `body` with the source and storage buffers.
    @inlinable
    func withBuffers<R>(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try source.withUnsafeBufferPointer { src in
            try storage.withUnsafeBufferPointer { st in try body(src, st) }
        }
    }

    @inlinable
    static func keyBytes(_ f: Field, _ src: UnsafeBufferPointer<UInt8>, _ st: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        // From the field's bounds, which the scanner and the writers set within their
        // buffer: no range to build and check for every member of every walk.
        let base = f.isKeyInStorage ? st : src
        return UnsafeBufferPointer(start: base.baseAddress.map { $0 + Int(f.keyStart) }, count: Int(f.keyEnd &- f.keyStart))
    }

    @inlinable
    static func valueBytes(_ f: Field, _ src: UnsafeBufferPointer<UInt8>, _ st: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        let base = f.isValueInStorage ? st : src
        return UnsafeBufferPointer(start: base.baseAddress.map { $0 + Int(f.valueStart) }, count: Int(f.valueEnd &- f.valueStart))
    }

    // MARK: Lookup

    /// The index of the member named `key` (the last one when a key repeats, as most JSON
    /// parsers resolve duplicates), or nil.
    public func index(of key: FieldKey) -> Int? {
        key.bytes.withUnsafeBufferPointer { want in
            // No member has this name's bit: none is this name (most often, a name to add).
            guard names & MemberNameFilter.bit(want.baseAddress, want.count) != 0 else { return nil }
            return withBuffers { src, st in Self.index(of: want, in: fields, src, st) }
        }
    }

    static func index(
        of want: UnsafeBufferPointer<UInt8>, in fields: [Field],
        _ src: UnsafeBufferPointer<UInt8>, _ st: UnsafeBufferPointer<UInt8>
    ) -> Int? {
        // Most members differ in length, the rest mostly in their first bytes: one word
        // (FieldKeySet.head) compared before any byte comparison.
        let length = want.count
        let head = FieldKeySet.head(want.baseAddress, length)
        // Most members are told apart by the length of their name alone: that one compare
        // (no overflow check) comes first, the escapes' flag only after it.
        let length32 = Int32(truncatingIfNeeded: length)
        return fields.withUnsafeBufferPointer { fields -> Int? in
            var i = fields.count - 1
            while i >= 0 {
                let f = fields[i]
                if f.keyEnd &- f.keyStart == length32 || f.isKeyEscaped {
                    if f.isKeyEscaped {
                        if Self.keyMatches(f, want, src, st) { return i }
                    } else if FieldKeySet.head(Self.keyBytes(f, src, st).baseAddress, length) == head,
                        length <= 8 || Self.keyMatches(f, want, src, st)
                    {
                        return i
                    }
                }
                i -= 1
            }
            return nil
        }
    }

    @inline(__always)
    static func keyMatches(
        _ f: Field, _ want: UnsafeBufferPointer<UInt8>,
        _ src: UnsafeBufferPointer<UInt8>, _ st: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        let key = keyBytes(f, src, st)
        if !f.isKeyEscaped {
            return key.count == want.count
                && (want.count == 0 || memoryEqual(key.baseAddress!, want.baseAddress!, want.count))
        }
        var decoded: [UInt8] = []
        JSONStringCodec.decode(key, into: &decoded)
        return decoded.elementsEqual(want)
    }

    @inline(__always)
    static func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var k = 0
        while k + 8 <= n {
            if UnsafeRawPointer(a + k).loadUnaligned(as: UInt64.self)
                != UnsafeRawPointer(b + k).loadUnaligned(as: UInt64.self)
            {
                return false
            }
            k += 8
        }
        while k < n {
            if a[k] != b[k] { return false }
            k += 1
        }
        return true
    }

    /// Calls `body` with the kind and raw JSON bytes of member `index` (strings with quotes).
    public func withValue<R>(at index: Int, _ body: (JSONKind, UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let f = fields[index]
        return try withBuffers { src, st in try body(f.kind, Self.valueBytes(f, src, st)) }
    }

    /// Calls `body` for every member in order with its index, its key bytes as they appear in
    /// JSON, whether the key holds escapes, the value's kind and its raw JSON bytes — one
    /// buffer access for the whole object, for stages that look at every member. Inlinable:
    /// called across modules, it called its closure through a context per member, half the
    /// cost of the redact stage's walk over members that need nothing (callgrind).
    @inlinable
    public func forEachMember(
        _ body: (Int, UnsafeBufferPointer<UInt8>, Bool, JSONKind, UnsafeBufferPointer<UInt8>) throws -> Void
    ) rethrows {
        try withBuffers { src, st in
            for i in fields.indices {
                let f = fields[i]
                try body(i, Self.keyBytes(f, src, st), f.isKeyEscaped, f.kind, Self.valueBytes(f, src, st))
            }
        }
    }

    /// Calls `body` with the key bytes of member `index` as they appear in JSON (escaped).
    public func withKey<R>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let f = fields[index]
        return try withBuffers { src, st in try body(Self.keyBytes(f, src, st)) }
    }

    /// The decoded name of member `index`.
    public func key(at index: Int) -> String {
        var out: [UInt8] = []
        withKey(at: index) { JSONStringCodec.decode($0, into: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Calls `body` with the kind and raw JSON bytes of the value at `path`, reaching into
    /// nested objects; nil when there is no such value.
    public func withValue<R>(_ path: FieldPath, _ body: (JSONKind, UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        if let i = index(of: path.literal) { return try withValue(at: i, body) }
        guard path.isNested, let top = index(of: path.segments[0]) else { return nil }
        return try withValue(at: top) { kind, bytes in
            try Self.nestedValue(kind, bytes, path.segments.dropFirst(), body)
        } ?? nil
    }

    static func nestedValue<R>(
        _ kind: JSONKind, _ bytes: UnsafeBufferPointer<UInt8>, _ rest: ArraySlice<FieldKey>,
        _ body: (JSONKind, UnsafeBufferPointer<UInt8>) throws -> R
    ) rethrows -> R? {
        guard let key = rest.first else { return try body(kind, bytes) }
        guard kind == .object, let base = bytes.baseAddress else { return nil }
        // Scan the members without collecting them (no allocation); the last one named `key`
        // wins, as at the top level.
        var found: Field?
        let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        var cursor = Cursor(base: base, end: bytes.count)
        cursor.skipWhitespace()
        guard cursor.i < cursor.end, base[cursor.i] == UInt8(ascii: "{") else { return nil }
        let scanned: Void? = key.bytes.withUnsafeBufferPointer { want in
            try? cursor.objectMembers(depth: 0) { keyStart, keyEnd, keyEscaped, vStart, vEnd, kind, vEscaped in
                let f = Field(
                    keyStart: keyStart, keyEnd: keyEnd, valueStart: vStart, valueEnd: vEnd,
                    kind: kind, keyEscaped: keyEscaped, valueEscaped: vEscaped)
                if keyMatches(f, want, bytes, empty) { found = f }
            }
        }
        guard scanned != nil, let f = found else { return nil }
        let value = UnsafeBufferPointer(rebasing: bytes[Int(f.valueStart)..<Int(f.valueEnd)])
        return try nestedValue(f.kind, value, rest.dropFirst(), body)
    }

    /// True when a value exists at `path`.
    public func contains(_ path: FieldPath) -> Bool {
        withValue(path) { _, _ in true } ?? false
    }

    /// The kind of the value at `path`.
    public func kind(of path: FieldPath) -> JSONKind? {
        withValue(path) { kind, _ in kind }
    }

    /// The value at `path` as decoded UTF-8 bytes when it is a string, raw JSON otherwise.
    public func valueBytes(_ path: FieldPath) -> [UInt8]? {
        withValue(path) { kind, raw -> [UInt8] in
            guard kind == .string else { return Array(raw) }
            var out: [UInt8] = []
            out.reserveCapacity(raw.count)
            JSONStringCodec.decode(UnsafeBufferPointer(rebasing: raw.dropFirst().dropLast()), into: &out)
            return out
        }
    }

    /// The value at `path` as a `String` (decoded for strings, raw JSON text otherwise).
    /// Convenient off the hot path; stages use ``withValue(_:_:)``.
    public func string(_ path: FieldPath) -> String? {
        valueBytes(path).map { String(decoding: $0, as: UTF8.self) }
    }
}
