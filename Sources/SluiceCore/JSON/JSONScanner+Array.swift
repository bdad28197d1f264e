extension JSONScanner {
    /// Validates `bytes` as exactly one JSON array (surrounding whitespace allowed) and calls
    /// `element` for each of its elements in order, with the element's kind and raw JSON bytes
    /// (strings with their quotes). Nested values are validated, not decoded; nothing is
    /// allocated.
    public static func forEachElement(
        ofArray bytes: UnsafeBufferPointer<UInt8>,
        _ element: (JSONKind, UnsafeBufferPointer<UInt8>) -> Void
    ) throws(JSONScanError) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { throw .empty }
        var c = Cursor(base: base, end: bytes.count)
        c.skipWhitespace()
        guard c.i < c.end else { throw .empty }
        guard base[c.i] == UInt8(ascii: "[") else { throw .syntax(offset: c.i) }
        c.i += 1
        c.skipWhitespace()
        guard c.i < c.end else { throw .truncated }
        if base[c.i] == UInt8(ascii: "]") {
            c.i += 1
        } else {
            while true {
                guard c.i < c.end else { throw .truncated }
                let start = c.i
                let (kind, _) = try c.value(depth: 1)
                element(kind, UnsafeBufferPointer(rebasing: bytes[start..<c.i]))
                c.skipWhitespace()
                guard c.i < c.end else { throw .truncated }
                let b = base[c.i]
                c.i += 1
                if b == UInt8(ascii: ",") {
                    c.skipWhitespace()
                    continue
                }
                if b == UInt8(ascii: "]") { break }
                throw .syntax(offset: c.i - 1)
            }
        }
        c.skipWhitespace()
        if c.i != c.end { throw .syntax(offset: c.i) }
    }
}
