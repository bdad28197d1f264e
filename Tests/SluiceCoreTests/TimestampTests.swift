import Testing

@testable import SluiceCore

// Expected values computed with Python's `datetime` (UTC).

/// Runs `body` over the UTF-8 bytes of `text`.
private func withBytes<R>(_ text: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    Array(text.utf8).withUnsafeBytes(body)
}

private let sec: Int64 = 1_000_000_000
/// 2026-11-24T12:34:56Z in seconds.
private let base: Int64 = 1_795_523_696

private let rfc3339Cases: [(String, Int64?)] = [
    ("2026-11-24T12:34:56Z", base * sec),
    ("2026-11-24T12:34:56z", base * sec),
    ("2026-11-24t12:34:56Z", base * sec),
    ("2026-11-24 12:34:56Z", base * sec),
    ("2026-11-24T12:34:56", base * sec),  // missing offset = UTC
    ("2026-11-24T12:34:56.5", base * sec + 500_000_000),
    ("2026-11-24T12:34:56+00:00", base * sec),
    ("2026-11-24T12:34:56-00:00", base * sec),
    ("2026-11-24T12:34:56+05:30", 1_795_503_896 * sec),
    ("2026-11-24T12:34:56+0530", 1_795_503_896 * sec),
    ("2026-11-24T12:34:56+05", 1_795_505_696 * sec),
    ("2026-11-24T12:34:56-08:00", 1_795_552_496 * sec),
    ("2026-11-24T12:34:56-0800", 1_795_552_496 * sec),
    ("2026-11-24T12:34:56-08", 1_795_552_496 * sec),
    ("2026-11-24T12:34:56.250+05:30", 1_795_503_896 * sec + 250_000_000),
    ("2026-11-24 12:34:56.123456+0000", base * sec + 123_456_000),
    ("2026-11-24T12:34:56.1234567891234Z", base * sec + 123_456_789),
    ("2026-11-24T12:34:56.9999999999Z", base * sec + 999_999_999),
    ("2024-02-29T00:00:00Z", 1_709_164_800 * sec),
    ("2016-12-31T23:59:60Z", 1_483_228_799 * sec + 999_999_999),  // leap second clamped
    ("1970-01-01T00:00:00Z", 0),
    ("1969-12-31T23:59:59.999999999Z", -1),
    ("1970-01-01T05:30:00+05:30", 0),
    ("1677-09-21T00:12:43.145224192Z", Int64.min),
    ("2262-04-11T23:47:16.854775807Z", Int64.max),
    // Invalid.
    ("2262-04-11T23:47:16.854775808Z", nil),  // overflow
    ("1677-09-21T00:12:43.145224191Z", nil),
    ("9999-12-31T23:59:59Z", nil),
    ("0000-01-01T00:00:00Z", nil),
    ("2023-02-29T00:00:00Z", nil),
    ("2026-13-01T00:00:00Z", nil),
    ("2026-00-01T00:00:00Z", nil),
    ("2026-11-31T00:00:00Z", nil),
    ("2026-11-00T00:00:00Z", nil),
    ("2026-11-24T24:00:00Z", nil),
    ("2026-11-24T12:60:00Z", nil),
    ("2026-11-24T12:34:61Z", nil),
    ("2026-11-24T12:34:56Zx", nil),
    ("2026-11-24T12:34:56Z ", nil),
    ("2026-11-24T12:34:56 ", nil),
    ("2026-11-24T12:34:56.123456789x", nil),
    ("2026-11-24T12:34:56.1234567891x2Z", nil),
    ("2026-11-24T12:34:56.Z", nil),
    ("2026-11-24T12:34:56.", nil),
    ("2026-11-24T12:34:56+", nil),
    ("2026-11-24T12:34:56+5:30", nil),
    ("2026-11-24T12:34:56+05:3", nil),
    ("2026-11-24T12:34:56+05:", nil),
    ("2026-11-24T12:34:56+053", nil),
    ("2026-11-24T12:34:56+05:30:00", nil),
    ("2026-11-24T12:34:56+24:00", nil),
    ("2026-11-24T12:34:56+05:60", nil),
    ("2026-11-24T12:34:56 Z", nil),
    ("", nil),
    ("2026-11-24T12:0", nil),
    ("2026-11-24", nil),
    ("2026-11-24X12:34:56Z", nil),
    ("2026-11-24  12:34:56Z", nil),
    ("2026/11/24T12:34:56Z", nil),
    ("26-11-24T12:34:56Z", nil),
    ("2026-1-24T12:34:56Z", nil),
    ("2026-11-24T12:34:5aZ", nil),
    ("hello", nil),
]

private let epochCases: [(String, Int64?)] = [
    ("1732450000", 1_732_450_000 * sec),
    ("1732450000123", 1_732_450_000_123_000_000),
    ("1732450000123456", 1_732_450_000_123_456_000),
    ("1732450000123456789", 1_732_450_000_123_456_789),
    ("1732450000.5", 1_732_450_000_500_000_000),
    ("1732450000.123456789", 1_732_450_000_123_456_789),
    ("1732450000.1234567899", 1_732_450_000_123_456_789),  // truncated
    ("1732450000123.456", 1_732_450_000_123_456_000),
    ("1732450000123456.789", 1_732_450_000_123_456_789),
    ("1732450000123456789.9", 1_732_450_000_123_456_789),
    ("0", 0),
    ("-0", 0),
    ("0.000000001", 1),
    ("-1", -sec),
    ("-1.5", -1_500_000_000),
    ("-1732450000", -1_732_450_000 * sec),
    ("-1732450000123", -1_732_450_000_123_000_000),
    ("1.73245e9", 1_732_450_000 * sec),
    ("1.7324500005E+9", 1_732_450_000_500_000_000),
    ("1732450000123e-3", 1_732_450_000_123_000_000),
    ("5e-1", 500_000_000),
    ("1e18", 1_000_000_000_000_000_000),
    ("1e-400", 0),
    ("9223372036854775807", Int64.max),
    ("-9223372036854775808", Int64.min),
    // Invalid or overflowing.
    ("9223372036854775808", nil),
    ("-9223372036854775809", nil),
    ("99999999999", nil),  // 1e11 - 1 seconds overflows nanoseconds
    ("99999999999999999999999", nil),
    ("1e400", nil),
    ("", nil),
    ("-", nil),
    ("1.", nil),
    (".5", nil),
    ("1e", nil),
    ("1e+", nil),
    ("+1", nil),
    (" 1", nil),
    ("12a", nil),
    ("1.2.3", nil),
    ("abc", nil),
    ("--1", nil),
]

private let jsonValueCases: [(String, Int64?)] = [
    (#""2026-11-24T12:34:56Z""#, base * sec),
    (#""2026-11-24 12:34:56.5+00:00""#, base * sec + 500_000_000),
    (#""1732450000""#, 1_732_450_000 * sec),
    (#""1732450000.5""#, 1_732_450_000_500_000_000),
    (#""1732450000123""#, 1_732_450_000_123_000_000),
    ("1732450000", 1_732_450_000 * sec),
    ("1732450000.123456789", 1_732_450_000_123_456_789),
    ("-1", -sec),
    (" 1732450000\n", 1_732_450_000 * sec),
    (#" "2026-11-24T12:34:56Z" "#, base * sec),
    // Invalid.
    (#""2026-11-24T12:34:56\u005A""#, nil),
    (#""2026-11-24T12:34:56Z\n""#, nil),
    (#""\"""#, nil),
    (#""2026-11-24T12:34:56Z"#, nil),
    ("\"\"", nil),
    ("\"", nil),
    (#""abc""#, nil),
    (#""true""#, nil),
    ("true", nil),
    ("false", nil),
    ("null", nil),
    ("{}", nil),
    ("[]", nil),
    (#"{"t":1}"#, nil),
    ("", nil),
    ("   ", nil),
]

@Suite struct TimestampParserTests {
    @Test(arguments: rfc3339Cases)
    func rfc3339(input: String, expected: Int64?) {
        #expect(withBytes(input, TimestampParser.parseRFC3339) == expected, "\(input)")
    }

    @Test(arguments: 1...12)
    func fractionDigits(count: Int) {
        let digits = String("123456789012".prefix(count))
        var expected: Int64 = 0
        for (i, c) in digits.utf8.prefix(9).enumerated() {
            var place: Int64 = 100_000_000
            for _ in 0..<i { place /= 10 }
            expected += Int64(c - 0x30) * place
        }
        let input = "2026-11-24T12:34:56.\(digits)Z"
        #expect(withBytes(input, TimestampParser.parseRFC3339) == base * sec + expected)
    }

    @Test(arguments: epochCases)
    func epoch(input: String, expected: Int64?) {
        #expect(withBytes(input, TimestampParser.parseEpoch) == expected, "\(input)")
    }

    @Test(arguments: jsonValueCases)
    func jsonValue(input: String, expected: Int64?) {
        #expect(withBytes(input) { TimestampParser.parse(jsonValue: $0) } == expected, "\(input)")
    }

    @Test func parsesFromSliceWithoutReadingOutsideIt() {
        // The timestamp is followed by more bytes that must not be consulted.
        let line = Array(#"{"ts":"2026-11-24T12:34:56Z","x":1}"#.utf8)
        let result = line.withUnsafeBytes { raw in
            TimestampParser.parse(jsonValue: UnsafeRawBufferPointer(rebasing: raw[6..<28]))
        }
        #expect(result == base * sec)
        let truncated = line.withUnsafeBytes { raw in
            TimestampParser.parseRFC3339(UnsafeRawBufferPointer(rebasing: raw[7..<22]))
        }
        #expect(truncated == nil)
    }
}

@Suite struct CivilTimeTests {
    @Test(arguments: [
        Int64(0), -1, 1, 999_999_999, -999_999_999, -1_000_000_000, -1_000_000_001,
        86_399_999_999_999, 86_400 * sec, -86_400 * sec, 951_782_400 * sec,
        4_107_542_400 * sec, base * sec + 123, Int64.min, Int64.min + 1, Int64.max,
        Int64.max - 1,
    ])
    func roundTrip(ns: Int64) {
        #expect(CivilTime(nanosecondsSinceEpoch: ns).nanosecondsSinceEpoch == ns)
    }

    @Test func roundTripManyValues() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let ns = Int64(bitPattern: state)
            #expect(CivilTime(nanosecondsSinceEpoch: ns).nanosecondsSinceEpoch == ns)
        }
    }

    @Test func knownFields() {
        let epoch = CivilTime(nanosecondsSinceEpoch: 0)
        #expect(epoch == CivilTime(year: 1970, month: 1, day: 1))
        #expect(epoch.weekday == 4)
        #expect(epoch.dayOfYear == 1)

        let before = CivilTime(nanosecondsSinceEpoch: -1)
        #expect(
            before
                == CivilTime(
                    year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59,
                    nanosecond: 999_999_999))
        #expect(before.weekday == 3)
        #expect(before.dayOfYear == 365)
        #expect(before.isoWeek == (1970, 1))

        let leap = CivilTime(nanosecondsSinceEpoch: 951_782_400 * sec)
        #expect(leap == CivilTime(year: 2000, month: 2, day: 29))
        #expect(leap.weekday == 2)
        #expect(leap.dayOfYear == 60)

        let march = CivilTime(nanosecondsSinceEpoch: 4_107_542_400 * sec)
        #expect(march == CivilTime(year: 2100, month: 3, day: 1))
        #expect(march.weekday == 1)
        #expect(march.dayOfYear == 60)

        let t = CivilTime(nanosecondsSinceEpoch: base * sec + 7)
        #expect(
            t == CivilTime(year: 2026, month: 11, day: 24, hour: 12, minute: 34, second: 56, nanosecond: 7))
        #expect(t.weekday == 2)
        #expect(t.dayOfYear == 328)
        #expect(t.isoWeek == (2026, 48))
    }

    @Test func year9999UsesSeconds() {
        let t = CivilTime(secondsSinceEpoch: 253_402_300_799)
        #expect(t == CivilTime(year: 9999, month: 12, day: 31, hour: 23, minute: 59, second: 59))
        #expect(t.secondsSinceEpoch == 253_402_300_799)
        #expect(t.weekday == 5)
        #expect(t.isoWeek == (9999, 52))
        #expect(t.nanosecondsSinceEpoch == Int64.max)  // saturates
        #expect(CivilTime(year: 1000, month: 1, day: 1).nanosecondsSinceEpoch == Int64.min)
    }

    @Test func daysFromCivilKnownValues() {
        #expect(CivilTime.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilTime.daysFromCivil(year: 1969, month: 12, day: 31) == -1)
        #expect(CivilTime.daysFromCivil(year: 2000, month: 2, day: 29) == 11_016)
        #expect(CivilTime.daysFromCivil(year: 2100, month: 3, day: 1) == 47_541)
        #expect(CivilTime.daysFromCivil(year: 9999, month: 12, day: 31) == 2_932_896)
        #expect(CivilTime.daysFromCivil(year: 1, month: 1, day: 1) == -719_162)
        #expect(CivilTime.daysFromCivil(year: 1600, month: 1, day: 1) == -135_140)
    }

    @Test func daysMatchDayByDayWalk() {
        // Walk every day from 1600-01-01 to 2400-12-31 and compare both directions.
        var (y, m, d) = (1600, 1, 1)
        var days: Int64 = -135_140
        while y <= 2400 {
            #expect(CivilTime.daysFromCivil(year: y, month: m, day: d) == days)
            let civil = CivilTime.civilFromDays(days)
            #expect(civil.year == y && civil.month == m && civil.day == d)
            days += 1
            d += 1
            if d > CivilTime.daysInMonth(year: y, month: m) {
                d = 1
                m += 1
                if m > 12 {
                    m = 1
                    y += 1
                }
            }
        }
    }

    @Test func leapYears() {
        #expect(CivilTime.isLeapYear(2000))
        #expect(CivilTime.isLeapYear(2024))
        #expect(!CivilTime.isLeapYear(1900))
        #expect(!CivilTime.isLeapYear(2023))
        #expect(!CivilTime.isLeapYear(2100))
        #expect(CivilTime.daysInMonth(year: 2024, month: 2) == 29)
        #expect(CivilTime.daysInMonth(year: 2023, month: 2) == 28)
        #expect(CivilTime.daysInMonth(year: 2023, month: 13) == 0)
    }

    @Test(arguments: [
        // (year, month, day, isoYear, isoWeek, weekday, dayOfYear)
        (2026, 1, 1, 2026, 1, 4, 1),
        (2027, 1, 1, 2026, 53, 5, 1),
        (2026, 12, 31, 2026, 53, 4, 365),
        (2024, 12, 30, 2025, 1, 1, 365),
        (2021, 1, 3, 2020, 53, 7, 3),
        (2020, 12, 31, 2020, 53, 4, 366),
        (2025, 12, 29, 2026, 1, 1, 363),
        (1600, 1, 1, 1599, 52, 6, 1),
    ])
    func isoWeek(_ c: (Int, Int, Int, Int, Int, Int, Int)) {
        let t = CivilTime(year: c.0, month: c.1, day: c.2)
        #expect(t.isoWeek == (c.3, c.4))
        #expect(t.weekday == c.5)
        #expect(t.dayOfYear == c.6)
    }
}
