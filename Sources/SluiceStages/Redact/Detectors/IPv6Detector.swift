/// IPv6 addresses per RFC 4291 text form: eight groups of 1–4 hex digits separated by `:`,
/// or fewer with one `::` compression, optionally ending in an embedded IPv4 address
/// (`::ffff:192.0.2.1`). At least two groups must be written out, so `::`, `::1` and C++'s
/// `a::b`-style names are left alone, as are times (`12:30:45`) and MAC addresses (six
/// groups, no `::`). A zone (`%eth0`) is not part of the match.
enum IPv6Detector {
    /// Cheap trigger: a run of at most four hex digits at `i` followed by `:`, or `::`.
    @inline(__always)
    static func mayStart(_ s: Bytes, at i: Int) -> Bool {
        if s.at(i) == 0x3A { return s.at(i + 1) == 0x3A }
        var j = i
        while j < s.n && j - i < 5 && s.isHex(j) { j += 1 }
        return j - i <= 4 && s.at(j) == 0x3A
    }

    /// The address starting at `i`, if there is one; returns its end.
    static func match(_ s: Bytes, at i: Int) -> Int? {
        var j = i
        var groups = 0
        var compressed = false
        if s.at(j) == 0x3A {
            guard s.at(j + 1) == 0x3A else { return nil }
            compressed = true
            j += 2
        }
        var end = j
        while groups < 8 {
            var k = j
            while k < s.n && k - j < 5 && s.isHex(k) { k += 1 }
            let count = k - j
            if count == 0 { break }
            if count > 4 { return nil }
            if s.at(k) == 0x2E && s.isDigit(k + 1) {
                // Embedded IPv4 in the last 32 bits.
                guard groups <= 6, let v4End = ipv4(s, at: j) else { return nil }
                groups += 2
                end = v4End
                break
            }
            // A dot not followed by a digit ends the sentence, not the address:
            // `from 2001:db8::1. Then`.
            groups += 1
            end = k
            j = k
            guard s.at(j) == 0x3A else { break }
            if s.at(j + 1) == 0x3A {
                if compressed { return nil }
                compressed = true
                j += 2
                end = j
            } else if s.isHex(j + 1) {
                j += 1
            } else {
                break
            }
        }
        if compressed ? groups > 7 : groups != 8 { return nil }
        guard groups >= 2 else { return nil }
        // Glued to more word characters or another colon group: not an address.
        if s.isWord(end) || (s.at(end) == 0x3A && s.isHex(end + 1)) { return nil }
        return end
    }

    /// Where to resume after no address was found at `i`: the end of the run of hex digits,
    /// `:` and `.` starting there when it holds `::`, else nil (scan on). A run such as
    /// `2001:db8::8a2e::7334` is not an address as a whole, so it is not searched for one
    /// inside either: masking `8a2e::7334` would leave `2001:db8::`, an address of its own
    /// the next pass would mask.
    static func failedRunEnd(_ s: Bytes, at i: Int) -> Int? {
        var j = i
        var double = false
        while j < s.n && (s.isHex(j) || s[j] == 0x3A || s[j] == 0x2E) {
            if s[j] == 0x3A && s.at(j + 1) == 0x3A { double = true }
            j += 1
        }
        return double ? j : nil
    }

    static func ipv4(_ s: Bytes, at i: Int) -> Int? {
        var j = i
        for part in 0..<4 {
            let start = j
            var v = 0
            while j < s.n && s[j] &- 0x30 < 10 && j - start < 4 {
                v = v * 10 + Int(s[j] &- 0x30)
                j += 1
            }
            let count = j - start
            guard count >= 1 && count <= 3 && v <= 255 && !(count > 1 && s[start] == 0x30) else { return nil }
            if part < 3 {
                guard s.at(j) == 0x2E else { return nil }
                j += 1
            }
        }
        return j
    }
}
