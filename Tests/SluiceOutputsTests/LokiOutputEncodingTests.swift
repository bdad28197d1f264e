import Foundation
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceOutputs

/// The Loki output with each `encoding` against the fake Loki, which reads protobuf + snappy
/// bodies as Loki does: delivery, and the handling of Loki's answers (400 naming entries, 429,
/// 413), are the same for protobuf (the default) and JSON.
@Suite struct LokiOutputEncodingTests {
    typealias T = LokiOutputTests

    static func options(_ loki: FakeLoki, _ encoding: LokiEncoding, extra: String = "") throws -> LokiOptions {
        try T.options(loki, extra: "    encoding: \(encoding.rawValue)" + (extra.isEmpty ? "" : "\n" + extra))
    }

    @Test(arguments: LokiEncoding.allCases)
    func deliversEntriesWithLabelsMetadataAndTenant(_ encoding: LokiEncoding) throws {
        let loki = try FakeLoki()
        defer { loki.stop() }
        let harness = try OutputHarness(try Self.options(loki, encoding))
        defer { harness.close() }
        let now = FileIO.nowNanoseconds()
        let lines = (0..<150).map { T.line($0, ts: now - Int64(150 - $0) * 1_000_000, level: $0 % 10 == 0 ? "error" : "info") }
        let end = try harness.submit(lines)
        #expect(harness.waitAcknowledged(end))
        let entries = loki.entries
        #expect(entries.count == 150)
        #expect(loki.entries(labels: ["app": "test", "level": "error"]).count == 15)
        #expect(entries.allSatisfy { $0.metadata?["trace_id"]?.hasPrefix("4bf92f3577b34da6a3ce929d0e0e47") == true })
        #expect(Set(entries.map(\.line)) == Set(lines))
        let pushes = loki.requests
        #expect(pushes.count == 2)
        #expect(pushes.allSatisfy {
            $0.header("content-type") == encoding.contentType && $0.header("content-encoding") == nil
                && $0.header("x-scope-orgid") == "team-a"
        })
        if encoding == .protobuf {
            // Snappy: smaller than the protobuf it holds.
            #expect(pushes.allSatisfy { push in (try? Snappy.decompress(push.body)).map { $0.count > push.body.count } == true })
        }
        #expect(harness.metrics.counter("sluice_output_events_delivered_total") == 150)
        #expect(harness.metrics.counter("sluice_output_request_bytes_total") == pushes.reduce(0) { $0 + $1.rawBodySize })
    }

    @Test(arguments: LokiEncoding.allCases)
    func a400ForSomeEntriesDeadLettersThoseAndKeepsTheRest(_ encoding: LokiEncoding) throws {
        let loki = try FakeLoki()
        defer { loki.stop() }
        let harness = try OutputHarness(try Self.options(loki, encoding))
        defer { harness.close() }
        let now = FileIO.nowNanoseconds()
        let first = try harness.submit([T.line(0, ts: now)])
        #expect(harness.waitAcknowledged(first))
        let lines = [T.line(1, ts: now + 1_000_000), T.line(2, ts: now - 2 * T.hour), T.line(3, ts: now + 2_000_000)]
        let end = try harness.submit(lines)
        #expect(harness.waitAcknowledged(end))
        #expect(Set(loki.entries.map(\.line)) == [T.line(0, ts: now), lines[0], lines[2]])
        #expect(harness.deadLetters.lines == [lines[1]])
        #expect(harness.deadLetters.letters.first?.reason == "loki refused the entry: too_far_behind")
        #expect(loki.stats.byStatus[400] == 1)
        #expect(harness.metrics.counter("sluice_loki_entries_refused_total", ["reason": "too_far_behind"]) == 1)
        #expect(harness.metrics.counter("sluice_output_events_delivered_total") == 3)
    }

    @Test(arguments: LokiEncoding.allCases)
    func tooOldForTheServerIsMappedBackToItsEvent(_ encoding: LokiEncoding) throws {
        let loki = try FakeLoki()
        defer { loki.stop() }
        let now = FileIO.nowNanoseconds()
        loki.setNow(now + 2 * T.hour)  // the server's clock is ahead: 167 h old is too old there
        let harness = try OutputHarness(try Self.options(loki, encoding))
        defer { harness.close() }
        let lines = [T.line(0, ts: now), T.line(1, ts: now - 167 * T.hour), T.line(2, ts: now, level: "warn")]
        let end = try harness.submit(lines)
        #expect(harness.waitAcknowledged(end))
        #expect(Set(loki.entries.map(\.line)) == [lines[0], lines[2]])
        #expect(harness.deadLetters.lines == [lines[1]])
        #expect(loki.requests.count == 1, "a 400 is never retried")
    }

    @Test(arguments: LokiEncoding.allCases, [true, false])
    func rateLimitedPushesAreRetriedAndNothingIsStoredTwice(_ encoding: LokiEncoding, retryAfter: Bool) throws {
        let loki = try FakeLoki()
        defer { loki.stop() }
        loki.setRequestFault { n, _ in n <= 2 ? .status(429, retryAfter: retryAfter ? 0 : nil) : nil }
        let harness = try OutputHarness(try Self.options(loki, encoding))
        defer { harness.close() }
        let now = FileIO.nowNanoseconds()
        let lines = (0..<20).map { T.line($0, ts: now + Int64($0)) }
        let end = try harness.submit(lines)
        #expect(harness.waitAcknowledged(end))
        #expect(loki.entries.count == 20)
        #expect(loki.requests.count == 3)
        #expect(Set(loki.requests.map(\.body)).count == 1, "the same body is sent again")
        #expect(loki.stats.byStatus[429] == 2)
        #expect(harness.metrics.counter("sluice_output_request_failures_total", ["kind": "http"]) == 2)
    }

    @Test(arguments: LokiEncoding.allCases)
    func http413SplitsTheBatchAndATooLargeSingleEntryIsDeadLettered(_ encoding: LokiEncoding) throws {
        let loki = try FakeLoki()
        defer { loki.stop() }
        // More than two entries, or the "huge" one: 413.
        loki.setRequestFault { _, request in
            guard let entries = FakeLoki.entries(of: request) else { return .status(400) }
            return entries.count > 2 || entries.contains { $0.line.contains("huge") } ? .status(413) : nil
        }
        let harness = try OutputHarness(try Self.options(loki, encoding))
        defer { harness.close() }
        let now = FileIO.nowNanoseconds()
        let lines = (0..<8).map { n in
            n == 6 ? #"{"ts":\#(now + 6),"level":"info","n":6,"huge":true}"# : T.line(n, ts: now + Int64(n))
        }
        let end = try harness.submit(lines)
        #expect(harness.waitAcknowledged(end))
        #expect(Set(loki.entries.map(\.line)) == Set(lines.enumerated().filter { $0.offset != 6 }.map(\.element)))
        #expect(harness.deadLetters.lines == [lines[6]])
        #expect(harness.deadLetters.letters.first?.reason == "the entry is larger than loki accepts (HTTP 413)")
        #expect(harness.metrics.counter("sluice_output_batch_splits_total") > 0)
        #expect(loki.requests.allSatisfy { $0.header("content-type") == encoding.contentType })
    }
}
