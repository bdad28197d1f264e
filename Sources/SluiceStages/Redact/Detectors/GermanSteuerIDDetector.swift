/// German tax identification numbers (Steuerliche Identifikationsnummer, IdNr): eleven
/// digits, the first not 0, the last an ISO 7064 MOD 11,10 check digit; among the first ten
/// exactly one digit occurs twice or three times (three times never in three adjacent places)
/// and every other at most once. Written `86 095 742 719` (2-3-3-3, single spaces), or as
/// eleven digits in a row only right after `Steuer-ID`, `IdNr`, `Identifikationsnummer`,
/// `TIN` or `tax id` or in a member whose key says so (`steuer_id`).
enum GermanSteuerIDDetector {
    static let keywords: KeywordList = ["steuer", "idnr", "identifikationsnummer", "tin", "tax id", "tax_id", "taxid"]

    /// Validates eleven digit values.
    static func isValid(_ d: UnsafePointer<UInt8>) -> Bool {
        guard d[0] != 0 else { return false }
        var product = 10
        var seen = [UInt8](repeating: 0, count: 10)
        for k in 0..<10 {
            var sum = (Int(d[k]) + product) % 10
            if sum == 0 { sum = 10 }
            product = sum * 2 % 11
            seen[Int(d[k])] += 1
        }
        var check = 11 - product
        if check == 10 { check = 0 }
        guard check == Int(d[10]) else { return false }
        var repeated = -1
        for (digit, count) in seen.enumerated() where count > 1 {
            guard repeated < 0, count <= 3 else { return false }
            repeated = digit
        }
        guard repeated >= 0 else { return false }
        if seen[repeated] == 3 {
            for k in 0..<8 where Int(d[k]) == repeated && Int(d[k + 1]) == repeated && Int(d[k + 2]) == repeated { return false }
        }
        return true
    }

    /// True when groups `a...b` of `t` are written 2-3-3-3 with single spaces.
    static func isShaped(_ t: NumberToken, _ a: Int, _ b: Int) -> Bool {
        b - a == 3 && t.length(a) == 2 && t.length(a + 1) == 3 && t.length(a + 2) == 3 && t.length(b) == 3
            && t.separatorsAreUniform(a, b, among: [0x20])
    }
}
