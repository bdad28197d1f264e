/// Canadian Social Insurance Numbers: nine digits passing the Luhn check, written 3-3-3 with
/// single spaces or dashes (`130 692 544`, `130-692-544`), or as nine digits in a row only
/// right after `SIN` or `social insurance` or in a member whose key says so (`sin`,
/// `customer_sin`). A first digit 0 (never assigned; sample numbers such as `046 454 286`) or
/// 8 (business numbers) is rejected, as is a 3-3-3 run that continues a longer run of
/// space-separated groups (`1 234 567 890`, thousands written with spaces).
enum CanadaSINDetector {
    static let keywords: KeywordList = ["sin", "social insurance", "social_insurance", "assurance sociale"]

    /// Validates nine digit values.
    static func isValid(_ d: UnsafePointer<UInt8>) -> Bool {
        d[0] != 0 && d[0] != 8 && CreditCardDetector.luhn(d, 9)
    }

    /// True when groups `a...b` of `t` are written 3-3-3 with one separator, space or dash.
    static func isShaped(_ t: NumberToken, _ a: Int, _ b: Int) -> Bool {
        b - a == 2 && t.length(a) == 3 && t.length(a + 1) == 3 && t.length(b) == 3 && t.separatorsAreUniform(a, b, among: [0x20, 0x2D])
    }
}
