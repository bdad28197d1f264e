/// JSON string literals written by the tests' generators and fake backends: `"`, `\` and
/// control characters escaped (`\n`, `\r`, `\t`, `\u00XX`), and with `asciiOnly` every
/// non-ASCII character as `\uXXXX` (a surrogate pair above the BMP), as Python's
/// `json.dumps` writes by default.
public enum JSONStringLiteral {
    /// The body of the literal (no quotes).
    public static func body(_ s: String, asciiOnly: Bool = false) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    out += "\\u" + hex4(u.value)
                } else if asciiOnly && u.value > 0x7E {
                    if u.value > 0xFFFF {
                        let v = u.value - 0x10000
                        out += "\\u" + hex4(0xD800 + (v >> 10)) + "\\u" + hex4(0xDC00 + (v & 0x3FF))
                    } else {
                        out += "\\u" + hex4(u.value)
                    }
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }

    /// The literal, quoted.
    public static func quoted(_ s: String, asciiOnly: Bool = false) -> String { "\"" + body(s, asciiOnly: asciiOnly) + "\"" }

    /// `v` as four lowercase hex digits.
    static func hex4(_ v: UInt32) -> String {
        let h = String(v, radix: 16)
        return String(repeating: "0", count: max(0, 4 - h.count)) + h
    }
}
