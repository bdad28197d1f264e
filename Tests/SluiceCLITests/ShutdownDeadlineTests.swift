import Foundation
import Glibc
import SluiceCore
import SluiceTestSupport
import Testing

/// SIGTERM during an outage (issue #22): the real binary exits 0 within `shutdown_timeout`
/// plus a small fixed margin whatever its output is doing — connections refused, a request
/// that never gets an answer, 429 forever, a dead-letter write failing on a full disk — and
/// says what it left unacknowledged. Restarted against a healthy backend, it reads that again
/// and every line is stored exactly once (the fake Elasticsearch answers 409 for a repeated
/// `_id` and stores each id once).
///
/// The pipeline is a new user's: default request timeout (30 s) and retries (up to 30 s
/// apart, forever), so only the shutdown deadline can end the waits in time.
@Suite(.serialized) struct ShutdownDeadlineTests {
    /// What exiting may take beyond `shutdown_timeout` (checkpoints, closing files).
    static let margin = 0.5
    static let lineCount = 20
    static let badLine = "this line is not JSON"

    static func line(_ seq: Int) -> String { #"{"seq":\#(seq),"msg":"shutdown deadline test line"}"# }

    /// What the output is doing when SIGTERM arrives.
    enum Outage: Sendable, CustomStringConvertible {
        /// Nothing listens on the backend's port.
        case refused
        /// `_bulk` requests are read and never answered.
        case hung
        /// `_bulk` answers 429 (without `Retry-After`) every time.
        case throttled

        var description: String {
            switch self {
            case .refused: "connections refused"
            case .hung: "bulk requests never answered"
            case .throttled: "429 forever"
            }
        }
    }

    /// `outage` with `timeout` as `shutdown_timeout`.
    struct Case: Sendable, CustomTestStringConvertible {
        var outage: Outage
        var timeout: Double
        var testDescription: String { "\(outage), shutdown_timeout \(timeout)s" }
    }

    func pipeline(_ dir: TempDirectory, port: UInt16, timeout: Double) throws -> String {
        try dir.write("pipeline.yaml", """
            data_dir: \(dir.file("data"))
            shutdown_timeout: \(Int(timeout * 1000))ms
            sources:
              app: { type: file, include: ["\(dir.file("logs"))/*.log"], start_at: beginning }
            stages:
              - type: parse_json
                on_error: dead_letter
            outputs:
              es:
                type: elasticsearch
                url: http://127.0.0.1:\(port)
                index: shutdown-test
                batch: { max_age: 100ms }
            """)
    }

    /// `sluice run` on `config`, once it logged `started`.
    static func start(_ config: String) throws -> RunningBinary {
        let agent = try RunningBinary(["run", "-c", config])
        #expect(waitUntil(timeout: 30) { agent.stderr.contains(#""msg":"started""#) }, "\(agent.stderr.suffix(2000))")
        return agent
    }

    /// Sends SIGTERM and returns the exit status and the seconds until the process exited.
    static func terminate(_ agent: RunningBinary) -> (status: Int32, seconds: Double) {
        let sent = Monotonic.now()
        agent.send(SIGTERM)
        let status = agent.wait(timeout: 60)
        return (status, Monotonic.now() - sent)
    }

    /// The agent's log records whose message contains `text`.
    static func logRecords(_ stderr: String, containing text: String) -> [[String: String]] {
        stderr.split(separator: "\n").compactMap { line in
            guard let record = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String],
                record["msg"]?.contains(text) == true
            else { return nil }
            return record
        }
    }

    /// Writes `lines` to `<dir>/logs/app.log` in one write; returns its size.
    static func writeLog(_ dir: TempDirectory, _ lines: [String]) throws -> Int {
        let text = lines.map { $0 + "\n" }.joined()
        try dir.write("logs/app.log", text)
        return text.utf8.count
    }

    /// SIGTERM while the outage is in force, then the checks: exit 0 in time, the
    /// log line naming what was left unacknowledged (`expectedEvents` lines, `bytes` bytes),
    /// and, after a restart against the healthy backend, every JSON line stored once.
    func stopAndRestart(_ agent: RunningBinary, timeout: Double, config: String, es: FakeElasticsearch,
                        bytes: Int, expectedEvents: Int, settled: () -> Bool = { true },
                        heal: () throws -> Void) throws {
        let (status, seconds) = Self.terminate(agent)
        let log = agent.stderr
        #expect(status == 0, "\(log.suffix(3000))")
        #expect(seconds <= timeout + Self.margin, "exited \(seconds) s after SIGTERM; shutdown_timeout \(timeout) s\n\(log.suffix(3000))")
        print("shutdown_timeout \(timeout) s: exited \(String(format: "%.3f", seconds)) s after SIGTERM")
        let left = Self.logRecords(log, containing: "read again on the next start")
        #expect(left.count == 1, "\(log.suffix(3000))")
        if let record = left.first {
            #expect(record["unacknowledged_events"] == "\(expectedEvents)", "\(record)")
            #expect(record["unacknowledged_bytes"] == "\(bytes)", "\(record)")
            #expect(Int(record["unacknowledged_batches"] ?? "") ?? 0 >= 1, "\(record)")
        }
        #expect(!log.contains("the worker did not stop"), "\(log.suffix(3000))")
        #expect(!log.contains("shutdown deadline test line"), "event content in the agent's log")

        try heal()
        let again = try Self.start(config)
        let expected = Set(0..<Self.lineCount)
        let stored = waitUntil(timeout: 30) { es.documents.count >= expected.count && settled() }
        #expect(stored, "\(es.documents.count) of \(expected.count) documents\n\(again.stderr.suffix(3000))")
        let (restartStatus, _) = Self.terminate(again)
        #expect(restartStatus == 0, "\(again.stderr.suffix(3000))")
        let seqs = es.documents.compactMap { OutputEndToEndTests.seq(in: $0.source) }
        #expect(seqs.count == es.documents.count, "every document carries its seq")
        #expect(Set(seqs) == expected, "stored \(seqs.sorted())")
        #expect(seqs.count == expected.count, "\(seqs.count) documents for \(expected.count) lines")
    }

    @Test(arguments: [
        Case(outage: .refused, timeout: 2), Case(outage: .hung, timeout: 2), Case(outage: .throttled, timeout: 2),
        Case(outage: .refused, timeout: 10), Case(outage: .hung, timeout: 10), Case(outage: .throttled, timeout: 10),
    ])
    func sigtermDuringAnOutageExitsWithinTheDeadline(_ scenario: Case) throws {
        let dir = try TempDirectory("sluice-shutdown")
        defer { dir.remove() }
        let es = try FakeElasticsearch()
        defer { es.stop() }
        switch scenario.outage {
        case .refused: es.stop()
        case .hung: es.setRequestFault { _, request in request.method == "POST" ? .hang : nil }
        case .throttled: es.setRequestFault { _, request in request.method == "POST" ? .status(429) : nil }
        }
        let config = try pipeline(dir, port: es.port, timeout: scenario.timeout)
        let agent = try Self.start(config)
        let bytes = try Self.writeLog(dir, (0..<Self.lineCount).map(Self.line))
        let posts = { es.requests.count(where: { $0.method == "POST" }) }
        let inForce: Bool
        switch scenario.outage {
        case .refused: inForce = waitUntil(timeout: 30) { agent.stderr.contains("cannot reach elasticsearch") }
        case .hung: inForce = waitUntil(timeout: 30) { posts() >= 1 }
        // A few attempts: the output waits in a backoff (growing towards 30 s).
        case .throttled: inForce = waitUntil(timeout: 30) { posts() >= 3 }
        }
        #expect(inForce, "the outage never showed\n\(agent.stderr.suffix(3000))")
        try stopAndRestart(agent, timeout: scenario.timeout, config: config, es: es,
                           bytes: bytes, expectedEvents: Self.lineCount) {
            es.setRequestFault(nil)
            try es.restart()
        }
    }

    /// Who retries writing a dead letter to the full disk when SIGTERM arrives.
    enum StuckWriter: Sendable, CustomTestStringConvertible {
        /// The worker, for a line `parse_json` sets aside, while the backend refuses connections.
        case worker
        /// The output's thread, for a document Elasticsearch rejects (item 400).
        case output
        var testDescription: String { self == .worker ? "worker (backend down)" : "output (document rejected)" }
    }

    @Test(.enabled(if: getuid() == 0, "mounting a small tmpfs needs root"), arguments: [StuckWriter.worker, .output], [2.0, 10.0])
    func sigtermWhileADeadLetterWriteFailsOnAFullDiskExitsWithinTheDeadline(_ writer: StuckWriter, timeout: Double) throws {
        let dir = try TempDirectory("sluice-shutdown-enospc")
        defer { dir.remove() }
        let disk = try FullFilesystem(at: dir.file("data"), kibibytes: 256)
        defer { disk.unmount() }
        let es = try FakeElasticsearch()
        defer { es.stop() }
        let special: String
        switch writer {
        case .worker:
            es.stop()
            special = Self.badLine
        case .output:
            es.rejectDocuments(containing: "POISON")
            special = #"{"msg":"POISON: elasticsearch rejects this document"}"#
        }
        let config = try pipeline(dir, port: es.port, timeout: timeout)
        let agent = try Self.start(config)
        try disk.fill()
        var lines = (0..<Self.lineCount).map(Self.line)
        lines.insert(special, at: Self.lineCount / 2)
        let bytes = try Self.writeLog(dir, lines)
        #expect(waitUntil(timeout: 30) { agent.stderr.contains("cannot write the dead-letter file") }, "\(agent.stderr.suffix(3000))")
        try stopAndRestart(agent, timeout: timeout, config: config, es: es,
                           bytes: bytes, expectedEvents: lines.count,
                           settled: { (try? dir.read("data/dead_letter.ndjson"))?.hasSuffix("\n") == true }) {
            disk.free()
            try es.restart()
        }
        let letters = try dir.read("data/dead_letter.ndjson").split(separator: "\n")
        let marker = writer == .worker ? "not JSON" : "POISON"
        #expect(letters.count == 1 && letters.first?.contains(marker) == true, "\(letters)")
    }
}
