/// Lowercase hex digits read eight bytes at a time, as bit masks: the checks that run on
/// every span and trace id (the trace stage's, the redact stage's).
///
/// Hand-written SWAR: byte by byte, the redact stage's check of a hex id cost 262
/// instructions a call, as much as the memo lookup it spares (callgrind). Inlinable: called
/// from the stages' module, it was a call per id returning four values most callers ignore.
public enum LowercaseHex {
    /// What the `n` bytes at `p` (8 or more) hold when every one is `0`–`9` or `a`–`f`: any
    /// digit, any letter, any byte other than `0`, and where the first letter is (`n` when
    /// there is none). Nil when a byte is anything else.
    @inlinable @inline(__always)
    public static func scan(_ p: UnsafePointer<UInt8>, _ n: Int) -> (digits: Bool, letters: Bool, nonZero: Bool, firstLetter: Int)? {
        let high: UInt64 = 0x8080_8080_8080_8080
        var digits: UInt64 = 0, letters: UInt64 = 0, nonZero: UInt64 = 0
        var firstLetter = n
        var k = 0
        while k < n {
            // The last word overlaps the one before when `n` is not a multiple of 8.
            let at = min(k, n - 8)
            let x = UInt64(littleEndian: UnsafeRawPointer(p + at).loadUnaligned(as: UInt64.self))
            // Bytes below 0x80 only: the sums below then never carry into the next byte.
            guard x & high == 0 else { return nil }
            // Each byte's top bit: '0'...'9', then 'a'...'f' (at least 'a', not past 'f').
            let digit = digitBits(x)
            let letter = (x &+ 0x1F1F_1F1F_1F1F_1F1F) & ~(x &+ 0x1919_1919_1919_1919) & high
            guard digit | letter == high else { return nil }
            if firstLetter == n && letter != 0 { firstLetter = at + letter.trailingZeroBitCount >> 3 }
            digits |= digit
            letters |= letter
            nonZero |= x ^ 0x3030_3030_3030_3030
            k = at + 8
        }
        return (digits != 0, letters != 0, nonZero != 0, firstLetter)
    }

    /// The top bit of each byte of `x` that is `0`–`9` (at least `0`, not past `9`), for
    /// bytes below 0x80: the sums then never carry into the next byte.
    @inlinable @inline(__always)
    public static func digitBits(_ x: UInt64) -> UInt64 {
        (x &+ 0x5050_5050_5050_5050) & ~(x &+ 0x4646_4646_4646_4646) & 0x8080_8080_8080_8080
    }
}
