import Foundation

/// The seed and iteration count of one fuzz test, and a fresh seeded generator per iteration.
///
/// ```
///  SLUICE_FUZZ_SEED=0x1234        base seed (decimal or 0x hex); default fixed, so CI is deterministic
///  SLUICE_FUZZ_ITERATIONS=20000   iterations for every fuzz test
///  SLUICE_FUZZ_ITERATIONS=x10     ten times each test's default
/// ```
///
/// Each iteration draws from its own `SplitMix` seeded from (test seed, iteration), so a
/// failure reported as `seed=… iteration=…` is replayed by that one iteration alone. The
/// seed and count are printed when the test starts.
public struct FuzzRun: Sendable {
    /// The default base seed (any fixed value: the point is that CI runs the same inputs).
    public static let defaultSeed: UInt64 = 0x5EED_51_1CE

    /// This test's seed: the base seed mixed with the test's name, so tests draw different inputs.
    public let seed: UInt64
    public let iterations: Int
    public let name: String

    public init(_ name: String, defaultIterations: Int, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.name = name
        let base = environment["SLUICE_FUZZ_SEED"].flatMap(Self.parseSeed) ?? Self.defaultSeed
        var h: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a of the name
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        seed = base ^ h
        iterations = Self.iterations(environment["SLUICE_FUZZ_ITERATIONS"], defaultIterations)
        print("fuzz \(name): seed=0x\(String(base, radix: 16)) iterations=\(iterations) (SLUICE_FUZZ_SEED, SLUICE_FUZZ_ITERATIONS)")
    }

    static func parseSeed(_ text: String) -> UInt64? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        return t.hasPrefix("0x") ? UInt64(t.dropFirst(2), radix: 16) : UInt64(t)
    }

    static func iterations(_ text: String?, _ defaultIterations: Int) -> Int {
        guard let t = text?.trimmingCharacters(in: .whitespaces), !t.isEmpty else { return defaultIterations }
        if t.hasPrefix("x"), let factor = Double(t.dropFirst()), factor > 0 { return max(1, Int(Double(defaultIterations) * factor)) }
        return Int(t).map { max(1, $0) } ?? defaultIterations
    }

    /// The generator of iteration `i`.
    public func rng(_ i: Int) -> SplitMix {
        var r = SplitMix(seed: seed &+ UInt64(i) &* 0xD1B5_4A32_D192_ED03)
        _ = r.next()
        return r
    }

    /// Where a failure happened, for messages: replay with `SLUICE_FUZZ_SEED` and the iteration.
    public func at(_ i: Int) -> String { "fuzz \(name) iteration \(i) (seed 0x\(String(seed, radix: 16)))" }

    /// Runs `body` for every iteration with its own generator.
    public func forEach(_ body: (Int, inout SplitMix) throws -> Void) rethrows {
        for i in 0..<iterations {
            var r = rng(i)
            try body(i, &r)
        }
    }
}
