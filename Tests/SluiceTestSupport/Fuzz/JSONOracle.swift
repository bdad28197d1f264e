import Foundation

/// Foundation's `JSONSerialization` as the reference parser of differential tests, and a
/// deep equality over what it returns (booleans are told apart from numbers).
public enum JSONOracle {
    /// The value of `bytes`, or nil when Foundation rejects it.
    public static func parse(_ bytes: some Collection<UInt8>, fragments: Bool = false) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(bytes), options: fragments ? [.fragmentsAllowed] : [])
    }

    /// The object of `bytes`, or nil when it is not a JSON object Foundation accepts.
    public static func object(_ bytes: some Collection<UInt8>) -> [String: Any]? {
        parse(bytes) as? [String: Any]
    }

    /// Deep equality of two values from `JSONSerialization`.
    public static func equal(_ a: Any, _ b: Any) -> Bool {
        if a is NSNull || b is NSNull { return a is NSNull && b is NSNull }
        if let x = a as? String { return (b as? String).map { withoutLeadingBOM(Array(x.utf8)) == withoutLeadingBOM(Array($0.utf8)) } ?? false }
        if let x = a as? [String: Any] {
            guard let y = b as? [String: Any], x.count == y.count else { return false }
            return x.allSatisfy { k, v in y[k].map { equal(v, $0) } ?? false }
        }
        if let x = a as? [Any] {
            guard let y = b as? [Any], x.count == y.count else { return false }
            return zip(x, y).allSatisfy { equal($0, $1) }
        }
        if let x = a as? NSNumber, let y = b as? NSNumber {
            return isBool(x) == isBool(y) && x == y
        }
        return false
    }

    /// `bytes` without a leading U+FEFF: JSONSerialization drops it from the start of every
    /// string it decodes (`"\u{FEFF}x"` reads as `"x"`), so comparisons ignore it.
    public static func withoutLeadingBOM(_ bytes: [UInt8]) -> [UInt8] {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
    }

    static func isBool(_ n: NSNumber) -> Bool { String(cString: n.objCType) == "c" }

    /// Where JSONSerialization is known to differ from RFC 8259, so a disagreement with a
    /// strict parser is the reference's, not the strict parser's: it rejects escapes of lone
    /// surrogates (`"\ud800"`, which the grammar allows) and numbers beyond `Double`'s range;
    /// it accepts trailing commas and a leading byte-order mark.
    public static func knownDeviation(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return "byte-order mark" }
        var i = 0
        var inString = false
        var lastToken: UInt8 = 0
        var highPending = false
        while i < bytes.count {
            let b = bytes[i]
            if inString {
                if b == UInt8(ascii: "\\"), i + 1 < bytes.count {
                    if bytes[i + 1] == UInt8(ascii: "u"), i + 5 < bytes.count,
                        let v = UInt32(String(decoding: bytes[(i + 2)...(i + 5)], as: UTF8.self), radix: 16)
                    {
                        if v >= 0xD800 && v < 0xDC00 {
                            if highPending { return "lone surrogate escape" }
                            highPending = true
                        } else if v >= 0xDC00 && v < 0xE000 {
                            if !highPending { return "lone surrogate escape" }
                            highPending = false
                        } else if highPending {
                            return "lone surrogate escape"
                        }
                        i += 6
                        continue
                    }
                    if highPending { return "lone surrogate escape" }
                    i += 2
                    continue
                }
                if highPending { return "lone surrogate escape" }
                if b == UInt8(ascii: "\"") { inString = false }
                i += 1
                continue
            }
            if b == UInt8(ascii: "\"") {
                inString = true
            } else if (b == UInt8(ascii: "}") || b == UInt8(ascii: "]")) && lastToken == UInt8(ascii: ",") {
                return "trailing comma"
            } else if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                var j = i + 1
                if j < bytes.count, bytes[j] == UInt8(ascii: "+") || bytes[j] == UInt8(ascii: "-") { j += 1 }
                var digits = 0
                var value = 0
                while j < bytes.count, bytes[j] &- 0x30 < 10 {
                    value = min(100_000, value * 10 + Int(bytes[j] - 0x30))
                    digits += 1
                    j += 1
                }
                if digits > 0 && value > 270 { return "number beyond Double" }
            }
            if b != 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { lastToken = b }
            i += 1
        }
        return nil
    }
}
