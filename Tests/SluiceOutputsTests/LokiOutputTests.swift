import Foundation
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceOutputs

/// The Loki output against a loopback server that answers like Loki 3.8
/// (`shared/fixtures/loki`).
@Suite struct LokiOutputTests {
    static func options(_ loki: FakeLoki, extra: String = "") throws -> LokiOptions {
        let yaml = """
            sources:
              app: { type: file, include: ["/tmp/none/*.jsonl"] }
            outputs:
              loki:
                type: loki
                url: \(loki.baseURL)
                tenant: team-a
                labels: { app: test, level: "%{[level]}" }
                batch: { max_events: 100, max_age: 50ms }
                retry: { initial: 5ms, max: 50ms }
            \(extra)
            """
        let loader = PipelineLoader(stageTypes: [], outputTypes: [LokiOptions.self], environment: [:])
        return try loader.load(text: yaml, file: "/tmp/p.yaml").get().outputs[0].options as! LokiOptions
    }

    static let hour: Int64 = 3600 * 1_000_000_000

    static func line(_ n: Int, ts: Int64, level: String = "info") -> String {
        #"{"ts":\#(ts),"level":"\#(level)","n":\#(n),"trace_id":"4bf92f3577b34da6a3ce929d0e0e47\#(String(format: "%02d", n % 100))"}"#
    }

    @Test func deliversEntriesWithLabelsMetadataTenantAndGzip() throws {
        let loki = try FakeLoki()
        defer { loki.stop() }
        let harness = try OutputHarness(try Self.options(loki, extra: "    compression: gzip"))
        defer { harness.close() }
        let now = FileIO.nowNanoseconds()
        let lines = (0..<150).map { Self.line($0, ts: now - Int64(150 - $0) * 1_000_000, level: $0 % 10 == 0 ? "error" : "info") }
        let end = try harness.submit(lines)
        #expect(harness.waitAcknowledged(end))
        let entries = loki.entries
        #expect(entries.count == 150)
        #expect(loki.entries(labels: ["app": "test", "level": "error"]).count == 15)
        #expect(entries.allSatisfy { $0.metadata?["trace_id"]?.hasPrefix("4bf92f3577b34da6a3ce929d0e0e47") == true })
        #expect(Set(entries.map(\.line)) == Set(lines))
        let pushes = loki.requests
        #expect(pushes.count == 2)
        // gzip compresses JSON only: without an encoding key it selects JSON.
        #expect(pushes.allSatisfy {
            $0.header("content-encoding") == "gzip" && $0.header("content-type") == "application/json" && $0.header("x-scope-orgid") == "team-a"
        })
        #expect(harness.metrics.counter("sluice_output_events_delivered_total") == 150)
    }

    @Test func entriesLokiWouldRefuseAreDeadLetteredBeforeSending() throws {
        let loki = try FakeLoki()
        defer { loki.stop() }
        let harness = try OutputHarness(try Self.options(loki))
        defer { harness.close() }
        let now = FileIO.nowNanoseconds()
        let lines = [Self.line(0, ts: now), Self.line(1, ts: now - 200 * Self.hour), Self.line(2, ts: now + Self.hour)]
        let end = try harness.submit(lines)
        #expect(harness.waitAcknowledged(end))
        #expect(loki.entries.map(\.line) == [lines[0]])
        #expect(harness.deadLetters.lines == [lines[1], lines[2]])
        #expect(harness.deadLetters.letters.map(\.reason) == ["loki would refuse the entry: too_old", "loki would refuse the entry: too_new"])
        #expect(harness.metrics.counter("sluice_loki_entries_refused_before_sending_total", ["reason": "too_old"]) == 1)
        #expect(harness.metrics.counter("sluice_loki_entries_refused_before_sending_total", ["reason": "too_new"]) == 1)
    }

    @Test func a400ForSomeEntriesDeadLettersThoseAndKeepsTheRest() throws {
        let loki = try FakeLoki()
        defer { loki.stop() }
        let harness = try OutputHarness(try Self.options(loki))
        defer { harness.close() }
        let now = FileIO.nowNanoseconds()
        // The stream's newest entry first; then a batch with one entry two hours behind it.
        let first = try harness.submit([Self.line(0, ts: now)])
        #expect(harness.waitAcknowledged(first))
        let lines = [Self.line(1, ts: now + 1_000_000), Self.line(2, ts: now - 2 * Self.hour), Self.line(3, ts: now + 2_000_000)]
        let end = try harness.submit(lines)
        #expect(harness.waitAcknowledged(end))
        #expect(Set(loki.entries.map(\.line)) == [Self.line(0, ts: now), lines[0], lines[2]])
        #expect(harness.deadLetters.lines == [lines[1]])
        #expect(harness.deadLetters.letters.first?.reason == "loki refused the entry: too_far_behind")
        #expect(loki.stats.byStatus[400] == 1)
        #expect(harness.metrics.counter("sluice_loki_entries_refused_total", ["reason": "too_far_behind"]) == 1)
        #expect(harness.metrics.counter("sluice_loki_entries_refused_total") == 1)
        #expect(harness.metrics.counter("sluice_output_responses_total", ["status": "400"]) == 1)
    }

    @Test func tooOldForTheServerIsDeadLetteredAndTheGoodEntriesAreStored() throws {
        let loki = try FakeLoki()
        defer { loki.stop() }
        let now = FileIO.nowNanoseconds()
        loki.setNow(now + 2 * Self.hour)  // the server's clock is ahead: 167 h old is too old there
        let harness = try OutputHarness(try Self.options(loki))
        defer { harness.close() }
        let lines = [Self.line(0, ts: now), Self.line(1, ts: now - 167 * Self.hour)]
        let end = try harness.submit(lines)
        #expect(harness.waitAcknowledged(end))
        #expect(loki.entries.map(\.line) == [lines[0]])
        #expect(harness.deadLetters.lines == [lines[1]])
        #expect(loki.requests.count == 1, "a 400 is never retried")
    }

    @Test(arguments: [(429, true), (429, false), (500, false), (503, false)])
    func retriableAnswersAreRetriedAndNothingIsStoredTwice(status: Int, retryAfter: Bool) throws {
        let loki = try FakeLoki()
        defer { loki.stop() }
        loki.setRequestFault { n, _ in n <= 2 ? .status(status, retryAfter: retryAfter ? 0 : nil) : nil }
        let harness = try OutputHarness(try Self.options(loki))
        defer { harness.close() }
        let now = FileIO.nowNanoseconds()
        let lines = (0..<20).map { Self.line($0, ts: now + Int64($0)) }
        let end = try harness.submit(lines)
        #expect(harness.waitAcknowledged(end))
        #expect(loki.entries.count == 20)
        #expect(loki.requests.count == 3)
        #expect(harness.metrics.counter("sluice_output_request_failures_total", ["kind": "http"]) == 2)
    }

    @Test func aHungServerTimesOutAndTheBatchIsSentAgain() throws {
        let loki = try FakeLoki()
        defer { loki.stop() }
        loki.setRequestFault { n, _ in n == 1 ? .hang : nil }
        let harness = try OutputHarness(try Self.options(loki, extra: "    timeout: 300ms"))
        defer { harness.close() }
        let end = try harness.submit([Self.line(0, ts: FileIO.nowNanoseconds())])
        #expect(harness.waitAcknowledged(end))
        #expect(loki.entries.count == 1)
        #expect(harness.metrics.counter("sluice_output_request_failures_total", ["kind": "transport"]) == 1)
    }
}
