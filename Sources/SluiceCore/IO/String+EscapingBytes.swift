extension String {
    /// The string with each byte that `escapes` lists (ASCII) replaced by its escape; the
    /// string itself when it holds none.
    ///
    /// Byte by byte, not by `Character`: a `\r\n` is one `Character`, and a replacement by
    /// characters left its newline in place (a Prometheus sample or a record cut in two).
    public func escapingBytes(_ escapes: [(byte: UInt8, escape: StaticString)]) -> String {
        let bytes = utf8
        guard bytes.contains(where: { b in escapes.contains { $0.byte == b } }) else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        for b in bytes {
            if let escape = escapes.first(where: { $0.byte == b })?.escape {
                out.append(contentsOf: UnsafeBufferPointer(start: escape.utf8Start, count: escape.utf8CodeUnitCount))
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
