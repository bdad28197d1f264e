import SluiceTestSupport
import Testing
@testable import SluiceStages

@Suite struct ConsistentSamplerTests {
    /// The spec's table ("TraceState: Probability Sampling", converting probability to
    /// threshold), precision 3, 4 and 5.
    static let specTable: [(Double, String, String, String)] = [
        (1e-06, "ffffef4", "ffffef39", "ffffef391"),
        (1e-05, "ffff584", "ffff583a", "ffff583a5"),
        (0.0001, "fff972", "fff9724", "fff97247"),
        (0.001, "ffbe7", "ffbe77", "ffbe76d"),
        (0.01, "fd71", "fd70a", "fd70a4"),
        (0.0625, "f", "f", "f"),
        (0.1, "e66", "e666", "e6666"),
        (0.125, "e", "e", "e"),
        (0.2, "ccd", "cccd", "ccccd"),
        (0.25, "c", "c", "c"),
        (1.0 / 3.0, "aab", "aaab", "aaaab"),
        (0.5, "8", "8", "8"),
        (1, "0", "0", "0"),
    ]

    @Test(arguments: specTable)
    func thresholdsMatchTheSpecTable(_ ratio: Double, _ p3: String, _ p4: String, _ p5: String) {
        #expect(ConsistentSampler(ratio: ratio, precision: 3).thresholdHex == p3)
        #expect(ConsistentSampler(ratio: ratio, precision: 4).thresholdHex == p4)
        #expect(ConsistentSampler(ratio: ratio, precision: 5).thresholdHex == p5)
    }

    @Test func fullPrecisionIsExact() {
        // python3: hex(2**56 - round(0.1 * 2**56)) == 0xe6666666666666
        #expect(ConsistentSampler.threshold(ratio: 0.1, precision: 14) == 0xe6_6666_6666_6666)
        #expect(ConsistentSampler.threshold(ratio: 0.5, precision: 14) == 0x80_0000_0000_0000)
        #expect(ConsistentSampler.threshold(ratio: 0, precision: 4) == 1 << 56)
        #expect(ConsistentSampler.threshold(ratio: 1, precision: 4) == 0)
    }

    /// Trace ids whose low 56 bits (last 14 hex digits) are the randomness R; keep iff R ≥ T.
    static let decisions: [(Double, String, Bool)] = [
        (0.5, "4bf92f3577b34da6a37fffffffffffff", false),  // R = 0x7fffffffffffff < T = 0x80000000000000
        (0.5, "4bf92f3577b34da6a380000000000000", true),   // R = T
        (0.5, "ffffffffffffffffff00000000000000", false),  // the high bits do not count
        (0.5, "00000000000000000080000000000001", true),
        (0.1, "000000000000000000e665ffffffffff", false),  // T = 0xe6660000000000 (th:e666)
        (0.1, "000000000000000000e6660000000000", true),      // R = T
        (0.25, "0000000000000000" + "00bfffffffffffff", false),  // T = 0xc0000000000000
        (0.25, "0000000000000000" + "00c00000000000ff", true),
        (1, "00000000000000000000000000000001", true),
        (0, "000000000000000000ffffffffffffff", false),
    ]

    @Test(arguments: decisions)
    func decisionsFollowTheThresholdRule(_ ratio: Double, _ hex: String, _ kept: Bool) {
        let id = UInt128(hex, radix: 16)!
        #expect(ConsistentSampler(ratio: ratio).keeps(traceID: id) == kept)
    }

    @Test func higherRatiosKeepASuperset() {
        var rng = SplitMix(seed: 42)
        let ratios = [0.001, 0.01, 0.1, 0.25, 0.5, 0.9, 1]
        for _ in 0..<2000 {
            let id = UInt128(rng.next()) << 64 | UInt128(rng.next())
            var keptBefore = false
            for ratio in ratios {
                let kept = ConsistentSampler(ratio: ratio).keeps(traceID: id)
                #expect(!keptBefore || kept)
                keptBefore = kept
            }
        }
    }

    @Test func keptShareIsCloseToTheRatio() {
        var rng = SplitMix(seed: 7)
        let sampler = ConsistentSampler(ratio: 0.1)
        var kept = 0
        for _ in 0..<20000 where sampler.keeps(traceID: UInt128(rng.next()) << 64 | UInt128(rng.next())) { kept += 1 }
        #expect((1800...2200).contains(kept))
    }

    /// The Python SDK's TraceIdRatioBased: keep iff (trace_id & (2^64 - 1)) < round(rate * 2^64).
    /// Bounds from python3: round(0.1 * 2**64) == 0x1999999999999a00.
    static let python: [(Double, UInt128, Bool)] = [
        (0.5, 0x7fff_ffff_ffff_ffff, true),
        (0.5, 0x8000_0000_0000_0000, false),
        (0.5, 0xffff_0000_0000_0000_7fff_ffff_ffff_ffff, true),
        (0.1, 0x1999_9999_9999_99ff, true),
        (0.1, 0x1999_9999_9999_9a00, false),
        (1, UInt128(UInt64.max), true),
        (0, 0, false),
    ]

    @Test(arguments: python)
    func pythonRatioMatchesThePythonSDK(_ ratio: Double, _ id: UInt128, _ kept: Bool) {
        let sampler = ConsistentSampler(ratio: ratio, algorithm: .pythonRatio)
        #expect(sampler.keeps(traceID: id) == kept)
    }

    @Test func theTwoAlgorithmsDisagreeOnPurpose() {
        let id: UInt128 = 0x4bf9_2f35_77b3_4da6_0000_0000_0000_0001
        #expect(!ConsistentSampler(ratio: 0.5).keeps(traceID: id))
        #expect(ConsistentSampler(ratio: 0.5, algorithm: .pythonRatio).keeps(traceID: id))
    }
}

