import Testing
@testable import SluiceCore

/// The per-event `@timestamp` writer gives exactly the general pattern's bytes, whether the
/// day changes or not, before 1970 and at both ends of what `Int64` nanoseconds hold.
@Suite struct RFC3339NanosWriterTests {
    func general(_ ns: Int64) -> String {
        var out: [UInt8] = []
        let pattern = try! DateFormatPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
        pattern.format(nanosecondsSinceEpoch: ns, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func sameBytesAsThePatternForEveryKindOfInstant() {
        let day: Int64 = 86_400_000_000_000
        var instants: [Int64] = [
            0, -1, 1, day - 1, day, -day, -day - 1,
            1_764_000_000_123_456_789,  // 2025-11-24
            951_782_400_000_000_000,  // 2000-02-29
            1_798_761_599_999_999_999,  // 2026-12-31T23:59:59.999999999
            .max, .min,  // 2262-04-11, 1677-09-21
        ]
        // Many instants in a row, days back and forth, as a batch of events has them.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<5_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            instants.append(Int64(bitPattern: state) / 4)
            instants.append(1_764_000_000_000_000_000 + Int64(state % UInt64(3 * day)))
        }
        var writer = RFC3339NanosWriter()
        var mismatches: [String] = []
        for ns in instants {
            var out: [UInt8] = []
            writer.append(ns, to: &out)
            let fast = String(decoding: out, as: UTF8.self)
            if fast != general(ns) && mismatches.count < 5 { mismatches.append("\(ns): \(fast) vs \(general(ns))") }
        }
        #expect(mismatches.isEmpty)
    }
}
