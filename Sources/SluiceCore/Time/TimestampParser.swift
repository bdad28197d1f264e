// Event timestamp parsing straight from UTF-8 bytes (hot path: no String,
// no Foundation, no allocation).

/// Parses event timestamps from raw UTF-8 bytes into nanoseconds since the
/// Unix epoch (UTC).
///
/// All functions return `nil` for anything malformed or out of range,
/// including results that do not fit in an `Int64` nanosecond count
/// (roughly years 1677 through 2262).
public enum TimestampParser {
    /// Parses an RFC 3339 / ISO 8601 timestamp: `YYYY-MM-DDTHH:MM:SS[.frac][offset]`.
    ///
    /// - The date/time separator may be `T`, `t` or a single space.
    /// - `frac` is one or more digits; the first 9 are kept, further digits
    ///   must be digits but are truncated (not rounded).
    /// - `offset` is `Z`, `z`, `+HH:MM`, `-HH:MM`, `+HHMM`, `-HHMM`, `+HH` or
    ///   `-HH`, with hours 0...23 and minutes 0...59.
    /// - A missing offset is taken to mean UTC. This is an assumption: e.g.
    ///   structlog's `TimeStamper(fmt="iso")` without `utc=True` writes local
    ///   time with no offset, which will be misread if the host is not on UTC.
    /// - Seconds may be `60` (leap second); it is clamped to `59.999999999`.
    /// - Nothing may follow the timestamp (no surrounding whitespace).
    public static func parseRFC3339(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let n = bytes.count
        guard n >= 19,
            let year = fixedDigits(bytes, 0, 4), bytes[4] == 0x2D,  // '-'
            let month = fixedDigits(bytes, 5, 2), bytes[7] == 0x2D,
            let day = fixedDigits(bytes, 8, 2)
        else { return nil }
        let sep = bytes[10]
        guard sep == 0x54 || sep == 0x74 || sep == 0x20,  // 'T' 't' ' '
            let hour = fixedDigits(bytes, 11, 2), bytes[13] == 0x3A,  // ':'
            let minute = fixedDigits(bytes, 14, 2), bytes[16] == 0x3A,
            var second = fixedDigits(bytes, 17, 2)
        else { return nil }
        guard month >= 1, month <= 12,
            day >= 1, day <= CivilTime.daysInMonth(year: year, month: month),
            hour <= 23, minute <= 59, second <= 60
        else { return nil }

        var i = 19
        var fraction: Int64 = 0
        if i < n, bytes[i] == 0x2E {  // '.'
            i += 1
            let start = i
            while i < n, isDigit(bytes[i]) {
                if i - start < 9 { fraction = fraction * 10 + Int64(bytes[i] &- 0x30) }
                i += 1
            }
            let count = i - start
            guard count > 0 else { return nil }
            var k = count
            while k < 9 {
                fraction *= 10
                k += 1
            }
        }
        if second == 60 {
            second = 59
            fraction = 999_999_999
        }

        var offsetSeconds = 0
        if i < n {
            let c = bytes[i]
            if c == 0x5A || c == 0x7A {  // 'Z' 'z'
                i += 1
            } else if c == 0x2B || c == 0x2D {  // '+' '-'
                i += 1
                guard let oh = fixedDigits(bytes, i, 2), oh <= 23 else { return nil }
                i += 2
                var om = 0
                if i < n {
                    if bytes[i] == 0x3A { i += 1 }
                    guard let m = fixedDigits(bytes, i, 2), m <= 59 else { return nil }
                    om = m
                    i += 2
                }
                offsetSeconds = (oh * 3600 + om * 60) * (c == 0x2D ? -1 : 1)
            } else {
                return nil
            }
        }
        guard i == n else { return nil }

        let days = CivilTime.daysFromCivil(year: year, month: month, day: day)
        // Local wall time minus offset = UTC. Cannot overflow for years 0...9999.
        let secs = days * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        return combine(seconds: secs, nanos: fraction)
    }

    /// Parses the bytes of a JSON number as an epoch timestamp.
    ///
    /// Grammar: optional `-`, one or more digits, optional `.` and one or more
    /// digits, optional exponent `e`/`E` with optional sign and one or more
    /// digits. Leading zeros are tolerated. The exponent is applied exactly by
    /// shifting the decimal point (no `Double` involved).
    ///
    /// The unit is inferred from the absolute integer part (after the
    /// exponent): `< 1e11` seconds, `< 1e14` milliseconds, `< 1e17`
    /// microseconds, otherwise nanoseconds. Digits below nanosecond precision
    /// are truncated toward zero. Overflow yields `nil`.
    public static func parseEpoch(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let n = bytes.count
        var i = 0
        var negative = false
        if i < n, bytes[i] == 0x2D {
            negative = true
            i += 1
        }
        let intStart = i
        while i < n, isDigit(bytes[i]) { i += 1 }
        let intEnd = i
        guard intEnd > intStart else { return nil }
        var fracStart = i
        var fracEnd = i
        if i < n, bytes[i] == 0x2E {
            i += 1
            fracStart = i
            while i < n, isDigit(bytes[i]) { i += 1 }
            fracEnd = i
            guard fracEnd > fracStart else { return nil }
        }
        var exponent = 0
        if i < n, bytes[i] == 0x65 || bytes[i] == 0x45 {  // 'e' 'E'
            i += 1
            var expNegative = false
            if i < n, bytes[i] == 0x2B || bytes[i] == 0x2D {
                expNegative = bytes[i] == 0x2D
                i += 1
            }
            let expStart = i
            while i < n, isDigit(bytes[i]) {
                // Saturate: anything this large over/underflows anyway.
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[i] &- 0x30) }
                i += 1
            }
            guard i > expStart else { return nil }
            if expNegative { exponent = -exponent }
        }
        guard i == n else { return nil }

        // Digits form one virtual sequence: integer digits then fraction digits.
        let intCount = intEnd - intStart
        let totalDigits = intCount + (fracEnd - fracStart)
        @inline(__always) func digit(_ k: Int) -> UInt64 {
            if k < 0 || k >= totalDigits { return 0 }
            let pos = k < intCount ? intStart + k : fracStart + (k - intCount)
            return UInt64(bytes[pos] &- 0x30)
        }
        let point = intCount + exponent  // digits before the decimal point

        var integer: UInt64 = 0
        var k = 0
        while k < point {
            if k >= totalDigits && integer == 0 { break }  // zeros stay zero
            let (m, o1) = integer.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(digit(k))
            if o1 || o2 { return nil }
            integer = a
            k += 1
        }

        let fracDigits: Int
        let unit: UInt64
        switch integer {
        case ..<100_000_000_000: (fracDigits, unit) = (9, 1_000_000_000)
        case ..<100_000_000_000_000: (fracDigits, unit) = (6, 1_000_000)
        case ..<100_000_000_000_000_000: (fracDigits, unit) = (3, 1_000)
        default: (fracDigits, unit) = (0, 1)
        }
        var fraction: UInt64 = 0
        for j in 0..<fracDigits { fraction = fraction * 10 + digit(point + j) }

        let (scaled, o1) = integer.multipliedReportingOverflow(by: unit)
        let (magnitude, o2) = scaled.addingReportingOverflow(fraction)
        if o1 || o2 { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return Int64(bitPattern: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// Parses a raw JSON value (the bytes of the value as they appear in the
    /// document, optionally surrounded by JSON whitespace).
    ///
    /// - A JSON string is unquoted and tried as RFC 3339, then as an epoch
    ///   number (for quoted numbers like `"1732450000"`). Strings containing a
    ///   backslash escape are rejected: timestamps never need escapes.
    /// - A bare JSON number is parsed with ``parseEpoch(_:)``.
    /// - Anything else (`true`, `null`, objects, arrays) yields `nil`.
    public static func parse(jsonValue bytes: UnsafeRawBufferPointer) -> Int64? {
        var start = 0
        var end = bytes.count
        while start < end, isJSONSpace(bytes[start]) { start += 1 }
        while end > start, isJSONSpace(bytes[end - 1]) { end -= 1 }
        guard start < end else { return nil }
        let first = bytes[start]
        if first == 0x22 {  // '"'
            guard end - start >= 2, bytes[end - 1] == 0x22 else { return nil }
            let inner = UnsafeRawBufferPointer(rebasing: bytes[(start + 1)..<(end - 1)])
            for b in inner where b == 0x5C || b == 0x22 { return nil }  // '\' or stray '"'
            if let ns = parseRFC3339(inner) { return ns }
            return parseEpoch(inner)
        }
        if first == 0x2D || isDigit(first) {
            return parseEpoch(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
        }
        return nil
    }

    // MARK: - Helpers

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

    @inline(__always)
    static func isJSONSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
    }

    /// Reads exactly `count` ASCII digits at `offset`; nil if out of bounds or
    /// not all digits.
    @inline(__always)
    static func fixedDigits(_ bytes: UnsafeRawBufferPointer, _ offset: Int, _ count: Int) -> Int? {
        guard offset >= 0, count <= bytes.count - offset else { return nil }
        var value = 0
        for i in offset..<(offset + count) {
            let d = bytes[i] &- 0x30
            guard d < 10 else { return nil }
            value = value * 10 + Int(d)
        }
        return value
    }

    /// `seconds * 1e9 + nanos` with overflow checking (nanos in 0..<1e9).
    @inline(__always)
    static func combine(seconds: Int64, nanos: Int64) -> Int64? {
        var whole = seconds
        var frac = nanos
        if whole < 0 && frac > 0 {  // keep the product in range near Int64.min
            whole += 1
            frac -= 1_000_000_000
        }
        let (scaled, o1) = whole.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, o2) = scaled.addingReportingOverflow(frac)
        return o1 || o2 ? nil : total
    }
}
