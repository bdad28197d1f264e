import Testing

@testable import SluiceCore

// Expected values computed with Python's `datetime` / `date.isocalendar()`.

private let nanosPerSecond: Int64 = 1_000_000_000

/// 2026-11-24T23:59:59.5Z (a Tuesday, day 328, ISO 2026-W48).
private let lateNovemberInstant: Int64 = 1_795_564_799 * nanosPerSecond + 500_000_000
/// 2026-01-05T03:04:05.006Z (a Monday, day 5, ISO 2026-W02).
private let earlyJanuaryInstant: Int64 = 1_767_582_245 * nanosPerSecond + 6_000_000

private func render(_ pattern: String, _ ns: Int64) throws -> String {
    try DateFormatPattern(pattern).string(nanosecondsSinceEpoch: ns)
}

private let lateNovemberCases: [(String, String)] = [
    ("YYYY.MM.dd", "2026.11.24"),
    ("yyyy.MM.dd", "2026.11.24"),
    ("yyyy-MM-dd'T'HH", "2026-11-24T23"),
    ("yyyy-MM-dd'T'HH:mm:ss.SSS", "2026-11-24T23:59:59.500"),
    ("yy.M.d", "26.11.24"),
    ("YY", "26"),
    ("xxxx.ww", "2026.48"),
    ("xxxx-'W'ww", "2026-W48"),
    ("DDD", "328"),
    ("D", "328"),
    ("S", "5"),
    ("SSSSSS", "500000"),
    ("'logs-'yyyy", "logs-2026"),
    ("yyyy''MM", "2026'11"),
    ("'it''s' yyyy", "it's 2026"),
    ("'yyyy MM dd'", "yyyy MM dd"),
    ("''", "'"),
    ("yyyy→MM", "2026→11"),
    ("[yyyy]/(MM)_dd-", "[2026]/(11)_24-"),
]

private let earlyJanuaryCases: [(String, String)] = [
    ("yyyy.M.d H:m:s", "2026.1.5 3:4:5"),
    ("MM/dd HH:mm:ss.SSS", "01/05 03:04:05.006"),
    ("DDD", "005"),
    ("D", "5"),
    ("S", "0"),
    ("SS", "00"),
    ("SSSSSSSSS", "006000000"),
    ("xxxx.ww", "2026.02"),
    ("w", "2"),
]

private let isoWeekCases: [(Int64, String)] = [
    // (seconds since epoch at midnight UTC, "yyyy-MM-dd xxxx.ww xx w")
    (1_767_225_600, "2026-01-01 2026.01 26 1"),
    (1_798_761_600, "2027-01-01 2026.53 26 53"),
    (1_798_675_200, "2026-12-31 2026.53 26 53"),
    (1_735_516_800, "2024-12-30 2025.01 25 1"),
    (1_609_632_000, "2021-01-03 2020.53 20 53"),
    (1_609_372_800, "2020-12-31 2020.53 20 53"),
    (1_766_966_400, "2025-12-29 2026.01 26 1"),
    (0, "1970-01-01 1970.01 70 1"),
]

private let errorCases: [(String, DateFormatPatternError)] = [
    ("", .empty),
    ("yyyy.MM.EEE", .unknownLetter("E")),
    ("hh", .unknownLetter("h")),
    ("yyyy-MM-dd HH:mm Z", .unknownLetter("Z")),
    ("a", .unknownLetter("a")),
    ("T", .unknownLetter("T")),
    ("MMM", .unsupportedWidth(letter: "M", width: 3)),
    ("yyy", .unsupportedWidth(letter: "y", width: 3)),
    ("yyyyy", .unsupportedWidth(letter: "y", width: 5)),
    ("HHH", .unsupportedWidth(letter: "H", width: 3)),
    ("SSSSSSSSSS", .unsupportedWidth(letter: "S", width: 10)),
    ("'abc", .unterminatedQuote),
    ("yyyy'", .unterminatedQuote),
    ("'it''s", .unterminatedQuote),
]

@Suite struct DateFormatPatternTests {
    @Test(arguments: lateNovemberCases)
    func lateNovember(pattern: String, expected: String) throws {
        #expect(try render(pattern, lateNovemberInstant) == expected)
    }

    @Test(arguments: earlyJanuaryCases)
    func earlyJanuary(pattern: String, expected: String) throws {
        #expect(try render(pattern, earlyJanuaryInstant) == expected)
    }

    @Test(arguments: isoWeekCases)
    func isoWeekAroundNewYear(seconds: Int64, expected: String) throws {
        #expect(try render("yyyy-MM-dd xxxx.ww xx w", seconds * nanosPerSecond) == expected)
    }

    @Test func beforeEpoch() throws {
        #expect(try render("yyyy.MM.dd HH:mm:ss.SSS", -1) == "1969.12.31 23:59:59.999")
    }

    @Test func extremes() throws {
        #expect(try render("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS", Int64.max) == "2262-04-11T23:47:16.854775807")
        #expect(try render("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS", Int64.min) == "1677-09-21T00:12:43.145224192")
    }

    @Test func appendsToExistingBuffer() throws {
        let pattern = try DateFormatPattern("YYYY.MM.dd")
        var out = Array("ai-workflow-logs-".utf8)
        pattern.format(nanosecondsSinceEpoch: lateNovemberInstant, into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "ai-workflow-logs-2026.11.24")
        pattern.format(nanosecondsSinceEpoch: earlyJanuaryInstant, into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "ai-workflow-logs-2026.11.242026.01.05")
        #expect(pattern.pattern == "YYYY.MM.dd")
    }

    @Test(arguments: errorCases)
    func rejects(pattern: String, expected: DateFormatPatternError) {
        #expect(throws: expected) { try DateFormatPattern(pattern) }
    }

    @Test func errorMessageNamesTheLetter() {
        do throws(DateFormatPatternError) {
            _ = try DateFormatPattern("yyyy.MM.EEE")
            Issue.record("expected an error")
        } catch {
            #expect(error == .unknownLetter("E"))
            #expect(error.description.contains("'E'"))
        }
        #expect(
            DateFormatPatternError.unsupportedWidth(letter: "M", width: 3).description.contains("'MMM'"))
    }
}
