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
        @inline(__always) func digit(_ k: Int) -> Bool { p[k] &- 0x30 < 10 }
        guard digit(5), digit(6), p[7] == 0x2D, digit(8), digit(9), p[10] == UInt8(ascii: "T") || p[10] == 0x20,
            digit(11), digit(12), p[13] == 0x3A, digit(14), digit(15), p[16] == 0x3A, digit(17), digit(18)
        else { return false }
        if n == 20 { return true }
        // A fraction: `.` or `,` and digits up to the `Z` (the scan of ``end(_:at:)`` reads
        // fraction digits up to byte 40 of the timestamp).
        guard p[19] == 0x2E || p[19] == 0x2C, n >= 22 else { return false }
        for k in 20..<(n - 1) where !digit(k) { return false }
        return true
    }
}
