import Foundation
import SluiceTestSupport

/// One row of the chaos suite's table: what a scenario wrote and what reached the backend.
struct ChaosRow: Sendable {
    var scenario: String
    var written: Int
    var delivered: Int
    /// Lines stored under more than one id (Elasticsearch cannot drop those as 409).
    var duplicated: Int
    var lost: Int
    var deadLettered: Int
    var kills: Int
    var peakRSSMiB: Double

    /// The row as README's table shows it.
    var markdown: String {
        "| \(scenario) | \(written) | \(delivered) | \(duplicated) | \(lost) | \(deadLettered) | \(kills) | \(String(format: "%.1f", peakRSSMiB)) |"
    }

    static let header = """
        | scenario | lines written | delivered | duplicated | lost | dead-lettered | kill -9 | peak RSS MiB |
        |---|---:|---:|---:|---:|---:|---:|---:|
        """
}

/// The chaos suite's seed: `SLUICE_CHAOS_SEED` when set (to replay a failure), else a fixed
/// one, so CI runs are reproducible; printed with every row.
enum ChaosSeed {
    static var value: UInt64 {
        ProcessInfo.processInfo.environment["SLUICE_CHAOS_SEED"].flatMap { UInt64($0) } ?? 20_261_203
    }

    /// Keeps an agent's own log in `$SLUICE_CHAOS_LOGS` (when set) as `<name>.log`: with
    /// `SLUICE_TEST_LOG_LEVEL=debug`, what to read when a seed fails.
    static func keepLog(_ agent: RunningBinary, _ name: String) {
        guard let directory = ProcessInfo.processInfo.environment["SLUICE_CHAOS_LOGS"], !directory.isEmpty else { return }
        try? agent.stderr.write(toFile: directory + "/" + name + ".log", atomically: false, encoding: .utf8)
    }

    /// A pseudo-random number in 0..<100 for (`seed`, `n`): a fault decision that a
    /// `@Sendable` closure can make from a request's number alone.
    static func percent(_ seed: UInt64, _ n: Int) -> Int {
        var generator = SplitMix(seed: seed ^ UInt64(truncatingIfNeeded: n) &* 0xD6E8_FEB8_6659_FD93)
        return Int(generator.next() % 100)
    }
}
