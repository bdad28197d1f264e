/// One member of a JSON object: where its key and value bytes are and what kind the value is.
///
/// Offsets point either into the object's source bytes (the line as read) or, once a stage has
/// written the member, into the object's own storage. Untouched members keep pointing at the
/// source, which is what makes serialisation byte-exact and cheap.
public struct Field: Sendable, Equatable {
    @usableFromInline var keyStart: Int32
    @usableFromInline var keyEnd: Int32
    @usableFromInline var valueStart: Int32
    @usableFromInline var valueEnd: Int32
    /// The kind of the value.
    public internal(set) var kind: JSONKind
    @usableFromInline var bits: UInt8

    @usableFromInline static let keyInStorage: UInt8 = 1
    @usableFromInline static let valueInStorage: UInt8 = 2
    @usableFromInline static let keyEscapedBit: UInt8 = 4
    @usableFromInline static let valueEscapedBit: UInt8 = 8

    init(
        keyStart: Int32, keyEnd: Int32, valueStart: Int32, valueEnd: Int32, kind: JSONKind,
        keyEscaped: Bool, valueEscaped: Bool, keyInStorage: Bool = false, valueInStorage: Bool = false
    ) {
        self.keyStart = keyStart
        self.keyEnd = keyEnd
        self.valueStart = valueStart
        self.valueEnd = valueEnd
        self.kind = kind
        var bits: UInt8 = 0
        if keyEscaped { bits |= Field.keyEscapedBit }
        if valueEscaped { bits |= Field.valueEscapedBit }
        if keyInStorage { bits |= Field.keyInStorage }
        if valueInStorage { bits |= Field.valueInStorage }
        self.bits = bits
    }

    @inlinable var isKeyInStorage: Bool { bits & Field.keyInStorage != 0 }
    @inlinable var isValueInStorage: Bool { bits & Field.valueInStorage != 0 }
    @inlinable var isKeyEscaped: Bool { bits & Field.keyEscapedBit != 0 }
    /// True when the value is a string holding backslash escapes.
    @inlinable public var isValueEscaped: Bool { bits & Field.valueEscapedBit != 0 }
}

/// A field name as UTF-8 bytes, prepared once (from config) and compared byte-wise on the
/// hot path.
public struct FieldKey: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The unescaped UTF-8 bytes of the name.
    public let bytes: [UInt8]
    /// False when the name is written in JSON as its bytes are (printable ASCII but `"` and
    /// `\\`): a stage adding the member copies them as they are.
    public let needsEscaping: Bool

    public init(_ name: String) { self.init(bytes: Array(name.utf8)) }
    public init(stringLiteral value: String) { self.init(value) }
    public init(bytes: [UInt8]) {
        self.bytes = bytes
        needsEscaping = bytes.contains { $0 < 0x20 || $0 >= 0x80 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
    }

    public static func == (a: FieldKey, b: FieldKey) -> Bool { a.bytes == b.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }

    public var description: String { String(decoding: bytes, as: UTF8.self) }
}

/// A path to a field: `level`, `user.email`, or Logstash style `[user][email]`.
///
/// Lookups try the whole dotted name as one top-level key first (producers do write keys
/// such as `"trace.id"`), then walk nested objects segment by segment.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    /// The nested segments.
    public let segments: [FieldKey]
    /// The path as written, used as a literal top-level key for dotted names.
    public let literal: FieldKey

    /// Parses `path`; returns nil for an empty path or an empty segment.
    public init?(_ path: String) {
        var segments: [FieldKey] = []
        if path.hasPrefix("[") {
            guard path.hasSuffix("]") else { return nil }
            let inner = path.dropFirst().dropLast()
            for part in inner.split(separator: "][", omittingEmptySubsequences: false) {
                if part.isEmpty || part.contains("[") || part.contains("]") { return nil }
                segments.append(FieldKey(String(part)))
            }
        } else {
            // Split on the byte: a `.` followed by a combining mark is one `Character`, which
            // `String.split` would not split (`a.\u{301}b` is the path `a` → `\u{301}b`).
            for part in path.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
                if part.isEmpty { return nil }
                segments.append(FieldKey(bytes: Array(part)))
            }
        }
        guard !segments.isEmpty else { return nil }
        self.segments = segments
        self.literal = segments.count == 1 ? segments[0] : FieldKey(path.hasPrefix("[") ? segments.map(\.description).joined(separator: ".") : path)
    }

    /// A single-segment path.
    public init(key: FieldKey) {
        segments = [key]
        literal = key
    }

    public var isNested: Bool { segments.count > 1 }
    public var description: String { literal.description }
}
