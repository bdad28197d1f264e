/// French social security numbers (NIR, numéro de sécurité sociale): fifteen characters —
/// sex (1–4, 7, 8), year, month (01–12, or 20–42 and 50–99 for an unknown month), department
/// (two digits, or `2A`/`2B` for Corsica), commune, order, and a key equal to
/// 97 − (the first thirteen as a number mod 97), `2A` counting as 19 and `2B` as 18.
///
/// Written spaced `1 85 05 78 006 084 36` (1-2-2-2-3-3-2), with only the key apart
/// (`1850578006084 36`), or solid; fifteen digits in a row only right after `NIR`, `INSEE`,
/// `sécurité sociale`/`securite sociale`/`sécu` or `social security`, or in a member whose
/// key says so. A solid Corsican number (`253072B07300470`) needs no word.
enum FranceNIRDetector {
    static let keywords: KeywordList = ["nir", "insee", "sécurité sociale", "securite sociale", "sécu", "secu", "social security", "social_security"]

    /// Cheap trigger at a digit run `i..<j`: the first group of a spaced number, a run up to
    /// `2A`/`2B`, or a run of thirteen or fifteen digits.
    @inline(__always)
    static func mayStart(_ s: Bytes, at i: Int, runEnd j: Int) -> Bool {
        switch j - i {
        case 1: return s.at(j) == 0x20 && s.isDigit(j + 1) && s.isDigit(j + 2) && s.at(j + 3) == 0x20
        case 6: return s[j - 1] == 0x32 && (s.at(j) == 0x41 || s.at(j) == 0x42)
        case 13: return s.at(j) == 0x20
        case 15: return true
        default: return false
        }
    }

    /// The number starting at `i` (a digit at a word start); returns its end.
    static func match(_ s: Bytes, at i: Int, context: TextScanner.Context) -> Int? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 15) { v -> Int? in
            guard let v = v.baseAddress else { return nil }
            var count = 0
            var spaces = 0
            var spaceBeforeKey = false
            var corsica = false
            var j = i
            while j < s.n && count < 15 {
                let b = s[j]
                if b &- 0x30 < 10 {
                    v[count] = b &- 0x30
                    count += 1
                    j += 1
                } else if count == 6 && v[5] == 2 && (b == 0x41 || b == 0x42) {
                    // 2A counts as 19, 2B as 18.
                    v[5] = 1
                    v[6] = b == 0x41 ? 9 : 8
                    corsica = true
                    count += 1
                    j += 1
                } else if b == 0x20 && s.isDigit(j + 1) && (count == 1 || count == 3 || count == 5 || count == 7 || count == 10 || count == 13) {
                    spaces += 1
                    if count == 13 { spaceBeforeKey = true }
                    j += 1
                } else {
                    break
                }
            }
            guard count == 15, !s.isWord(j), spaces == 6 || spaces == 0 || (spaces == 1 && spaceBeforeKey), isValid(v) else { return nil }
            if spaces == 0 && !corsica && !(s.windowHasWord(before: i, window: 32, keywords) || context.keyNames(keywords)) { return nil }
            return j
        }
    }

    /// Validates fifteen digit values (Corsica already replaced by 19 or 18).
    static func isValid(_ v: UnsafePointer<UInt8>) -> Bool {
        let sex = v[0]
        guard sex == 1 || sex == 2 || sex == 3 || sex == 4 || sex == 7 || sex == 8 else { return false }
        let month = Int(v[3]) * 10 + Int(v[4])
        guard (1...12).contains(month) || (20...42).contains(month) || month >= 50 else { return false }
        var r = 0
        for k in 0..<13 { r = (r * 10 + Int(v[k])) % 97 }
        return 97 - r == Int(v[13]) * 10 + Int(v[14])
    }
}
