/// UK National Insurance numbers: two prefix letters, six digits and a suffix `A`–`D`,
/// solid (`AB123456C`) or spaced in pairs (`AB 12 34 56 C`). The prefix letters follow
/// HMRC's allocation: the first is not `D F I Q U V`, the second not `D F I O Q U V`, and
/// `BG GB KN NK NT TN ZZ` are never issued. Capital letters only; there is no check digit, so
/// a number without its suffix (`AB123456`) is not taken.
enum UKNINODetector {
    /// Cheap trigger: two capitals then a digit, or a space and a digit.
    @inline(__always)
    static func mayStart(_ s: Bytes, at i: Int) -> Bool {
        s.isDigit(i + 2) || (s.at(i + 2) == 0x20 && s.isDigit(i + 3))
    }

    /// The number starting at `i` (two capitals, checked by the caller); returns its end.
    static func match(_ s: Bytes, at i: Int) -> Int? {
        let first = s[i], second = s[i + 1]
        guard validPrefix(first, second) else { return nil }
        let spaced = s.at(i + 2) == 0x20
        var j = i + 2
        for _ in 0..<3 {
            if spaced {
                guard s.at(j) == 0x20 else { return nil }
                j += 1
            }
            guard s.isDigit(j), s.isDigit(j + 1) else { return nil }
            j += 2
        }
        if spaced {
            guard s.at(j) == 0x20 else { return nil }
            j += 1
        }
        let suffix = s.at(j)
        guard suffix &- 0x41 < 4, !s.isWord(j + 1) else { return nil }
        return j + 1
    }

    static func validPrefix(_ a: UInt8, _ b: UInt8) -> Bool {
        switch a {
        case UInt8(ascii: "D"), UInt8(ascii: "F"), UInt8(ascii: "I"), UInt8(ascii: "Q"), UInt8(ascii: "U"), UInt8(ascii: "V"): return false
        default: break
        }
        switch b {
        case UInt8(ascii: "D"), UInt8(ascii: "F"), UInt8(ascii: "I"), UInt8(ascii: "O"), UInt8(ascii: "Q"), UInt8(ascii: "U"), UInt8(ascii: "V"): return false
        default: break
        }
        let pair = UInt16(a) << 8 | UInt16(b)
        return !excluded.contains(pair)
    }

    /// `BG GB KN NK NT TN ZZ`, two letters each as one number.
    static let excluded: [UInt16] = ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].map { code in
        let u = Array(code.utf8)
        return UInt16(u[0]) << 8 | UInt16(u[1])
    }
}
