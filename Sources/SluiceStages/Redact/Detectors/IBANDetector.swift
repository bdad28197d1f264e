/// International Bank Account Numbers: a country code, two check digits and the account
/// part, written solid (`DE89370400440532013000`) or in groups of four separated by single
/// spaces (`DE89 3704 0044 0532 0130 00`). Matched only when the length is the country's
/// IBAN length (or 15–34 for a country not in the table) and the ISO 7064 mod-97 check
/// gives 1.
enum IBANDetector {
    static let lengths: [UInt16: Int] = {
        let table: [(String, Int)] = [
            ("AD", 24), ("AE", 23), ("AL", 28), ("AT", 20), ("AZ", 28), ("BA", 20), ("BE", 16), ("BG", 22),
            ("BH", 22), ("BR", 29), ("BY", 28), ("CH", 21), ("CR", 22), ("CY", 28), ("CZ", 24), ("DE", 22),
            ("DK", 18), ("DO", 28), ("EE", 20), ("EG", 29), ("ES", 24), ("FI", 18), ("FO", 18), ("FR", 27),
            ("GB", 22), ("GE", 22), ("GI", 23), ("GL", 18), ("GR", 27), ("GT", 28), ("HR", 21), ("HU", 28),
            ("IE", 22), ("IL", 23), ("IQ", 23), ("IS", 26), ("IT", 27), ("JO", 30), ("KW", 30), ("KZ", 20),
            ("LB", 28), ("LC", 32), ("LI", 21), ("LT", 20), ("LU", 20), ("LV", 21), ("MC", 27), ("MD", 24),
            ("ME", 22), ("MK", 19), ("MR", 27), ("MT", 31), ("MU", 30), ("NL", 18), ("NO", 15), ("PK", 24),
            ("PL", 28), ("PS", 29), ("PT", 25), ("QA", 29), ("RO", 24), ("RS", 22), ("SA", 24), ("SC", 31),
            ("SE", 24), ("SI", 19), ("SK", 24), ("SM", 27), ("ST", 25), ("SV", 28), ("TL", 23), ("TN", 24),
            ("TR", 26), ("UA", 29), ("VA", 22), ("VG", 24), ("XK", 20),
        ]
        var out: [UInt16: Int] = [:]
        for (code, length) in table {
            let u = Array(code.utf8)
            out[UInt16(u[0]) << 8 | UInt16(u[1])] = length
        }
        return out
    }()

    /// Cheap trigger: two capital letters then two digits.
    @inline(__always)
    static func mayStart(_ s: Bytes, at i: Int) -> Bool {
        s.isUpper(i) && s.isUpper(i + 1) && s.isDigit(i + 2) && s.isDigit(i + 3)
    }

    /// The IBAN starting at `i`, if there is one; returns its end.
    static func match(_ s: Bytes, at i: Int) -> Int? {
        let expected = lengths[UInt16(s[i]) << 8 | UInt16(s[i + 1])]
        let maxLength = expected ?? 34
        var chars: (count: Int, remainder: Int) = (0, 0)
        var j = i
        var groupLength = 0
        var end = i
        // Characters 5… first, then the first four (the rearrangement of ISO 13616).
        while j < s.n && chars.count < maxLength {
            let c = s.cls(j)
            if c & (ByteClass.upper | ByteClass.digit) != 0 {
                if chars.count >= 4 { chars.remainder = mod97(chars.remainder, s[j]) }
                chars.count += 1
                groupLength += 1
                j += 1
                end = j
            } else if s[j] == 0x20 && groupLength == 4 && s.cls(j + 1) & (ByteClass.upper | ByteClass.digit) != 0 {
                groupLength = 0
                j += 1
            } else {
                break
            }
        }
        if let expected {
            guard chars.count == expected else { return nil }
        } else {
            guard chars.count >= 15 else { return nil }
        }
        if s.isWord(end) { return nil }
        var r = chars.remainder
        for k in 0..<4 { r = mod97(r, s[i + k]) }
        return r == 1 ? end : nil
    }

    @inline(__always)
    static func mod97(_ r: Int, _ b: UInt8) -> Int {
        if b &- 0x30 < 10 { return (r * 10 + Int(b &- 0x30)) % 97 }
        return (r * 100 + Int(b &- 0x41) + 10) % 97
    }
}
