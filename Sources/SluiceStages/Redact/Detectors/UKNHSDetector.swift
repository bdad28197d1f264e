/// UK NHS numbers: ten digits whose last is a mod-11 check digit (weights 10…2 over the first
/// nine; 11 − sum mod 11, where 11 gives 0 and 10 is never issued). Written 3-3-4 with single
/// spaces or dashes (`943 476 5919`, `943-476-5919`), or as ten digits in a row only right
/// after the word `NHS` or in a member whose key says so (`nhs_number`): otherwise a ten-digit
/// run is an order or build number. The same digits repeated ten times are no number.
///
/// A 3-3-4 number that has a North American phone number's shape is found as a phone unless
/// `NHS` stands before it (about one random phone number in eleven passes the check).
enum UKNHSDetector {
    static let keywords: KeywordList = ["nhs"]

    /// Validates ten digit values.
    static func isValid(_ d: UnsafePointer<UInt8>) -> Bool {
        var sum = 0
        for k in 0..<9 { sum += Int(d[k]) * (10 - k) }
        var check = 11 - sum % 11
        if check == 11 { check = 0 }
        return check != 10 && check == Int(d[9]) && !NationalNumber.allSame(d, 10)
    }

    /// True when groups `a...b` of `t` are written 3-3-4 with one separator, space or dash.
    static func isShaped(_ t: NumberToken, _ a: Int, _ b: Int) -> Bool {
        b - a == 2 && t.length(a) == 3 && t.length(a + 1) == 3 && t.length(b) == 4 && t.separatorsAreUniform(a, b, among: [0x20, 0x2D])
    }
}
