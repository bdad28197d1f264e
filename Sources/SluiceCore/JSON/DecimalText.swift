/// Integers written in decimal straight into a byte buffer (no `String` per number): request
/// bodies' timestamps and counts.
public enum DecimalText {
    /// Appends `value` in decimal.
    @inlinable
    public static func append(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        let start = out.count
        repeat {
            out.append(UInt8(ascii: "0") &+ UInt8(v % 10))
            v /= 10
        } while v > 0
        out[start...].reverse()
    }

    /// Appends `value` in decimal, with a `-` when negative.
    @inlinable
    public static func append(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        append(value.magnitude, to: &out)
    }
}
