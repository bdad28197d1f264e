/// IMEI device numbers: fifteen digits passing the Luhn check, written as IMEIs are grouped
/// (`35-209900-176148-1`, `35 209900 176148 1`: 2-6-6-1, one separator throughout), or as
/// fifteen digits in a row only right after `IMEI` or in a member whose key says so (a bare
/// fifteen-digit run is otherwise an id, or an Amex card number).
enum IMEIDetector {
    static let keywords: KeywordList = ["imei"]

    /// Validates fifteen digit values.
    static func isValid(_ d: UnsafePointer<UInt8>) -> Bool {
        CreditCardDetector.luhn(d, 15) && !NationalNumber.allSame(d, 15)
    }

    /// True when groups `a...b` of `t` are written 2-6-6-1 with one separator, space or dash.
    static func isShaped(_ t: NumberToken, _ a: Int, _ b: Int) -> Bool {
        b - a == 3 && t.length(a) == 2 && t.length(a + 1) == 6 && t.length(a + 2) == 6 && t.length(b) == 1
            && t.separatorsAreUniform(a, b, among: [0x20, 0x2D])
    }
}
