/// Digits written by hand: the generator builds ~300-byte lines at millions per second.
extension WorkflowLineGenerator {
    /// Exactly `digits` (≤ 20) decimal digits, zero-padded; higher digits are dropped.
    @inline(__always)
    static func appendFixed(_ value: UInt64, digits: Int, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buf in
            var v = value
            var i = digits
            while i > 0 {
                i &-= 1
                buf[i] = 0x30 &+ UInt8(truncatingIfNeeded: v % 10)
                v /= 10
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[0..<digits]))
        }
    }

    /// Shortest decimal representation.
    @inline(__always)
    static func appendDecimal(_ value: UInt64, to out: inout [UInt8]) {
        if value < 10 {
            out.append(0x30 &+ UInt8(truncatingIfNeeded: value))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buf in
            var v = value
            var i = 20
            repeat {
                i &-= 1
                buf[i] = 0x30 &+ UInt8(truncatingIfNeeded: v % 10)
                v /= 10
            } while v != 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[i..<20]))
        }
    }

    /// `tenths / 10` with one fraction digit, e.g. 4127 → `412.7`.
    @inline(__always)
    static func appendTenths(_ tenths: UInt64, to out: inout [UInt8]) {
        appendDecimal(tenths / 10, to: &out)
        out.append(0x2E)
        out.append(0x30 &+ UInt8(truncatingIfNeeded: tenths % 10))
    }

    /// The low `digits` (≤ 16) nibbles of `value`, most significant first, lowercase.
    @inline(__always)
    static func appendHex(_ value: UInt64, digits: Int, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { buf in
            var v = value
            var i = digits
            while i > 0 {
                i &-= 1
                let nibble = UInt8(truncatingIfNeeded: v & 0xF)
                buf[i] = nibble < 10 ? 0x30 &+ nibble : 0x57 &+ nibble
                v >>= 4
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[0..<digits]))
        }
    }
}
