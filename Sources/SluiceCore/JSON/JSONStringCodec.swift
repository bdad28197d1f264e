import Glibc

/// Encoding bytes as JSON string literals and decoding JSON string literals back to bytes.
public enum JSONStringCodec {
    /// The value of one hex digit (either case), or nil.
    @inlinable @inline(__always)
    public static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b &- UInt8(ascii: "A") &+ 10
        default: nil
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `bytes` as a quoted JSON string. Quotes, backslashes and control characters are
    /// escaped; bytes that are not well-formed UTF-8 become U+FFFD so the output is always
    /// valid JSON.
    public static func appendQuoted(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        appendEscaped(bytes, to: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// ``appendQuoted(_:to:)`` for any byte collection (a `String.UTF8View`, an array).
    public static func appendQuoted<C: Collection<UInt8>>(_ bytes: C, to out: inout [UInt8]) {
        if let done: Void = bytes.withContiguousStorageIfAvailable({ appendQuoted($0, to: &out) }) {
            return done
        }
        let copy = Array(bytes)
        copy.withUnsafeBufferPointer { appendQuoted($0, to: &out) }
    }

    /// Appends the escaped body of a JSON string (no surrounding quotes).
    public static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard let base = bytes.baseAddress else { return }
        let end = bytes.count
        var i = 0
        var runStart = 0
        @inline(__always) func flush(_ upTo: Int, _ out: inout [UInt8]) {
            if upTo > runStart {
                out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: upTo - runStart))
            }
        }
        while i < end {
            // Eight bytes at a time while none needs a look (a 200 KB prompt is mostly such).
            if i + 8 <= end, isPlainWord(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) {
                i += 8
                continue
            }
            let b = base[i]
            if b >= 0x20 && b != 0x22 && b != 0x5C && b < 0x80 {
                i += 1
                continue
            }
            if b >= 0x80 {
                let n = validSequenceLength(base, i, end)
                if n > 0 {
                    i += n
                    continue
                }
                flush(i, &out)
                out.append(contentsOf: [0xEF, 0xBF, 0xBD] as [UInt8])  // U+FFFD
                i += 1
                runStart = i
                continue
            }
            flush(i, &out)
            out.append(UInt8(ascii: "\\"))
            switch b {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "t"))
            case 0x08: out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "f"))
            default:
                out.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30] as [UInt8])
                out.append(hexDigits[Int(b >> 4)])
                out.append(hexDigits[Int(b & 0x0F)])
            }
            i += 1
            runStart = i
        }
        flush(end, &out)
    }

    /// True when none of the eight bytes of `x` needs escaping or a UTF-8 check: each is
    /// ASCII, from 0x20, and neither `"` nor `\`. (Per byte, `v - 0x01… & ~v & 0x80…` is
    /// nonzero exactly when some byte of `v` is zero, and `x - n·0x01… & ~x & 0x80…` when some
    /// byte is below `n`, for bytes below 0x80.)
    @inline(__always)
    static func isPlainWord(_ x: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        guard x & highs == 0 else { return false }
        let control = (x &- ones &* 0x20) & ~x & highs
        let q = x ^ (ones &* 0x22)
        let quote = (q &- ones) & ~q & highs
        let bs = x ^ (ones &* 0x5C)
        let backslash = (bs &- ones) & ~bs & highs
        return control | quote | backslash == 0
    }

    /// Length of the well-formed UTF-8 sequence at `i`, or 0 when it is not well formed.
    static func validSequenceLength(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> Int {
        let lead = p[i]
        let count: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: count = 1
        case 0xE0: count = 2; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: count = 2
        case 0xED: count = 2; upper = 0x9F
        case 0xF0: count = 3; lower = 0x90
        case 0xF1...0xF3: count = 3
        case 0xF4: count = 3; upper = 0x8F
        default: return 0
        }
        guard i + count < end else { return 0 }
        let second = p[i + 1]
        if second < lower || second > upper { return 0 }
        var k = 2
        while k <= count {
            if p[i + k] < 0x80 || p[i + k] > 0xBF { return 0 }
            k += 1
        }
        return count + 1
    }

    /// Decodes the body of a JSON string literal (the bytes between the quotes, already
    /// validated by the scanner) into UTF-8 bytes. Lone surrogate escapes become U+FFFD.
    public static func decode(_ body: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        guard let p = body.baseAddress else { return }
        let end = body.count
        if out.capacity < out.count + end { out.reserveCapacity(max(out.count + end, 2 * out.capacity)) }
        var i = 0
        while i < end {
            // The bytes up to the next backslash, copied whole: appending byte by byte checked
            // the array's room and uniqueness at each (a fifth of the trace pipeline's time on
            // 200 KB prompts, which hold a `\n` every hundred bytes or so).
            let next = memchr(p + i, 0x5C, end - i).map { p.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? end
            if next > i { out.append(contentsOf: UnsafeBufferPointer(start: p + i, count: next - i)) }
            i = next
            guard i + 1 < end else { return }
            let e = p[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                guard var scalar = hex4(p, i, end) else { return }
                i += 4
                if scalar >= 0xD800 && scalar < 0xDC00, i + 6 <= end, p[i] == UInt8(ascii: "\\"),
                    p[i + 1] == UInt8(ascii: "u"), let low = hex4(p, i + 2, end), low >= 0xDC00, low < 0xE000
                {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                appendScalar(scalar, to: &out)
            default: out.append(e)  // " \ /
            }
        }
    }

    static func hex4(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> UInt32? {
        guard i + 4 <= end else { return nil }
        var v: UInt32 = 0
        for k in 0..<4 {
            guard let h = hexValue(p[i + k]) else { return nil }
            v = v << 4 | UInt32(h)
        }
        return v
    }

    static func appendScalar(_ v: UInt32, to out: inout [UInt8]) {
        let scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
        var buffer: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        let n = withUnsafeMutableBytes(of: &buffer) { raw -> Int in
            var k = 0
            for unit in UTF8.encode(scalar)! {
                raw[k] = unit
                k += 1
            }
            return k
        }
        withUnsafeBytes(of: buffer) { out.append(contentsOf: $0.prefix(n)) }
    }
}
