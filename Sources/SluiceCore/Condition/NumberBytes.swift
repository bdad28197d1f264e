import Glibc

/// Reads decimal numbers (JSON numbers, or strings holding one) from bytes without
/// allocating: the digits are copied to a small stack buffer for `strtod`.
public enum NumberBytes {
    /// Longest text accepted as a number.
    static let maxLength = 64

    /// The number spelled by all of `text` (`-12`, `3.5`, `1e3`, `+7`), or nil.
    public static func parse(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = text.count
        guard n > 0, n <= maxLength, let base = text.baseAddress else { return nil }
        var sawDigit = false
        for k in 0..<n {
            let b = base[k]
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): break
            default: return nil  // no spaces, hex, inf or nan
            }
        }
        guard sawDigit else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buffer -> Double? in
            guard let p = buffer.baseAddress else { return nil }
            for k in 0..<n { p[k] = CChar(bitPattern: base[k]) }
            p[n] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(p, &end)
            guard let end, end - p == n, value.isFinite else { return nil }
            return value
        }
    }
}
