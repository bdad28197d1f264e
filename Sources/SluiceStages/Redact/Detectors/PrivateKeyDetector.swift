/// PEM private-key blocks: from `-----BEGIN … PRIVATE KEY-----` (RSA, EC, DSA, OPENSSH,
/// ENCRYPTED, PGP … BLOCK) to the matching `-----END …-----`, or to the end of the string
/// when the block was cut off. Public keys and certificates are not matched.
enum PrivateKeyDetector {
    /// The block starting at `i` (which holds `-`), if it is a private key; returns its end.
    static func match(_ s: Bytes, at i: Int) -> Int? {
        guard s.hasPrefix("-----BEGIN ", at: i) else { return nil }
        // The BEGIN line: up to the next "-----".
        var j = i + 11
        var labelEnd = -1
        while j + 5 <= s.n && j - i < 80 {
            if s.hasPrefix("-----", at: j) {
                labelEnd = j
                break
            }
            j += 1
        }
        guard labelEnd > 0 else { return nil }
        var isPrivate = false
        var k = i + 11
        while k + 7 <= labelEnd {
            if s.hasPrefix("PRIVATE", at: k) { isPrivate = true; break }
            k += 1
        }
        guard isPrivate else { return nil }
        var m = labelEnd + 5
        while m + 8 <= s.n {
            if s.hasPrefix("-----END", at: m) {
                var e = m + 8
                while e < s.n && !s.hasPrefix("-----", at: e) && e - m < 80 { e += 1 }
                return s.hasPrefix("-----", at: e) ? e + 5 : s.n
            }
            m += 1
        }
        return s.n
    }
}
