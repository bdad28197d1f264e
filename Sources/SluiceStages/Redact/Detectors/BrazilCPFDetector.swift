/// Brazilian CPF numbers: eleven digits whose last two are mod-11 check digits (weights 10…2,
/// then 11…2; a remainder below 2 gives 0, else 11 − remainder). Written `529.982.247-25`,
/// `529982247-25`, or as eleven digits in a row only right after `CPF` or in a member whose
/// key says so. The same digit eleven times (`111.111.111-11`, which passes) is rejected.
enum BrazilCPFDetector {
    static let keywords: KeywordList = ["cpf"]

    /// Validates eleven digit values.
    static func isValid(_ d: UnsafePointer<UInt8>) -> Bool {
        guard !NationalNumber.allSame(d, 11) else { return false }
        return checkDigit(d, 9) == d[9] && checkDigit(d, 10) == d[10]
    }

    /// The check digit over the first `count` digits (weights count+1 … 2).
    static func checkDigit(_ d: UnsafePointer<UInt8>, _ count: Int) -> UInt8 {
        var sum = 0
        for k in 0..<count { sum += Int(d[k]) * (count + 1 - k) }
        let r = sum % 11
        return r < 2 ? 0 : UInt8(11 - r)
    }

    /// True when groups `a...b` of `t` are written `999.999.999-99` or `999999999-99`.
    static func isShaped(_ t: NumberToken, _ a: Int, _ b: Int) -> Bool {
        if b - a == 3 {
            return t.length(a) == 3 && t.length(a + 1) == 3 && t.length(a + 2) == 3 && t.length(b) == 2
                && t.separator[a + 1] == 0x2E && t.separator[a + 2] == 0x2E && t.separator[b] == 0x2D
        }
        return b - a == 1 && t.length(a) == 9 && t.length(b) == 2 && t.separator[b] == 0x2D
    }
}
