import Foundation
import Glibc
import SluiceCore
import SluiceTestSupport
import Testing

/// The chaos suite: the real binary against a loopback Elasticsearch that fails at random
/// (429 with and without `Retry-After`, 500, hung requests, closed connections, per-item 429
/// and 503, documents refused for good), refused connections while it is down, writers that
/// rotate by rename and copytruncate, `kill -9` at random moments, few descriptors and new
/// directories. Seeded (``ChaosSeed``) and bounded; every scenario checks exact counts: no
/// line lost, none stored under two ids, the dead letters exactly the refused lines.
@Suite(.serialized) struct ChaosTests {
    typealias E2E = OutputEndToEndTests

    /// A pipeline from `include` (globs under `<dir>/logs`) to the fake Elasticsearch.
    func pipeline(_ dir: TempDirectory, include: [String], port: UInt16) throws -> String {
        try dir.write("pipeline.yaml", """
            data_dir: \(dir.file("data"))
            shutdown_timeout: 3s
            checkpoints: { interval: 200ms }
            sources:
              app: { type: file, include: [\(include.map { "\"\(dir.file("logs"))/\($0)\"" }.joined(separator: ", "))], rotate_wait: 2s }
            stages:
              - type: parse_json
            outputs:
              es:
                type: elasticsearch
                url: http://127.0.0.1:\(port)
                index: "chaos-%{+YYYY.MM.dd}"
                timeout: 1s
                batch: { max_events: 400, max_age: 50ms }
                retry: { initial: 10ms, max: 200ms }
            """)
    }

    /// Random request and item faults, decided from the seed and the request's number.
    func injectFaults(_ es: FakeElasticsearch, seed: UInt64) {
        es.setRequestFault { n, _ in
            switch ChaosSeed.percent(seed, n) {
            case 0..<6: .status(429, retryAfter: n % 2 == 0 ? 1 : nil)
            case 6..<11: .status(500)
            case 11..<13: .hang
            case 13..<15: .close
            default: nil
            }
        }
        let marker = E2E.rejectMarker
        es.setItemFault { item, attempt in
            // Refused for good (400): dead-lettered.
            if item.sourceText.contains(marker) { return .documentParsing() }
            guard attempt == 1 else { return nil }
            return switch ChaosSeed.percent(seed ^ 0xA5A5, item.id.utf8.reduce(0) { ($0 &* 31) &+ Int($1) } & 0xFFFF) {
            case 0..<2: .rejected
            case 2..<3: .unavailable
            default: nil
            }
        }
    }

    /// What the backend holds against what was written: the row, after the checks.
    func check(
        _ scenario: String, es: FakeElasticsearch, dir: TempDirectory, written: Int, kills: Int, peakRSS: Int
    ) -> ChaosRow {
        let rejected = Set((0..<written).filter(E2E.isRejected))
        let seqs = es.documents.compactMap { E2E.seq(in: $0.source) }
        let distinct = Set(seqs)
        let lost = Set(0..<written).subtracting(rejected).subtracting(distinct).sorted()
        let letters = E2E.deadLetters(dir)
        let row = ChaosRow(
            scenario: scenario, written: written, delivered: distinct.count, duplicated: seqs.count - distinct.count, lost: lost.count,
            deadLettered: Set(letters.map(\.seq)).count, kills: kills, peakRSSMiB: Double(peakRSS) / 1_048_576)
        #expect(lost.isEmpty, "\(scenario): \(lost.count) lines lost: \(RotatingLogWriter.ranges(lost))")
        var counts: [Int: Int] = [:]
        for seq in seqs { counts[seq, default: 0] += 1 }
        let twice = counts.filter { $0.value > 1 }.keys.sorted()
        if let first = twice.first {
            let ids = es.documents.filter { E2E.seq(in: $0.source) == first }.map(\.id)
            print("chaos debug: seq \(first) ids \(ids)")
        }
        #expect(row.duplicated == 0, "\(scenario): \(row.duplicated) lines stored under a second id: \(RotatingLogWriter.ranges(twice))")
        #expect(distinct.isDisjoint(with: rejected), "\(scenario): a refused line was stored")
        #expect(Set(letters.map(\.seq)) == rejected, "\(scenario): dead letters differ from the refused lines: \(Set(letters.map(\.seq)).symmetricDifference(rejected).sorted().prefix(10))")
        print("chaos (seed \(ChaosSeed.value)): \(row.markdown)")
        return row
    }

    /// 60,000 lines through a writer that rotates by rename every 10,000 and copytruncates every
    /// 25,000; twelve `kill -9` at random moments; the backend refuses connections now and
    /// then and fails requests and items at random.
    @Test(arguments: ["*.log", "app.log*"])
    func killLoopAgainstAFailingBackend(include: String) throws {
        let seed = ChaosSeed.value ^ UInt64(include.utf8.count)
        var random = SplitMix(seed: seed)
        let total = 60_000
        let kills = 12
        let dir = try TempDirectory("sluice-chaos")
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("logs"), withIntermediateDirectories: true)
        let es = try FakeElasticsearch()
        defer { es.stop() }
        injectFaults(es, seed: seed)
        let config = try pipeline(dir, include: [include], port: es.port)
        let writer = RotatingLogWriter(dir: dir.file("logs"))
        writer.line = E2E.line
        var peakRSS = 0
        var written = 0
        for round in 0..<kills {
            let agent = try E2E.start(config)
            writer.agentPID = agent.process.processIdentifier
            let down = Int.random(in: 0..<4, using: &random) == 0
            if down { es.stop() }
            let next = min(total, written + total / kills)
            try writer.write(written..<next)
            written = next
            // A random moment: while it reads, sends, retries or writes checkpoints.
            usleep(UInt32.random(in: 20_000..<400_000, using: &random))
            if down { try es.restart() }
            usleep(UInt32.random(in: 0..<200_000, using: &random))
            peakRSS = max(peakRSS, E2E.residentBytes(agent.process.processIdentifier) ?? 0)
            _ = RotatingLogWriter.kill(agent, dir)
            ChaosSeed.keepLog(agent, "kill-loop-\(include.utf8.count)-\(round)")
            #expect(agent.process.terminationReason == .uncaughtSignal, "round \(round): the agent had exited by itself: \(agent.stderr.suffix(1000))")
        }
        let agent = try E2E.start(config)
        let expected = total - (0..<total).filter(E2E.isRejected).count
        let arrived = waitUntil(timeout: 180) {
            Set(es.documents.compactMap { E2E.seq(in: $0.source) }).count >= expected
                && Set(E2E.deadLetters(dir).map(\.seq)).count >= total / 1000
        }
        #expect(arrived, "\(es.documents.count) documents of \(expected)")
        peakRSS = max(peakRSS, E2E.residentBytes(agent.process.processIdentifier) ?? 0)
        agent.send(SIGTERM)
        #expect(agent.wait() == 0, "\(agent.stderr.suffix(2000))")
        _ = check("kill loop, \(include), rename + copytruncate, faults", es: es, dir: dir, written: total, kills: kills, peakRSS: peakRSS)
    }

    /// Few descriptors (`prlimit --nofile=64`) for 120 files in 40 directories that appear
    /// while the agent runs, each file created, filled and rotated at once; `kill -9` twice.
    @Test func newDirectoriesAndFewDescriptorsUnderKills() throws {
        let seed = ChaosSeed.value ^ 0x5EED
        var random = SplitMix(seed: seed)
        let dir = try TempDirectory("sluice-chaos-dirs")
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("logs"), withIntermediateDirectories: true)
        let es = try FakeElasticsearch()
        defer { es.stop() }
        injectFaults(es, seed: seed)
        let config = try pipeline(dir, include: ["*/*.log"], port: es.port)
        let limited = ["/usr/bin/prlimit", "--nofile=64:64"]
        var seq = 0
        var kills = 0
        var peakRSS = 0
        for round in 0..<3 {
            let level = ProcessInfo.processInfo.environment["SLUICE_TEST_LOG_LEVEL"] ?? "info"
            let agent = try RunningBinary(["run", "-c", config, "--log-level", level], launcher: limited)
            defer { ChaosSeed.keepLog(agent, "new-directories-\(round)") }
            #expect(waitUntil(timeout: 30) { agent.stderr.contains(#""msg":"started""#) }, "\(agent.stderr.suffix(2000))")
            for directory in 0..<40 where directory % 3 == round {
                let path = dir.file("logs/run-\(directory)")
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                for name in ["app", "worker"] {
                    var text = ""
                    for _ in 0..<60 {
                        text += E2E.line(seq, 0) + "\n"
                        seq += 1
                    }
                    try Data(text.utf8).write(to: URL(fileURLWithPath: path + "/\(name).log"))
                    // Rotated within microseconds of its creation, and a new one begun.
                    #expect(rename(path + "/\(name).log", path + "/\(name).log.1") == 0)
                    try Data((E2E.line(seq, 0) + "\n").utf8).write(to: URL(fileURLWithPath: path + "/\(name).log"))
                    seq += 1
                }
            }
            usleep(UInt32.random(in: 50_000..<300_000, using: &random))
            peakRSS = max(peakRSS, E2E.residentBytes(agent.process.processIdentifier) ?? 0)
            if round < 2 {
                _ = RotatingLogWriter.kill(agent, dir)
                kills += 1
                continue
            }
            let expected = seq - (0..<seq).filter(E2E.isRejected).count
            let arrived = waitUntil(timeout: 120) { Set(es.documents.compactMap { E2E.seq(in: $0.source) }).count >= expected }
            #expect(arrived, "\(es.documents.count) documents of \(expected)")
            agent.send(SIGTERM)
            #expect(agent.wait() == 0, "\(agent.stderr.suffix(2000))")
            #expect(!agent.stderr.contains("cannot write checkpoints"), "checkpoint writes failed for want of descriptors")
        }
        _ = check("new directories, rotated at once, 64 descriptors", es: es, dir: dir, written: seq, kills: kills, peakRSS: peakRSS)
    }
}
