import Foundation
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceOutputs

/// The OTLP output against loopback receivers answering like an OpenTelemetry Collector and
/// like Loki's OTLP endpoint (`shared/fixtures/loki-otlp`): what each answer does to the
/// batch, as the OTLP specification says.
@Suite struct OTLPOutputTests {
    static func options(_ receiver: FakeOTLPReceiver, extra: String = "") throws -> OTLPOptions {
        let yaml = """
            sources:
              app: { type: file, include: ["/tmp/none/*.jsonl"] }
            outputs:
              otlp:
                type: otlp
                url: \(receiver.baseURL)
                resource: { service.name: ai-workflow }
                batch: { max_events: 100, max_age: 50ms }
                retry: { initial: 5ms, max: 50ms }
            \(extra)
            """
        let loader = PipelineLoader(stageTypes: [], outputTypes: [OTLPOptions.self], environment: [:])
        return try loader.load(text: yaml, file: "/tmp/p.yaml").get().outputs[0].options as! OTLPOptions
    }

    static func lines(_ range: Range<Int>) -> [String] {
        range.map { #"{"level":"info","event":"step","seq":\#($0),"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}"# }
    }

    static func seqs(_ receiver: FakeOTLPReceiver) -> [Int] {
        receiver.records.compactMap { $0.attributes["seq"].flatMap { Int($0) } }
    }

    @Test(arguments: [
        ("", false), ("    encoding: json", true), ("    compression: gzip", false), ("    encoding: json\n    compression: gzip", true),
    ])
    func deliversToACollectorInEitherEncodingWithOrWithoutGzip(_ extra: String, _ json: Bool) throws {
        let receiver = try FakeOTLPReceiver(style: .collector)
        defer { receiver.stop() }
        let harness = try OutputHarness(try Self.options(receiver, extra: extra))
        defer { harness.close() }
        let end = try harness.submit(Self.lines(0..<150))
        #expect(harness.waitAcknowledged(end))
        #expect(Self.seqs(receiver) == Array(0..<150))
        let requests = receiver.requests
        #expect(requests.count == 2)
        #expect(requests.allSatisfy { $0.path == "/v1/logs" })
        #expect(requests.allSatisfy { $0.header("content-type") == (json ? "application/json" : "application/x-protobuf") })
        #expect(requests.allSatisfy { ($0.header("content-encoding") == "gzip") == extra.contains("gzip") })
        #expect(receiver.acceptedBodies.allSatisfy { $0.json == json })
        #expect(harness.metrics.counter("sluice_output_events_delivered_total") == 150)
        // What arrived, read by the independent decoder (opentelemetry-proto).
        let decoded = try OTLPReference.decode(receiver.acceptedBodies.map(\.body), json: json)
        #expect(decoded.allSatisfy { ($0["problems"] as? [String])?.isEmpty == true })
        let records = decoded.flatMap(OTLPReference.records)
        #expect(records.map { OTLPReference.attributes($0.record["attributes"])["seq"] as? Int64 } == (0..<150).map { Int64($0) })
        #expect(records.allSatisfy {
            $0.record["traceId"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736" && $0.record["severityNumber"] as? String == "SEVERITY_NUMBER_INFO"
                && $0.resource["service.name"] as? String == "ai-workflow"
        })
    }

    @Test func deliversToLokisOTLPPathWhichAnswers204() throws {
        let receiver = try FakeOTLPReceiver(style: .loki)
        defer { receiver.stop() }
        let harness = try OutputHarness(try Self.options(receiver, extra: "    path: /otlp/v1/logs"))
        defer { harness.close() }
        let end = try harness.submit(Self.lines(0..<10))
        #expect(harness.waitAcknowledged(end))
        #expect(Self.seqs(receiver) == Array(0..<10))
        #expect(receiver.requests.map(\.path) == ["/otlp/v1/logs"])
        #expect(harness.deadLetters.letters.isEmpty)
    }

    @Test(arguments: [false, true])
    func aPartialSuccessIsCountedAndNotRetried(_ json: Bool) throws {
        let receiver = try FakeOTLPReceiver(style: .collector)
        defer { receiver.stop() }
        receiver.rejectOnNextExport(3, message: "3 records had invalid attributes")
        let harness = try OutputHarness(try Self.options(receiver, extra: json ? "    encoding: json" : ""))
        defer { harness.close() }
        let end = try harness.submit(Self.lines(0..<10))
        #expect(harness.waitAcknowledged(end))
        #expect(receiver.requests.count == 1)
        #expect(harness.metrics.counter("sluice_otlp_records_rejected_total") == 3)
        #expect(harness.metrics.counter("sluice_output_events_delivered_total") == 7)
        #expect(harness.deadLetters.letters.isEmpty)
    }

    @Test func a400IsDeadLetteredNotRetried() throws {
        let receiver = try FakeOTLPReceiver(style: .loki)
        defer { receiver.stop() }
        receiver.setRequestFault { n, _ in n == 1 ? .status(400) : nil }
        let harness = try OutputHarness(try Self.options(receiver))
        defer { harness.close() }
        let end = try harness.submit(Self.lines(0..<5))
        #expect(harness.waitAcknowledged(end))
        #expect(receiver.requests.count == 1)
        #expect(harness.deadLetters.lines.count == 5)
        #expect(harness.deadLetters.letters.allSatisfy { $0.reason == "the otlp receiver refused the batch (HTTP 400)" && $0.stage == "outputs.out" })
        #expect(harness.metrics.counter("sluice_output_events_dead_lettered_total") == 5)
    }

    @Test func aRecordLokiFindsTooOldDeadLettersTheBatchWhileTheRecentOnesAreStored() throws {
        let receiver = try FakeOTLPReceiver(style: .loki)
        defer { receiver.stop() }
        let harness = try OutputHarness(try Self.options(receiver))
        defer { harness.close() }
        let now = FileIO.nowNanoseconds()
        var events = try harness.events(Self.lines(0..<2))
        for (i, age) in [Int64(0), Int64(9 * 24 * 3600) * 1_000_000_000].enumerated() {
            events[i].timestamp = now - age
            events[i].flags.remove(.timestampFromReadTime)
        }
        let ack = Acknowledgement(fileID: 0, start: 0, end: harness.durable + UInt64(events.reduce(0) { $0 + Int($1.origin.length) }), tracker: harness.tracker, parties: 1)
        _ = harness.output.submit(events, acknowledging: [ack])
        #expect(harness.waitAcknowledged(ack.end))
        #expect(Self.seqs(receiver) == [0])
        #expect(harness.deadLetters.letters.count == 2)
    }

    @Test(arguments: [500, 501, 422])
    func otherStatusesAreNotRetried(_ status: Int) throws {
        let receiver = try FakeOTLPReceiver(style: .collector)
        defer { receiver.stop() }
        receiver.setRequestFault { n, _ in n == 1 ? .status(status) : nil }
        let harness = try OutputHarness(try Self.options(receiver))
        defer { harness.close() }
        let end = try harness.submit(Self.lines(0..<4))
        #expect(harness.waitAcknowledged(end))
        #expect(receiver.requests.count == 1)
        #expect(harness.deadLetters.letters.count == 4)
    }

    @Test(arguments: [429, 502, 503, 504, 401, 404])
    func retryableAndConfigurationStatusesAreRetriedUntilDelivered(_ status: Int) throws {
        let receiver = try FakeOTLPReceiver(style: .collector)
        defer { receiver.stop() }
        receiver.setRequestFault { n, _ in n <= 2 ? .status(status) : nil }
        let harness = try OutputHarness(try Self.options(receiver))
        defer { harness.close() }
        let end = try harness.submit(Self.lines(0..<4))
        #expect(harness.waitAcknowledged(end))
        #expect(receiver.requests.count == 3)
        #expect(Self.seqs(receiver) == Array(0..<4))
        #expect(harness.deadLetters.letters.isEmpty)
        #expect(harness.metrics.counter("sluice_output_retries_total") == 2)
    }

    @Test func retryAfterIsHonoured() throws {
        let receiver = try FakeOTLPReceiver(style: .collector)
        defer { receiver.stop() }
        receiver.setRequestFault { n, _ in n == 1 ? .status(429, retryAfter: 1) : nil }
        let harness = try OutputHarness(try Self.options(receiver))
        defer { harness.close() }
        let started = Monotonic.nanoseconds()
        let end = try harness.submit(Self.lines(0..<3))
        #expect(harness.waitAcknowledged(end))
        let waited = Double(Monotonic.nanoseconds() - started) / 1e9
        // The policy alone would wait at most 50 ms.
        #expect(waited >= 0.95, "waited \(waited) s")
        #expect(Self.seqs(receiver) == [0, 1, 2])
    }

    @Test func a413SplitsTheBatchAndARecordTooLargeAloneIsDeadLettered() throws {
        let receiver = try FakeOTLPReceiver(style: .collector)
        defer { receiver.stop() }
        // Bodies over 2 KB are too large; line 7 alone is.
        receiver.setRequestFault { _, request in request.body.count > 2048 ? .status(413) : nil }
        let harness = try OutputHarness(try Self.options(receiver))
        defer { harness.close() }
        var lines = Self.lines(0..<40)
        lines[7] = #"{"level":"info","event":"big","seq":7,"pad":"\#(String(repeating: "p", count: 3000))"}"#
        let end = try harness.submit(lines)
        #expect(harness.waitAcknowledged(end))
        #expect(Self.seqs(receiver).sorted() == Array(0..<40).filter { $0 != 7 })
        #expect(harness.deadLetters.letters.count == 1)
        #expect(harness.deadLetters.letters.first?.reason == "the record is larger than the otlp receiver accepts (HTTP 413)")
        #expect(harness.metrics.counter("sluice_output_batch_splits_total") > 0)
    }

    @Test func aHungReceiverTimesOutAndTheBatchIsSentAgain() throws {
        let receiver = try FakeOTLPReceiver(style: .collector)
        defer { receiver.stop() }
        receiver.setRequestFault { n, _ in n == 1 ? .hang : nil }
        let harness = try OutputHarness(try Self.options(receiver, extra: "    timeout: 300ms"))
        defer { harness.close() }
        let end = try harness.submit(Self.lines(0..<3))
        #expect(harness.waitAcknowledged(end))
        #expect(receiver.requests.count == 2)
        #expect(Self.seqs(receiver) == [0, 1, 2])
        #expect(harness.metrics.counter("sluice_output_request_failures_total", ["kind": "transport"]) == 1)
    }
}
