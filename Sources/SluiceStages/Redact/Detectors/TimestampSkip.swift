import SluiceCore

/// RFC 3339 / ISO 8601 timestamps in text (`2026-11-24T10:15:00.123456Z`,
/// `2026-11-24 10:15:00+01:00`, `2026-11-24`), which the scanner passes over whole: no rule
/// matches a date or a time of day (a date of birth is taken at its cue or its key, before
/// the scanner reaches its digits), and every structured log line holds one. Read digit by
/// digit they were parsed as a number token twice and tried as a MAC and an IPv6 address at
/// the hour and the minute: about a fifth of the redact stage's time in
/// `sluice-bench --mode stages` (see the commit that added this).
enum TimestampSkip {
    /// The end of the timestamp starting at `i` (whose first four bytes are digits and the
    /// fifth `-`), or nil when the text there is no timestamp followed by a word boundary.
    @inline(__always)
    static func end(_ s: Bytes, at i: Int) -> Int? {
        // YYYY-MM-DD
        guard s.isDigit(i + 5), s.isDigit(i + 6), s.at(i + 7) == 0x2D, s.isDigit(i + 8), s.isDigit(i + 9) else { return nil }
        var j = i + 10
        // THH:MM[:SS[.fraction]]
        let sep = s.at(j)
        if (sep == UInt8(ascii: "T") || sep == 0x20) && s.isDigit(j + 1) && s.isDigit(j + 2) && s.at(j + 3) == 0x3A && s.isDigit(j + 4) && s.isDigit(j + 5) {
            j += 6
            if s.at(j) == 0x3A && s.isDigit(j + 1) && s.isDigit(j + 2) {
                j += 3
                if (s.at(j) == 0x2E || s.at(j) == 0x2C) && s.isDigit(j + 1) {
                    j += 1
                    while s.isDigit(j) && j - i < 40 { j += 1 }
                }
            }
            // Z, or an offset ±HH:MM / ±HHMM.
            let zone = s.at(j)
            if zone == UInt8(ascii: "Z") {
                j += 1
            } else if (zone == 0x2B || zone == 0x2D) && s.isDigit(j + 1) && s.isDigit(j + 2) {
                if s.at(j + 3) == 0x3A && s.isDigit(j + 4) && s.isDigit(j + 5) {
                    j += 6
                } else if s.isDigit(j + 3) && s.isDigit(j + 4) {
                    j += 5
                }
            }
        }
        // Glued to more (`…Z4111…`, `2026-11-24-rollout`): not a timestamp alone.
        guard !s.isWord(j), !(s.at(j) == 0x2D && s.isWord(j + 1)), !(s.at(j) == 0x2E && s.isWord(j + 1)) else { return nil }
        return j
    }

    /// True when the `n` bytes at `p`, which start with four digits and `-`, are one UTC
    /// timestamp as loggers write it (`2026-11-24T10:15:00Z`, with a fraction of up to 20
    /// digits: `2026-11-24T10:15:00.123456Z`): then ``end(_:at:)`` from 0 is `n`. Read without
    /// bounds checks, for the redact stage's timestamp member (``end(_:at:)``, checking each
    /// byte's bounds, cost 286 instructions a line there; callgrind). Other shapes (offsets,
    /// dates alone) answer false: the caller asks ``end(_:at:)``.
    @inline(__always)
    static func isWholeUTC(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        guard n >= 20, n <= 41, p[n - 1] == UInt8(ascii: "Z") else { return false }
        // Eight bytes at a time (SWAR): `YYYY-MM-`, `DDTHH:MM` and `HH:MM:SS` (bytes 12–19,
        // overlapping), each checked for its digits and separators in a few operations; read
        // byte by byte, the 27 bytes of a timestamp with microseconds took 150 instructions
        // (callgrind).
        let raw = UnsafeRawPointer(p)
        let w0 = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        let w1 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        let w2 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 12, as: UInt64.self))
        guard (w0 | w1 | w2) & Self.high == 0,
            LowercaseHex.digitBits(w0) & 0x0080_8000_8080_8080 == 0x0080_8000_8080_8080, w0 & 0xFF00_00FF_0000_0000 == 0x2D00_002D_0000_0000,
            LowercaseHex.digitBits(w1) & 0x8080_0080_8000_8080 == 0x8080_0080_8000_8080, p[10] == UInt8(ascii: "T") || p[10] == 0x20,
            LowercaseHex.digitBits(w2) & 0x0080_8000_8080_0080 == 0x0080_8000_8080_0080, w2 & 0x0000_00FF_0000_FF00 == 0x0000_003A_0000_3A00
        else { return false }
        if n == 20 { return true }
        // A fraction: `.` or `,` and digits up to the `Z` (the scan of ``end(_:at:)`` reads
        // fraction digits up to byte 40 of the timestamp).
        guard p[19] == 0x2E || p[19] == 0x2C, n >= 22 else { return false }
        let fractionEnd = n - 1
        let count = fractionEnd - 20
        if count < 8 {
            // The eight bytes before the `Z`: the fraction's are the last `count` of them
            // (the ones before are the seconds and `.`, checked above).
            let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: fractionEnd - 8, as: UInt64.self))
            let mask = Self.high << UInt64(8 * (8 - count))
            return w & mask == 0 && LowercaseHex.digitBits(w) & mask == mask
        }
        var k = 20
        while k < fractionEnd {
            let at = min(k, fractionEnd - 8)
            let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self))
            guard w & Self.high == 0, LowercaseHex.digitBits(w) == Self.high else { return false }
            k = at + 8
        }
        return true
    }

    private static let high: UInt64 = 0x8080_8080_8080_8080
}
