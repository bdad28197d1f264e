/// MAC addresses (EUI-48): six pairs of hex digits joined by colons (`00:1A:2B:3C:4D:5E`) or
/// dashes (`00-1A-2B-3C-4D-5E`), one separator throughout, or Cisco's three dotted groups of
/// four (`001a.2b3c.4d5e`). Either case.
///
/// Not taken: a longer run of such groups (`00:11:22:33:44:55:66`, an IPv6 address or an
/// EUI-64), the all-zero address `00:00:00:00:00:00` and the broadcast address
/// `ff:ff:ff:ff:ff:ff` (placeholders that identify no device), and a dotted form without a
/// hex letter (`2026.1124.0001` is a version or a build number).
enum MACAddressDetector {
    /// Cheap trigger at a hex digit: a second hex digit then `:` or `-`, or three then `.`.
    @inline(__always)
    static func mayStart(_ s: Bytes, at i: Int) -> Bool {
        guard s.isHex(i + 1) else { return false }
        let b = s.at(i + 2)
        if b == 0x3A || b == 0x2D { return s.isHex(i + 3) }
        return s.at(i + 4) == 0x2E && s.isHex(i + 2) && s.isHex(i + 3)
    }

    /// The address starting at `i`; returns its end.
    static func match(_ s: Bytes, at i: Int) -> Int? {
        let sep = s.at(i + 2)
        // Inside a longer run (`…:00:1a:2b:3c:4d:5e`).
        if s.at(i - 1) == (sep == 0x3A || sep == 0x2D ? sep : 0x2E) && s.isHex(i - 2) { return nil }
        var zero = true
        var ones = true
        var letter = false
        func take(_ k: Int) {
            let b = s[k] | 0x20
            if b != 0x30 { zero = false }
            if b != 0x66 { ones = false }
            if b >= 0x61 { letter = true }
        }
        let end: Int
        if sep == 0x3A || sep == 0x2D {
            for g in 0..<6 {
                let k = i + 3 * g
                guard s.isHex(k), s.isHex(k + 1), g == 5 || s.at(k + 2) == sep else { return nil }
                take(k)
                take(k + 1)
            }
            end = i + 17
            if s.at(end) == sep && s.isHex(end + 1) { return nil }
        } else {
            for g in 0..<3 {
                let k = i + 5 * g
                for m in 0..<4 {
                    guard s.isHex(k + m) else { return nil }
                    take(k + m)
                }
                guard g == 2 || s.at(k + 4) == 0x2E else { return nil }
            }
            end = i + 14
            if !letter || (s.at(end) == 0x2E && s.isAlnum(end + 1)) { return nil }
        }
        guard !s.isWord(end), !zero, !ones else { return nil }
        return end
    }
}
