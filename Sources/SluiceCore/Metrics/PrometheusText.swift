/// Pieces of the Prometheus text exposition format for the families Sluice renders itself
/// (lag, process, the `metrics` stage's), beside those swift-prometheus renders.
public enum PrometheusText {
    /// A label value as the format needs it: `\`, `"` and newlines escaped.
    ///
    /// Byte by byte: a `\r\n` is one `Character`, which a replacement by characters left
    /// unescaped (breaking the exposition), and a scrape renders a label per followed file.
    public static func labelValue(_ value: String) -> String {
        let bytes = value.utf8
        guard bytes.contains(where: { $0 == 0x5C || $0 == 0x22 || $0 == 0x0A }) else { return value }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        for b in bytes {
            switch b {
            case 0x5C: out += [0x5C, 0x5C]
            case 0x22: out += [0x5C, 0x22]
            case 0x0A: out += [0x5C, 0x6E]
            default: out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

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
