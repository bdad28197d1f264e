import Testing
@testable import SluiceStages

/// Timestamps are passed over whole by the scanner (``TimestampSkip``): what follows them is
/// still scanned, a date of birth is still taken at its cue, and text glued to a date is
/// read as before.
@Suite struct TimestampSkipTests {
    static let cases: [(String, String)] = [
        ("2026-11-24T10:15:00.123456Z 4111 1111 1111 1111", "2026-11-24T10:15:00.123456Z [REDACTED:credit_card]"),
        ("at 2026-11-24 10:15:00+01:00 from 10.0.0.7", "at 2026-11-24 10:15:00+01:00 from [REDACTED:ipv4]"),
        ("2026-11-24T10:15:00Z,alice@example.com", "2026-11-24T10:15:00Z,[REDACTED:email]"),
        ("DOB: 1985-03-14, seen 2026-11-24T10:15Z", "DOB: [REDACTED:date_of_birth], seen 2026-11-24T10:15Z"),
        ("release 2026-11-24-rollout done", "release 2026-11-24-rollout done"),
        ("2026-11-24", "2026-11-24"),
        ("window 2026-11-24T10:15:00-0500 ok", "window 2026-11-24T10:15:00-0500 ok"),
    ]

    @Test(arguments: cases)
    func timestampsAndWhatFollows(_ input: String, _ expected: String) {
        #expect(RedactHarness.redactMessage(input) == expected)
    }

    @Test func endOfTheTimestamp() {
        func end(_ text: String) -> Int? {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { TimestampSkip.end(Bytes($0.baseAddress!, $0.count), at: 0) }
        }
        #expect(end("2026-11-24T10:15:00.5Z rest") == 22)
        #expect(end("2026-11-24 rest") == 10)
        #expect(end("2026-11-24T10:15:00Z4111") == nil)
        #expect(end("2026-11-2") == nil)
        #expect(end("2026-1-24") == nil)
    }
}
