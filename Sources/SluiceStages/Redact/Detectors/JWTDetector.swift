/// JSON Web Tokens: a base64url header starting `eyJ` (the encoding of `{"`), a dot, a
/// base64url payload of at least ten characters, and optionally a dot and a signature
/// (`alg: none` tokens have an empty one; JWE tokens have more parts, all taken).
enum JWTDetector {
    @inline(__always)
    static func isBase64URL(_ b: UInt8) -> Bool {
        ByteClass.table[Int(b)] & ByteClass.word != 0 || b == 0x2D
    }

    /// The token starting at `i` (which holds `e`), if there is one; returns its end.
    static func match(_ s: Bytes, at i: Int) -> Int? {
        guard s.at(i + 1) == UInt8(ascii: "y"), s.at(i + 2) == UInt8(ascii: "J") else { return nil }
        let headerEnd = s.runEnd(from: i, isBase64URL)
        guard headerEnd - i >= 10, s.at(headerEnd) == 0x2E else { return nil }
        let payloadEnd = s.runEnd(from: headerEnd + 1, isBase64URL)
        guard payloadEnd - headerEnd - 1 >= 10 else { return nil }
        var end = payloadEnd
        var parts = 2
        while s.at(end) == 0x2E && parts < 5 {
            let next = s.runEnd(from: end + 1, isBase64URL)
            end = next
            parts += 1
        }
        return end
    }
}
