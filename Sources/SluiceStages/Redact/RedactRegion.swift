/// The countries whose national identifiers the `redact` stage looks for, by ISO 3166-1
/// alpha-2 code (`regions:`). Rules that belong to no country (e-mail, cards, IBANs, phones,
/// passports, IMEIs, MAC addresses, keys…) are not affected by `regions:`.
public enum RedactRegion {
    /// Each code and its country's rules.
    public static let table: [(code: String, rules: [UInt16])] = [
        ("us", [RedactRule.usSSN]),
        ("gb", [RedactRule.ukNINO, RedactRule.ukNHS]),
        ("ca", [RedactRule.caSIN]),
        ("in", [RedactRule.inAadhaar, RedactRule.inPAN]),
        ("br", [RedactRule.brCPF]),
        ("es", [RedactRule.esDNI, RedactRule.esNIE]),
        ("fr", [RedactRule.frNIR]),
        ("it", [RedactRule.itCodiceFiscale]),
        ("de", [RedactRule.deSteuerID]),
    ]

    /// The codes accepted in `regions:`, lowercase.
    public static var codes: [String] { table.map(\.code) }

    /// The detector rules allowed when only `codes` (lowercase) are listed: every rule of no
    /// country, and the listed countries' rules.
    public static func allowed(_ codes: [String]) -> DetectorSet {
        var set = DetectorSet()
        set.bits = ~0
        for (code, rules) in table where !codes.contains(code) {
            for r in rules { set.bits &= ~(1 << UInt64(r)) }
        }
        return set
    }
}
