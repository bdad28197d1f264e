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

    /// The unchecked reading of whole UTC timestamps says yes only where the scan's reading
    /// ends at the value's end: timestamps of every fraction length and near misses at every
    /// byte (each byte replaced by a digit, a letter, a separator, or cut off).
    @Test func aWholeUTCTimestampIsOneTheScanPassesOverWhole() {
        func whole(_ bytes: [UInt8]) -> Bool {
            bytes.withUnsafeBufferPointer { TimestampSkip.isWholeUTC($0.baseAddress!, $0.count) }
        }
        func end(_ bytes: [UInt8]) -> Int? {
            bytes.withUnsafeBufferPointer { TimestampSkip.end(Bytes($0.baseAddress!, $0.count), at: 0) }
        }
        var accepted = 0
        for fraction in 0...24 {
            let base = Array("2026-11-24T10:15:00".utf8) + (fraction > 0 ? [UInt8(ascii: ".")] + Array(repeating: UInt8(ascii: "7"), count: fraction) : []) + [UInt8(ascii: "Z")]
            var variants = [base, Array(base.dropLast()), base + [UInt8(ascii: "x")]]
            for k in 5..<base.count {
                for b in Array("09aZT :.,-+x".utf8) {
                    var v = base
                    v[k] = b
                    variants.append(v)
                }
            }
            for v in variants where v.count >= 10 {
                if whole(v) {
                    accepted += 1
                    #expect(end(v) == v.count, "\(String(decoding: v, as: UTF8.self))")
                }
            }
            // The shape loggers write is taken.
            #expect(whole(base) == (fraction <= 20), "\(String(decoding: base, as: UTF8.self))")
        }
        #expect(accepted > 100)
    }
}
