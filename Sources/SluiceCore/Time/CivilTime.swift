// Pure-arithmetic proleptic Gregorian calendar conversion in UTC.
//
// Uses Howard Hinnant's `days_from_civil` / `civil_from_days` algorithms
// (https://howardhinnant.github.io/date_algorithms.html), which are exact for
// every year representable here and need no tables, no Foundation and no
// time-zone database.

/// A broken-down UTC date and time in the proleptic Gregorian calendar.
///
/// `CivilTime` converts between nanoseconds since the Unix epoch
/// (1970-01-01T00:00:00Z) and calendar fields. Negative epoch values (instants
/// before 1970) are handled with floor division, so
/// `-1` ns is `1969-12-31T23:59:59.999999999`.
///
/// An `Int64` nanosecond count covers roughly the years 1677 through 2262; use
/// ``init(secondsSinceEpoch:nanosecond:)`` / ``secondsSinceEpoch`` for dates
/// outside that range (e.g. year 9999).
public struct CivilTime: Sendable, Equatable {
    /// Calendar year (astronomical numbering: year 0 is 1 BC).
    public var year: Int
    /// Month of the year, 1 through 12.
    public var month: Int
    /// Day of the month, 1 through 28...31.
    public var day: Int
    /// Hour of the day, 0 through 23.
    public var hour: Int
    /// Minute of the hour, 0 through 59.
    public var minute: Int
    /// Second of the minute, 0 through 59.
    public var second: Int
    /// Nanosecond of the second, 0 through 999_999_999.
    public var nanosecond: Int

    static let nanosPerSecond: Int64 = 1_000_000_000
    static let secondsPerDay: Int64 = 86_400

    /// Creates a value from explicit fields. No validation is performed.
    public init(
        year: Int, month: Int, day: Int,
        hour: Int = 0, minute: Int = 0, second: Int = 0, nanosecond: Int = 0
    ) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
    }

    /// Breaks an instant, in nanoseconds since the Unix epoch, into UTC fields.
    public init(nanosecondsSinceEpoch ns: Int64) {
        let (secs, nanos) = CivilTime.floorDivMod(ns, CivilTime.nanosPerSecond)
        self.init(secondsSinceEpoch: secs, nanosecond: Int(nanos))
    }

    /// Breaks an instant, in whole seconds since the Unix epoch plus a
    /// nanosecond-of-second (0..<1_000_000_000), into UTC fields.
    public init(secondsSinceEpoch secs: Int64, nanosecond: Int = 0) {
        let (days, secOfDay) = CivilTime.floorDivMod(secs, CivilTime.secondsPerDay)
        let date = CivilTime.civilFromDays(days)
        let sod = Int(secOfDay)
        self.init(
            year: date.year, month: date.month, day: date.day,
            hour: sod / 3600, minute: (sod / 60) % 60, second: sod % 60,
            nanosecond: nanosecond)
    }

    /// Days since 1970-01-01 of the given proleptic Gregorian date
    /// (Hinnant's `days_from_civil`). `month` must be 1...12.
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(year) - (month <= 2 ? 1 : 0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400  // [0, 399]
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1  // [0, 365]
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy  // [0, 146096]
        return era * 146_097 + doe - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01
    /// (Hinnant's `civil_from_days`).
    public static func civilFromDays(_ days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097  // [0, 146096]
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365  // [0, 399]
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)  // [0, 365]
        let mp = (5 * doy + 2) / 153  // [0, 11]
        let d = doy - (153 * mp + 2) / 5 + 1  // [1, 31]
        let m = mp < 10 ? mp + 3 : mp - 9  // [1, 12]
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (Int(y), Int(m), Int(d))
    }

    /// Whether `year` is a Gregorian leap year.
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Number of days in `month` (1...12) of `year`; 0 for an invalid month.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    /// Days since 1970-01-01 of this value's date.
    public var daysSinceEpoch: Int64 {
        CivilTime.daysFromCivil(year: year, month: month, day: day)
    }

    /// Whole seconds since the Unix epoch (floor; `nanosecond` is not included).
    public var secondsSinceEpoch: Int64 {
        daysSinceEpoch * CivilTime.secondsPerDay
            + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Nanoseconds since the Unix epoch; inverse of ``init(nanosecondsSinceEpoch:)``.
    ///
    /// Saturates to `Int64.min` / `Int64.max` for instants outside the
    /// representable range (about 1677-09-21 ... 2262-04-11).
    public var nanosecondsSinceEpoch: Int64 {
        let secs = secondsSinceEpoch
        var whole = secs
        var frac = Int64(nanosecond)
        if secs < 0 && frac > 0 {
            // Keep the intermediate product in range near Int64.min.
            whole += 1
            frac -= CivilTime.nanosPerSecond
        }
        let (scaled, o1) = whole.multipliedReportingOverflow(by: CivilTime.nanosPerSecond)
        let (total, o2) = scaled.addingReportingOverflow(frac)
        if o1 || o2 { return secs < 0 ? Int64.min : Int64.max }
        return total
    }

    /// ISO 8601 day of the week: 1 = Monday ... 7 = Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (ISO 4).
        Int(CivilTime.floorDivMod(daysSinceEpoch + 3, 7).remainder) + 1
    }

    /// Day of the year, 1 through 365 (366 in leap years).
    public var dayOfYear: Int {
        Int(daysSinceEpoch - CivilTime.daysFromCivil(year: year, month: 1, day: 1)) + 1
    }

    /// ISO 8601 week-based year and week number (1...53).
    ///
    /// The week containing a date belongs to the year of that week's Thursday;
    /// e.g. 2027-01-01 (a Friday) is in week 53 of ISO year 2026.
    public var isoWeek: (year: Int, week: Int) {
        let days = daysSinceEpoch
        let thursday = days - Int64(weekday - 1) + 3
        let thursdayYear = CivilTime.civilFromDays(thursday).year
        let ordinal = thursday - CivilTime.daysFromCivil(year: thursdayYear, month: 1, day: 1)
        return (thursdayYear, Int(ordinal / 7) + 1)
    }

    /// Floor division with a non-negative remainder (`divisor` must be > 0).
    @inline(__always)
    static func floorDivMod(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let q = value / divisor
        let r = value % divisor
        return r < 0 ? (q - 1, r + divisor) : (q, r)
    }
}
