/// Pieces of the Prometheus text exposition format for the families Sluice renders itself
/// (lag, process, the `metrics` stage's), beside those swift-prometheus renders.
public enum PrometheusText {
    /// A label value as the format needs it: `\`, `"` and newlines escaped.
    public static func labelValue(_ value: String) -> String {
        value.escapingBytes(labelEscapes)
    }

    static let labelEscapes: [(byte: UInt8, escape: StaticString)] = [
        (UInt8(ascii: "\\"), #"\\"#), (UInt8(ascii: "\""), #"\""#), (UInt8(ascii: "\n"), #"\n"#),
    ]

    /// A sample value: whole numbers without a fraction, others as Swift prints them.
    public static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}

extension PrometheusText {
    /// True for a label name: `[a-zA-Z_][a-zA-Z0-9_]*` (Loki's rule too).
    public static func isValidLabelName(_ name: String) -> Bool {
        isValidName(name, colons: false)
    }

    /// True for a metric name: `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    public static func isValidMetricName(_ name: String) -> Bool {
        isValidName(name, colons: true)
    }

    static func isValidName(_ name: String, colons: Bool) -> Bool {
        var first = true
        for b in name.utf8 {
            let letter = (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || (colons && b == 0x3A)
            let digit = b >= 0x30 && b <= 0x39
            if !(letter || (!first && digit)) { return false }
            first = false
        }
        return !first
    }
}
