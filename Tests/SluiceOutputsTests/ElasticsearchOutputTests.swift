import Foundation
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceOutputs

/// The Elasticsearch output against a loopback server that answers like Elasticsearch
/// (`shared/fixtures/elasticsearch`): what is delivered, what is sent again, what is
/// dead-lettered, and when the batch counts as acknowledged.
@Suite struct ElasticsearchOutputTests {
    static func options(_ es: FakeElasticsearch, maxEvents: Int = 100, timeout: Double = 5) throws -> ElasticsearchOptions {
        var options = ElasticsearchOptions(url: es.baseURL, index: try IndexTemplate("logs-%{+YYYY.MM.dd}", fallback: "unknown"))
        options.batch = BatchLimits(maxEvents: maxEvents, maxBytes: 5 << 20, maxAge: 0.05)
        options.retry = RetryPolicy(initial: 0.005, max: 0.05)
        options.connection.timeout = timeout
        return options
    }

    /// 2026-11-24T12:00:00Z plus `n` ms, in ns.
    static func line(_ n: Int, extra: String = "") -> String {
        #"{"ts":\#(1_795_521_600_000_000_000 + Int64(n) * 1_000_000),"n":\#(n),"msg":"line \#(n)"\#(extra)}"#
    }

    static func ns(_ doc: ElasticsearchDocument) -> Int? {
        (try? JSONSerialization.jsonObject(with: Data(doc.sourceText.utf8)) as? [String: Any])?["n"] as? Int
    }

    @Test func deliversEveryEventOnceInBatchesWithDeterministicIDs() throws {
        let es = try FakeElasticsearch()
        defer { es.stop() }
        var options = try Self.options(es)
        options.connection.compression = .gzip
        let harness = try OutputHarness(options)
        defer { harness.close() }
        let end = try harness.submit((0..<250).map { Self.line($0) })
        #expect(harness.waitAcknowledged(end))
        let docs = es.documents
        #expect(docs.count == 250)
        #expect(Set(docs.compactMap(Self.ns)) == Set(0..<250))
        #expect(Set(docs.map(\.index)) == ["logs-2026.11.24"])
        let first = try #require(docs.first { Self.ns($0) == 0 })
        #expect(first.id == DocumentID.string(fileKey: harness.fileKey, offset: 0))
        // Gzip as configured, one request per 100 events.
        let bulks = es.requests.filter { $0.path == "/_bulk" }
        #expect(bulks.count == 3)
        #expect(bulks.allSatisfy { $0.header("content-encoding") == "gzip" && $0.header("content-type") == "application/x-ndjson" })
        #expect(harness.metrics.counter("sluice_output_events_delivered_total") == 250)
        // Per request: counted, answered 200, timed; per batch: its events. All labelled
        // with the output.
        #expect(harness.metrics.counter("sluice_output_requests_total") == 3)
        #expect(harness.metrics.counter("sluice_output_responses_total", ["status": "200"]) == 3)
        #expect(harness.metrics.counter("sluice_output_request_bytes_total") == bulks.reduce(0) { $0 + $1.rawBodySize })
        #expect(harness.metrics.histogram("sluice_output_request_duration_seconds").count == 3)
        let batches = harness.metrics.histogram("sluice_output_batch_events")
        #expect(batches.count == 3 && batches.sum == 250)
        #expect(harness.metrics.series().allSatisfy { $0.label("output") == "out" && $0.label("type") == "elasticsearch" })
    }

    @Test func onlyFailedItemsAreSentAgainWithTheSameIDAndRejectedOnesAreDeadLettered() throws {
        let es = try FakeElasticsearch()
        defer { es.stop() }
        es.setItemFault { item, attempt in
            if item.sourceText.contains("POISON") { return .documentParsing() }
            if item.sourceText.contains(#""n":3,"#) && attempt <= 2 { return .rejected }
            if item.sourceText.contains(#""n":5,"#) && attempt == 1 { return .unavailable }
            if item.sourceText.contains(#""n":7,"#) && attempt == 1 { return .clusterBlock }
            return nil
        }
        let harness = try OutputHarness(try Self.options(es))
        defer { harness.close() }
        let lines = (0..<10).map { Self.line($0, extra: $0 == 8 ? #","tag":"POISON""# : "") }
        let end = try harness.submit(lines)
        #expect(harness.waitAcknowledged(end))
        #expect(Set(es.documents.compactMap(Self.ns)) == Set((0..<10).filter { $0 != 8 }))
        let bulks = es.requests.filter { $0.path == "/_bulk" }
        try #require(bulks.count == 3)
        #expect(bulks.allSatisfy { $0.header("content-encoding") == nil }, "uncompressed unless configured")
        // The second request holds exactly the three retried items, with their first ids.
        let resent = bulks[1].bodyText.split(separator: "\n").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
        #expect(resent.count == 3 && resent.allSatisfy { $0.contains(#""n":3,"#) || $0.contains(#""n":5,"#) || $0.contains(#""n":7,"#) })
        #expect(bulks[2].bodyText.split(separator: "\n").count == 2)  // n=3 once more
        let id3 = DocumentID.string(fileKey: harness.fileKey, offset: UInt64(lines[0..<3].reduce(0) { $0 + $1.utf8.count + 1 }))
        #expect(bulks.allSatisfy { !$0.bodyText.contains(#""n":3,"#) || $0.bodyText.contains(id3) })
        // Exactly the poisoned line is dead-lettered, with the error type, not the reason.
        #expect(harness.deadLetters.lines == [lines[8]])
        let letter = try #require(harness.deadLetters.letters.first)
        #expect(letter.reason == "elasticsearch rejected the document: document_parsing_exception (status 400)")
        #expect(letter.stage == "outputs.out")
        #expect(harness.metrics.counter("sluice_output_events_dead_lettered_total") == 1)
    }

    @Test func aReplayAnswers409AndCountsAsDelivered() throws {
        let es = try FakeElasticsearch()
        defer { es.stop() }
        let lines = (0..<20).map { Self.line($0) }
        for round in 0..<2 {
            let harness = try OutputHarness(try Self.options(es))
            defer { harness.close() }
            let end = try harness.submit(lines)
            #expect(harness.waitAcknowledged(end))
            #expect(harness.metrics.counter("sluice_elasticsearch_conflicts_total") == (round == 0 ? 0 : 20))
        }
        #expect(es.documents.count == 20)
        #expect(es.conflictCount == 20)
    }

    @Test(arguments: [429, 500, 503])
    func aWholeRequestFailureIsSentAgain(status: Int) throws {
        let es = try FakeElasticsearch()
        defer { es.stop() }
        // Request 1 is the startup check (GET /).
        es.setRequestFault { n, req in req.path == "/_bulk" && n <= 3 ? .status(status) : nil }
        let harness = try OutputHarness(try Self.options(es))
        defer { harness.close() }
        let end = try harness.submit((0..<5).map { Self.line($0) })
        #expect(harness.waitAcknowledged(end))
        #expect(es.documents.count == 5)
        #expect(es.requests.filter { $0.path == "/_bulk" }.count == 3)
        #expect(harness.metrics.counter("sluice_output_request_failures_total", ["kind": "http"]) == 2)
    }

    @Test func retryAfterIsHonoured() throws {
        let es = try FakeElasticsearch()
        defer { es.stop() }
        es.setRequestFault { n, req in req.path == "/_bulk" && n == 2 ? .status(429, retryAfter: 1) : nil }
        let harness = try OutputHarness(try Self.options(es))
        defer { harness.close() }
        let started = Date()
        let end = try harness.submit([Self.line(1)])
        #expect(harness.waitAcknowledged(end))
        // The backoff alone would retry within 50 ms; Retry-After: 1 holds it a second.
        #expect(Date().timeIntervalSince(started) >= 0.95)
        #expect(es.documents.count == 1)
    }

    @Test func http413SplitsTheBatchAndATooLargeSingleDocumentIsDeadLettered() throws {
        let es = try FakeElasticsearch()
        defer { es.stop() }
        // More than two documents, or the "huge" one: 413.
        es.setRequestFault { _, req in
            guard req.path == "/_bulk" else { return nil }
            let items = req.bodyText.split(separator: "\n").count / 2
            return items > 2 || req.bodyText.contains("huge") ? .status(413) : nil
        }
        let harness = try OutputHarness(try Self.options(es))
        defer { harness.close() }
        let lines = (0..<8).map { Self.line($0, extra: $0 == 6 ? #","huge":true"# : "") }
        let end = try harness.submit(lines)
        #expect(harness.waitAcknowledged(end))
        #expect(Set(es.documents.compactMap(Self.ns)) == Set([0, 1, 2, 3, 4, 5, 7]))
        #expect(harness.deadLetters.lines == [lines[6]])
        #expect(harness.deadLetters.letters.first?.reason == "the document is larger than elasticsearch accepts (HTTP 413)")
    }

    @Test func aServerThatNeverAnswersTimesOutAndIsRetried() throws {
        let es = try FakeElasticsearch()
        defer { es.stop() }
        es.setRequestFault { n, req in req.path == "/_bulk" && n <= 2 ? .hang : nil }
        let harness = try OutputHarness(try Self.options(es, timeout: 0.3))
        defer { harness.close() }
        let end = try harness.submit([Self.line(1), Self.line(2)])
        #expect(harness.waitAcknowledged(end))
        #expect(es.documents.count == 2)
        #expect(harness.metrics.counter("sluice_output_request_failures_total", ["kind": "transport"]) >= 1)
    }

    /// The shutdown deadline, set while a request waits for an answer that never comes, aborts
    /// it when it passes — not at the request timeout (30 s here).
    @Test func aRequestInFlightIsAbortedAtTheShutdownDeadline() throws {
        let es = try FakeElasticsearch()
        defer { es.stop() }
        es.setRequestFault { _, req in req.path == "/_bulk" ? .hang : nil }
        let harness = try OutputHarness(try Self.options(es, timeout: 30))
        let end = try harness.submit([Self.line(1)])
        #expect(waitUntil { es.requests.contains { $0.path == "/_bulk" } })
        let deadline = Monotonic.now() + 0.3
        harness.stop.stop(at: deadline)
        #expect(harness.output.finish() == false)
        harness.close()
        let late = Monotonic.now() - deadline
        #expect(late < StopSignal.grace, "ended \(late) s after the deadline")
        #expect(harness.durable == 0 && end > 0)
        #expect(harness.deadLetters.letters.isEmpty)
    }

    @Test func connectionRefusedThenRecovering() throws {
        let es = try FakeElasticsearch()
        defer { es.stop() }
        es.stop()
        let harness = try OutputHarness(try Self.options(es))
        defer { harness.close() }
        let end = try harness.submit((0..<3).map { Self.line($0) })
        #expect(waitUntil { harness.metrics.counter("sluice_output_request_failures_total", ["kind": "transport"]) >= 3 })
        #expect(harness.durable == 0)
        try es.restart()
        #expect(harness.waitAcknowledged(end))
        #expect(es.documents.count == 3)
    }

    @Test func requestLevelRefusalsHoldTheEventsAndNothingIsAcknowledged() throws {
        let es = try FakeElasticsearch()
        defer { es.stop() }
        es.setRequestFault { _, _ in .status(401) }
        let harness = try OutputHarness(try Self.options(es))
        let end = try harness.submit([Self.line(1)])
        #expect(waitUntil { harness.metrics.counter("sluice_output_request_failures_total", ["kind": "http"]) >= 3 })
        // Shutdown gives up at its deadline; nothing was acknowledged or dead-lettered.
        harness.stop.stop(at: Monotonic.now() + 0.2)
        #expect(harness.output.finish() == false)
        harness.close()
        #expect(harness.durable == 0 && end > 0)
        #expect(harness.deadLetters.letters.isEmpty)
    }

    @Test func maxAttemptsDeadLettersWhatKeepsFailing() throws {
        let es = try FakeElasticsearch()
        defer { es.stop() }
        es.setRequestFault { _, req in req.path == "/_bulk" ? .status(500) : nil }
        var options = try Self.options(es)
        options.retry.maxAttempts = 3
        let harness = try OutputHarness(options)
        defer { harness.close() }
        let end = try harness.submit([Self.line(1)])
        #expect(harness.waitAcknowledged(end))
        #expect(es.requests.filter { $0.path == "/_bulk" }.count == 3)
        #expect(harness.deadLetters.letters.count == 1)
        #expect(harness.deadLetters.letters.first?.reason == "retries exhausted after 3 attempts (last: HTTP 500 exception)")
    }
}
