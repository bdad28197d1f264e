/// A scalar read as a null, a boolean or a number the way Yams' accessors read it (`Node.null`,
/// `.bool`, `.int`, `.float`), so typed values in pipeline files keep their meaning: YAML 1.1
/// spellings (`yes`, `off`, `0x1F`, `017` in octal, `1:30` in base 60, `.inf`), underscores
/// between digits. None of them looks at the resolved tag, as Yams' did not (`.bool` only
/// refuses an explicit `!!str`).
extension YAMLNode.Scalar {
    /// `~`, `null`, `Null`, `NULL` or nothing, unquoted.
    var isNullValue: Bool {
        style == .plain && (string.isEmpty || string == "~" || string == "null" || string == "Null" || string == "NULL")
    }

    /// `true`/`yes`/`on` and `false`/`no`/`off` in any case, unless tagged `!!str`.
    var boolValue: Bool? {
        if tag == YAMLNode.strTag { return nil }
        switch string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }

    /// A decimal, `0x`, `0o`, `0b` or `0`-prefixed (octal) or sexagesimal integer, unquoted.
    var intValue: Int? {
        guard style == .any || style == .plain else { return nil }
        let withSign = string.removingAll("_")
        if withSign == "0" { return 0 }
        let negative = withSign.hasPrefix("-")
        let hasSign = negative || withSign.hasPrefix("+")
        let digits = withSign.dropFirst(hasSign ? 1 : 0)
        for (prefix, radix) in [("0x", 16), ("0b", 2), ("0o", 8), ("0", 8)] where digits.hasPrefix(prefix) {
            return Int((negative ? "-" : "") + digits.dropFirst(prefix.count), radix: radix)
        }
        if digits.contains(":") { return Self.sexagesimalInt(withSign) }
        return Int(withSign)
    }

    /// A number as Swift's `Double(_:)` reads it, `.inf`, `-.inf`, `.nan`, or sexagesimal,
    /// unquoted.
    var floatValue: Double? {
        guard style == .any || style == .plain else { return nil }
        switch string.lowercased() {
        case ".inf", "+.inf": return .infinity
        case "-.inf": return -.infinity
        case ".nan": return .nan
        default:
            let text = string.removingAll("_")
            if text.contains(":") { return Self.sexagesimalDouble(text) }
            return Double(text)
        }
    }

    /// `[-+]a:b:c…` as its sign and parts (empty parts kept: `1::2` is no number).
    static func sexagesimalParts(_ text: String) -> (negative: Bool, parts: [Substring]) {
        var body = Substring(text)
        let negative = body.hasPrefix("-")
        if negative || body.hasPrefix("+") { body = body.dropFirst() }
        return (negative, body.split(separator: ":", omittingEmptySubsequences: false))
    }

    /// `a:b:c` as a·60² + b·60 + c; nil when a part is not an integer or the value does not fit
    /// (where Yams trapped).
    static func sexagesimalInt(_ text: String) -> Int? {
        let (negative, parts) = sexagesimalParts(text)
        var value = 0
        for part in parts {
            guard let digit = Int(part, radix: 10) else { return nil }
            let (shifted, o1) = value.multipliedReportingOverflow(by: 60)
            let (sum, o2) = shifted.addingReportingOverflow(digit)
            guard !o1, !o2 else { return nil }
            value = sum
        }
        return negative ? 0 - value : value
    }

    /// `a:b:c.d` as a·60² + b·60 + c.d; nil when a part is not a number.
    static func sexagesimalDouble(_ text: String) -> Double? {
        let (negative, parts) = sexagesimalParts(text)
        // From the last part, as Yams summed them (the same rounding).
        var value = 0.0
        var base = 1.0
        for part in parts.reversed() {
            guard let digit = Double(part) else { return nil }
            value += digit * base
            base *= 60
        }
        return negative ? -value : value
    }
}
