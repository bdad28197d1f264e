import Foundation
import Glibc
import SluiceCore
import SluiceTestSupport
import Testing

/// The acceptance test of the outputs: the real binary tails rotating files into the loopback
/// Elasticsearch and Loki while they fail (down, 429 with and without `Retry-After`, 500, per-item
/// rejections) and the agent is killed with -9 and restarted.
@Suite(.serialized) struct OutputEndToEndTests {
    /// Lines carry their own time, so a replay sends identical documents and entries.
    static let baseMillis = (Int64(Date().timeIntervalSince1970) - 600) * 1000
    static let rejectMarker = "POISON"

    /// RFC 3339 UTC with milliseconds for `baseMillis + seq` (Sluice's calendar arithmetic;
    /// Calendar is too slow for hundreds of thousands of lines in a debug build).
    static func timestamp(_ seq: Int) -> String {
        let millis = baseMillis + Int64(seq)
        let t = CivilTime(nanosecondsSinceEpoch: millis * 1_000_000)
        func pad(_ n: Int, _ width: Int) -> String {
            let digits = String(n)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(t.year, 4))-\(pad(t.month, 2))-\(pad(t.day, 2))T\(pad(t.hour, 2)):\(pad(t.minute, 2)):\(pad(t.second, 2)).\(pad(t.nanosecond / 1_000_000, 3))Z"
    }

    /// Line `seq`: every 1000th (from 7) carries the marker the fake Elasticsearch rejects.
    static func line(_ seq: Int, _ gen: Int) -> String {
        let msg = isRejected(seq) ? "\(rejectMarker) line" : "end to end line for output testing"
        return "{\"seq\":\(seq),\"gen\":\(gen),\"@timestamp\":\"\(timestamp(seq))\",\"msg\":\"\(msg)\"}"
    }

    static func isRejected(_ seq: Int) -> Bool { seq % 1000 == 7 }

    /// The value of the first `"seq":` in `text`.
    static func seq(in text: some Collection<UInt8>) -> Int? {
        let key = Array("\"seq\":".utf8)
        let bytes = Array(text)
        guard bytes.count >= key.count else { return nil }
        for i in 0...(bytes.count - key.count) where bytes[i] == key[0] && Array(bytes[i..<(i + key.count)]) == key {
            var j = i + key.count
            var value = 0
            var digits = 0
            while j < bytes.count, bytes[j] >= 48, bytes[j] <= 57 {
                value = value * 10 + Int(bytes[j] - 48)
                digits += 1
                j += 1
            }
            return digits > 0 ? value : nil
        }
        return nil
    }

    /// `sluice run` on `config`, once it logged `started`.
    static func start(_ config: String) throws -> RunningBinary {
        // SLUICE_TEST_LOG_LEVEL=debug keeps the agents' own logs detailed (for a failure).
        let level = ProcessInfo.processInfo.environment["SLUICE_TEST_LOG_LEVEL"] ?? "info"
        let agent = try RunningBinary(["run", "-c", config, "--log-level", level])
        #expect(waitUntil(timeout: 30) { agent.stderr.contains(#""msg":"started""#) }, "\(agent.stderr.suffix(2000))")
        return agent
    }

    /// The dead-letter records' (seq, stage, reason).
    static func deadLetters(_ dir: TempDirectory) -> [(seq: Int, stage: String, reason: String)] {
        let text = (try? dir.read("data/dead_letter.ndjson")) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let record = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let event = record["event"] as? [String: Any], let seq = event["seq"] as? Int
            else { return nil }
            return (seq, record["stage"] as? String ?? "", record["reason"] as? String ?? "")
        }
    }

    static func deadLetterCount(_ dir: TempDirectory) -> Int {
        guard let data = FileManager.default.contents(atPath: dir.file("data/dead_letter.ndjson")) else { return 0 }
        return data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// The agent's resident set size in bytes (`VmRSS` of /proc/<pid>/status).
    static func residentBytes(_ pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return nil }
        let kib = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) }
        return kib.map { $0 * 1024 }
    }

    /// A pipeline tailing `<dir>/logs/*.log` through `parse_json` into `output` (its YAML
    /// lines under `outputs:`, indented by four spaces), with fast checkpoints and retries.
    func pipeline(_ dir: TempDirectory, output: String, maxEvents: Int = 500) throws -> String {
        try dir.write("pipeline.yaml", """
            data_dir: \(dir.file("data"))
            shutdown_timeout: 5s
            checkpoints: { interval: 200ms }
            sources:
              app: { type: file, include: ["\(dir.file("logs"))/*.log"], start_at: beginning, rotate_wait: 2s }
            stages:
              - type: parse_json
            outputs:
            \(output)
                batch: { max_events: \(maxEvents), max_age: 100ms }
                retry: { initial: 10ms, max: 200ms }
            """)
    }

    func elasticsearchPipeline(_ dir: TempDirectory, port: UInt16, maxEvents: Int = 500) throws -> String {
        try pipeline(dir, output: """
              es:
                type: elasticsearch
                url: http://127.0.0.1:\(port)
                index: "e2e-%{+YYYY.MM.dd}"
            """, maxEvents: maxEvents)
    }

    // MARK: - Elasticsearch

    /// 100,000 lines across rotations; the backend down at the start, then 429 (every third
    /// request, a third of them with `Retry-After`) and 500 (every fifth); one kill -9 in the
    /// middle; every 1000th line rejected per item.
    @Test func elasticsearchEveryLineExactlyOnceThroughOutageFaultsAndKill() throws {
        let total = 100_000
        let rejected = Set((0..<total).filter(Self.isRejected))
        let expectedStored = total - rejected.count
        let dir = try TempDirectory("sluice-e2e-es")
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("logs"), withIntermediateDirectories: true)
        let es = try FakeElasticsearch()
        defer { es.stop() }
        es.rejectDocuments(containing: Self.rejectMarker)
        es.setRequestFault { n, _ in
            if n % 3 == 0 { return .status(429, retryAfter: n % 9 == 0 ? 1 : nil) }
            if n % 5 == 0 { return .status(500) }
            return nil
        }
        es.stop()  // down: connections refused
        let config = try elasticsearchPipeline(dir, port: es.port)
        let writer = RotatingLogWriter(dir: dir.file("logs"))
        writer.line = Self.line

        var agent = try Self.start(config)
        writer.agentPID = agent.process.processIdentifier
        try writer.write(0..<30_000)
        #expect(waitUntil(timeout: 30) { agent.stderr.contains("cannot reach elasticsearch") }, "the agent never found the backend down")
        #expect(es.documents.isEmpty)
        try es.restart()
        try writer.write(30_000..<60_000)
        // Kill while it delivers: some of what arrived is not checkpointed yet.
        #expect(waitUntil(timeout: 120) { es.documents.count >= 45_000 }, "\(es.documents.count) documents before the kill")
        let (checkpointsAtKill, openAtKill) = RotatingLogWriter.kill(agent, dir)
        let storedAtKill = Set(es.documents.compactMap { Self.seq(in: $0.source) })
        let deadAtKill = Set(Self.deadLetters(dir).map(\.seq))
        let conflictsBefore = es.conflictCount
        #expect(conflictsBefore == 0, "no replays before the kill")
        // Stored at the kill but surely not checkpointed: these must be sent again (409).
        let mustReplay = storedAtKill.filter { writer.isCheckpointed($0, checkpoints: checkpointsAtKill, open: openAtKill) == false }.count

        agent = try Self.start(config)
        writer.agentPID = agent.process.processIdentifier
        try writer.write(60_000..<total)
        let arrived = waitUntil(timeout: 180) {
            es.documents.count >= expectedStored && Self.deadLetterCount(dir) >= rejected.count
        }
        #expect(arrived, "\(es.documents.count) of \(expectedStored) documents, \(Self.deadLetterCount(dir)) of \(rejected.count) dead letters")
        // A clean stop delivers whatever is still on its way: the counts below are final.
        agent.send(SIGTERM)
        let status = agent.wait()
        #expect(status == 0, "\(agent.stderr.suffix(2000))")

        let documents = es.documents
        let seqs = documents.compactMap { Self.seq(in: $0.source) }
        #expect(seqs.count == documents.count, "every document carries its seq")
        let distinct = Set(seqs)
        let missing = Set(0..<total).subtracting(rejected).subtracting(distinct).sorted()
        #expect(missing.isEmpty, "\(missing.count) lines never stored: \(RotatingLogWriter.ranges(missing))")
        #expect(documents.count == expectedStored, "total stored \(documents.count), expected \(expectedStored)")
        #expect(distinct.count == expectedStored, "distinct stored \(distinct.count), expected \(expectedStored)")
        #expect(distinct.isDisjoint(with: rejected), "a rejected line was stored")

        // Idempotent replays: what was stored but not checkpointed came again and got 409.
        #expect(es.conflictCount >= mustReplay && (mustReplay == 0 || es.conflictCount > 0),
                "\(es.conflictCount) conflicts, \(mustReplay) lines stored past the checkpoint at the kill; checkpoint at the kill: \(checkpointsAtKill.map { "\($0.inode)@\($0.offset)" })")
        let stats = es.stats
        #expect(stats.byStatus[429, default: 0] > 0 && stats.byStatus[500, default: 0] > 0)

        // The dead-letter file holds exactly the rejected lines. A rejected line can be there
        // twice only when it was dead-lettered before the kill and not checkpointed (the
        // replay window): it is dead-lettered before its acknowledgement.
        let letters = Self.deadLetters(dir)
        #expect(letters.count == Self.deadLetterCount(dir), "every dead-letter record parses")
        #expect(Set(letters.map(\.seq)) == rejected, "dead letters: \(Set(letters.map(\.seq)).symmetricDifference(rejected).sorted().prefix(10))")
        #expect(letters.allSatisfy { $0.stage == "outputs.es" && $0.reason.contains("document_parsing_exception") })
        var seen: Set<Int> = []
        var repeated: [Int] = []
        for letter in letters where !seen.insert(letter.seq).inserted { repeated.append(letter.seq) }
        let badRepeats = repeated.filter { !deadAtKill.contains($0) || writer.isCheckpointed($0, checkpoints: checkpointsAtKill, open: openAtKill) == true }
        #expect(badRepeats.isEmpty, "dead-lettered twice outside the replay window: \(badRepeats)")
        print("elasticsearch e2e: \(documents.count) stored, \(es.conflictCount) conflicts (409), \(mustReplay) past the checkpoint at the kill, \(letters.count) dead letters (\(repeated.count) repeated from the replay window), \(stats.requests) requests \(stats.byStatus)")
    }

    // MARK: - Memory while the backend is down

    /// A 300,000-line backlog with the backend down: the agent's memory stays flat while it
    /// retries (the files are the buffer), then everything arrives.
    @Test func memoryStaysFlatWhileTheBackendIsDown() throws {
        let total = 300_000
        let dir = try TempDirectory("sluice-e2e-mem")
        defer { dir.remove() }
        var text = ""
        text.reserveCapacity(total * 120)
        for seq in 0..<total {
            text += "{\"seq\":\(seq),\"@timestamp\":\"\(Self.timestamp(seq % 1000))\",\"msg\":\"backlog line while the backend is down\"}\n"
        }
        try dir.write("logs/app.log", text)
        text = ""
        let es = try FakeElasticsearch()
        defer { es.stop() }
        es.stop()
        let config = try elasticsearchPipeline(dir, port: es.port, maxEvents: 2000)
        let agent = try Self.start(config)
        let pid = agent.process.processIdentifier
        #expect(waitUntil(timeout: 30) { agent.stderr.contains("cannot reach elasticsearch") })
        // Sampling cadence, not synchronisation: the agent is retrying throughout.
        var samples: [Int] = []
        for _ in 0..<7 {
            usleep(500_000)
            if let rss = Self.residentBytes(pid) { samples.append(rss) }
        }
        let mib = samples.map { Double($0) / 1_048_576 }
        #expect(samples.count == 7, "VmRSS unreadable")
        #expect((samples.max() ?? .max) < 80 << 20, "VmRSS samples (MiB): \(mib)")
        #expect((samples.last ?? 0) - (samples.first ?? 0) < 4 << 20, "VmRSS grew while the backend was down (MiB): \(mib)")
        #expect(es.documents.isEmpty)

        try es.restart()
        #expect(waitUntil(timeout: 120) { es.documents.count >= total }, "\(es.documents.count) of \(total) arrived")
        agent.send(SIGTERM)
        #expect(agent.wait() == 0, "\(agent.stderr.suffix(2000))")
        let seqs = Set(es.documents.compactMap { Self.seq(in: $0.source) })
        #expect(seqs.count == total && es.documents.count == total)
        print("memory while down: VmRSS MiB \(mib.map { ($0 * 10).rounded() / 10 })")
    }

    // MARK: - Loki

    /// 20,000 lines across rotations; 429 on every third push and 500 on every fifth; one
    /// kill -9. Lines carry their own timestamps, so replays are identical entries which Loki
    /// (and the fake) drops: every line is stored exactly once.
    @Test func lokiEveryLineExactlyOnceThroughFaultsAndKill() throws {
        let total = 20_000
        let dir = try TempDirectory("sluice-e2e-loki")
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("logs"), withIntermediateDirectories: true)
        let loki = try FakeLoki()
        defer { loki.stop() }
        loki.setRequestFault { n, _ in
            if n % 3 == 0 { return .status(429, retryAfter: n % 9 == 0 ? 1 : nil) }
            if n % 5 == 0 { return .status(500) }
            return nil
        }
        let config = try pipeline(dir, output: """
              loki:
                type: loki
                url: \(loki.baseURL)
                labels: { job: e2e }
            """)
        let writer = RotatingLogWriter(dir: dir.file("logs"))
        writer.line = { seq, gen in
            "{\"seq\":\(seq),\"gen\":\(gen),\"@timestamp\":\"\(Self.timestamp(seq))\",\"msg\":\"loki end to end line\"}"
        }
        var agent = try Self.start(config)
        writer.agentPID = agent.process.processIdentifier
        try writer.write(0..<(total / 2))
        #expect(waitUntil(timeout: 60) { loki.entries.count >= total / 4 }, "\(loki.entries.count) entries before the kill")
        let (checkpointsAtKill, openAtKill) = RotatingLogWriter.kill(agent, dir)
        let storedAtKill = Set(loki.entries.compactMap { Self.seq(in: Array($0.line.utf8)) })
        let mustReplay = storedAtKill.filter { writer.isCheckpointed($0, checkpoints: checkpointsAtKill, open: openAtKill) == false }
        let requestsAtKill = loki.requests.count
        agent = try Self.start(config)
        writer.agentPID = agent.process.processIdentifier
        try writer.write((total / 2)..<total)
        let arrived = waitUntil(timeout: 120) { loki.entries.count >= total }
        #expect(arrived, "\(loki.entries.count) of \(total) entries")
        // A clean stop delivers whatever is still on its way: the counts below are final.
        agent.send(SIGTERM)
        #expect(agent.wait() == 0, "\(agent.stderr.suffix(2000))")

        let entries = loki.entries
        let seqs = entries.compactMap { Self.seq(in: Array($0.line.utf8)) }
        let missing = Set(0..<total).subtracting(seqs).sorted()
        #expect(missing.isEmpty, "\(missing.count) lines never stored: \(RotatingLogWriter.ranges(missing))")
        #expect(entries.count == total && Set(seqs).count == total, "\(entries.count) entries, \(Set(seqs).count) distinct")
        #expect(entries.allSatisfy { $0.labels == ["job": "e2e"] })
        // Each entry's time is its line's own.
        let wrongTime = entries.filter { entry in
            guard let seq = Self.seq(in: Array(entry.line.utf8)) else { return true }
            return entry.timestamp != (Self.baseMillis + Int64(seq)) * 1_000_000
        }
        #expect(wrongTime.isEmpty, "\(wrongTime.count) entries not at their line's time")
        let stats = loki.stats
        #expect(stats.byStatus[429, default: 0] > 0 && stats.byStatus[500, default: 0] > 0)
        #expect(Self.deadLetterCount(dir) == 0)
        // What was stored but not checkpointed at the kill was pushed again by the new agent
        // (and dropped as exact duplicates: the counts above are exact).
        var resent: Set<Int> = []
        for request in loki.requests.dropFirst(requestsAtKill) {
            // The body as Loki reads it (protobuf + snappy, the default; or JSON).
            resent.formUnion((FakeLoki.entries(of: request) ?? []).compactMap { Self.seq(in: Array($0.line.utf8)) })
        }
        let notResent = mustReplay.subtracting(resent).sorted()
        #expect(notResent.isEmpty, "stored past the checkpoint at the kill but never pushed again: \(RotatingLogWriter.ranges(notResent))")
        print("loki e2e: \(entries.count) stored, \(mustReplay.count) pushed again after the kill and dropped as duplicates, \(stats.requests) pushes \(stats.byStatus)")
    }
}
