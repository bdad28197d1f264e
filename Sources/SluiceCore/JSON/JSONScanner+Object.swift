extension JSONScanner {
    /// Validates `bytes` as exactly one JSON object (surrounding whitespace allowed) and calls
    /// `member` for each member in order, with the key's bytes as written (without quotes),
    /// whether the key holds escapes, the value's kind and its raw JSON bytes (strings with
    /// their quotes). Nested values are validated, not decoded; nothing is allocated.
    public static func forEachMember(
        ofObject bytes: UnsafeBufferPointer<UInt8>,
        _ member: (_ key: UnsafeBufferPointer<UInt8>, _ keyEscaped: Bool, _ kind: JSONKind, _ value: UnsafeBufferPointer<UInt8>) -> Void
    ) throws(JSONScanError) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { throw .empty }
        var c = Cursor(base: base, end: bytes.count)
        c.skipWhitespace()
        guard c.i < c.end else { throw .empty }
        guard base[c.i] == UInt8(ascii: "{") else { throw .syntax(offset: c.i) }
        try c.objectMembers(depth: 1) { keyStart, keyEnd, keyEscaped, valueStart, valueEnd, kind, _ in
            member(
                UnsafeBufferPointer(rebasing: bytes[Int(keyStart)..<Int(keyEnd)]), keyEscaped, kind,
                UnsafeBufferPointer(rebasing: bytes[Int(valueStart)..<Int(valueEnd)]))
        }
        c.skipWhitespace()
        if c.i != c.end { throw .syntax(offset: c.i) }
    }
}
