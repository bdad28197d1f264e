import Foundation
import SluiceCore
import Testing
@testable import SluiceOutputs

/// The response classifier against every answer recorded from a real Loki.
@Suite struct LokiResponseTests {
    typealias S = LokiTestSupport

    /// What was sent, rebuilt from a fixture's request: its streams and entries in order
    /// (event indices count across streams). Raw bodies send nothing we can name, except the
    /// 300 KB line, whose request is described in words.
    func sent(_ fixture: [String: Any]) throws -> LokiPushSummary {
        let request = try #require(fixture["request"] as? [String: Any])
        var summary = LokiPushSummary()
        if fixture["case"] as? String == "line-too-long" {
            summary.streams = [LokiSentStream(
                labels: [LokiLabelPair("job", "fixture"), LokiLabelPair("run", "1795563781")],
                entries: [LokiSentEntry(eventIndex: 0, timestamp: 1_795_563_781_036_325_667, lineBytes: 300_000)])]
            return summary
        }
        guard let body = request["body"] as? [String: Any], let streams = body["streams"] as? [[String: Any]] else {
            return summary
        }
        var index = 0
        for stream in streams {
            let labels = try #require(stream["stream"] as? [String: String])
            var entries: [LokiSentEntry] = []
            for value in try #require(stream["values"] as? [[Any]]) {
                let ts = try #require((value[0] as? String).flatMap { Int64($0) } ?? (value[0] as? NSNumber)?.int64Value)
                let line = try #require(value[1] as? String)
                entries.append(LokiSentEntry(eventIndex: index, timestamp: ts, lineBytes: line.utf8.count))
                index += 1
            }
            summary.streams.append(LokiSentStream(
                labels: labels.sorted { $0.key < $1.key }.map { LokiLabelPair($0.key, $0.value) }, entries: entries))
        }
        return summary
    }

    enum Expected {
        case delivered
        case retry
        case invalid
        case failed(Int)
        /// Refused event indices and their reason; the rest of the batch was stored.
        case refused([Int], LokiRefusalReason)
    }

    /// One expectation per recorded case; a fixture without one fails the test.
    static let expected: [String: Expected] = [
        "ok-two-lines": .delivered, "gzip": .delivered, "ooo-newest": .delivered, "ooo-10min-older": .delivered,
        "structured-metadata": .delivered,
        "rate-limited-7MB": .retry,
        "bad-label-name": .invalid, "empty-body": .invalid, "malformed-json": .invalid, "no-content-type": .invalid,
        "structured-metadata-non-string": .invalid, "timestamp-as-number": .invalid,
        "no-streams": .failed(422),
        "mixed-good-and-too-old": .refused([1], .tooOld),
        "too-old-8-days": .refused([0], .tooOld),
        "too-new-1h": .refused([0], .tooNew),
        "ooo-2h-older": .refused([0], .tooFarBehind),
        "line-too-long": .refused([0], .lineTooLong),
    ]

    @Test func everyRecordedAnswer() throws {
        let fixtures = try S.fixtures()
        #expect(Set(fixtures.keys) == Set(Self.expected.keys), "every fixture needs an expectation")
        for (name, fixture) in fixtures.sorted(by: { $0.key < $1.key }) {
            let response = try #require(fixture["response"] as? [String: Any])
            let status = try #require(response["status"] as? Int)
            let body = Array(try #require(response["body"] as? String).utf8)
            let sent = try sent(fixture)
            let outcome = LokiResponse.classify(status: status, retryAfter: nil, body: body, sent: sent)
            switch (Self.expected[name], outcome) {
            case (.delivered?, .delivered), (.retry?, .retry(after: nil)), (.invalid?, .invalidRequest):
                break
            case (.failed(let want)?, .failed(let got)):
                #expect(want == got, "\(name)")
            case (.refused(let indices, let reason)?, .partlyRefused(let refusals)):
                #expect(status == 400, "\(name)")
                #expect(refusals.map(\.reason) == Array(repeating: reason, count: refusals.count), "\(name)")
                let named = Set(refusals.flatMap { LokiResponse.refusedEvents($0, in: sent) })
                #expect(named == Set(indices), "\(name): refused entries")
                #expect(refusals.allSatisfy { $0.stream == 0 }, "\(name): the stream is identified")
            default:
                Issue.record("\(name): status \(status) classified as \(outcome)")
            }
        }
    }

    @Test func retryAfterIsHonoured() {
        let sent = LokiPushSummary()
        #expect(LokiResponse.classify(status: 429, retryAfter: 7, body: [], sent: sent) == .retry(after: 7))
        #expect(LokiResponse.classify(status: 503, retryAfter: 120, body: [], sent: sent) == .retry(after: 120))
        #expect(LokiResponse.classify(status: 502, retryAfter: nil, body: [], sent: sent) == .retry(after: nil))
        #expect(LokiResponse.classify(status: 200, retryAfter: nil, body: [], sent: sent) == .delivered)
        #expect(LokiResponse.classify(status: 413, retryAfter: nil, body: [], sent: sent) == .tooLarge)
        #expect(LokiResponse.classify(status: 401, retryAfter: nil, body: [], sent: sent) == .failed(status: 401))
    }

    @Test func unreadableProtobufIsAnInvalidRequest() {
        for text in ["snappy: corrupt input", "unexpected EOF", "proto: wrong wireType = 0 for field Streams",
                     "proto: PushRequest: illegal tag 0 (wire type 0)"] {
            let outcome = LokiResponse.classify(status: 400, retryAfter: nil, body: Array((text + "\n").utf8), sent: LokiPushSummary())
            #expect(outcome == .invalidRequest, "\(text)")
        }
    }

    @Test func unknownFourHundredIsNotRetried() {
        let outcome = LokiResponse.classify(status: 400, retryAfter: nil, body: Array("something new\n".utf8), sent: LokiPushSummary())
        #expect(outcome == .refusedUnknown(reason: .unknown))
    }

    @Test func outOfOrderLinesNameEachEntryAndTheirStream() {
        // Two entries of the second stream refused; Loki adds service_name to the labels.
        let body = """
            entry with timestamp 2026-11-24 21:43:01.036325667 +0000 UTC ignored, reason: 'entry too far behind, entry timestamp is: 2026-11-24T21:43:01Z, oldest acceptable timestamp is: 2026-11-24T22:43:01Z',
            entry with timestamp 2026-11-24 21:43:02.5 +0000 UTC ignored, reason: 'entry too far behind, entry timestamp is: 2026-11-24T21:43:02Z, oldest acceptable timestamp is: 2026-11-24T22:43:01Z',
            user 'fake', total ignored: 2 out of 3 for stream: {job="fixture", service_name="fixture", stream="b"}

            """
        let t0: Int64 = 1_795_556_581_036_325_667
        let sent = LokiPushSummary(streams: [
            LokiSentStream(labels: [LokiLabelPair("job", "fixture"), LokiLabelPair("stream", "a")],
                           entries: [LokiSentEntry(eventIndex: 0, timestamp: t0, lineBytes: 1)]),
            LokiSentStream(labels: [LokiLabelPair("job", "fixture"), LokiLabelPair("stream", "b")], entries: [
                LokiSentEntry(eventIndex: 1, timestamp: t0, lineBytes: 1),
                LokiSentEntry(eventIndex: 2, timestamp: t0 + 1_463_674_333, lineBytes: 1),
                LokiSentEntry(eventIndex: 3, timestamp: t0 + 3_600_000_000_000, lineBytes: 1),
            ]),
        ])
        guard case .partlyRefused(let refusals) = LokiResponse.classify(status: 400, retryAfter: nil, body: Array(body.utf8), sent: sent) else {
            Issue.record("expected refused entries")
            return
        }
        #expect(refusals.map(\.stream) == [1, 1])
        #expect(refusals.map(\.timestamp) == [t0, t0 + 1_463_674_333])
        #expect(refusals.flatMap { LokiResponse.refusedEvents($0, in: sent) } == [1, 2])
    }

    @Test func tooOldBoundAppliesToEveryStream() {
        let body = #"entry for stream '{job="a"}' has timestamp too old: 2026-11-16T23:43:01Z, oldest acceptable timestamp is: 2026-11-17T23:43:01Z"#
        let bound: Int64 = 1_794_958_981 * 1_000_000_000
        let sent = LokiPushSummary(streams: [
            LokiSentStream(labels: [LokiLabelPair("job", "a")], entries: [
                LokiSentEntry(eventIndex: 0, timestamp: bound - 1, lineBytes: 1), LokiSentEntry(eventIndex: 1, timestamp: bound, lineBytes: 1),
            ]),
            LokiSentStream(labels: [LokiLabelPair("job", "b")], entries: [LokiSentEntry(eventIndex: 2, timestamp: bound - 10, lineBytes: 1)]),
        ])
        guard case .partlyRefused(let refusals) = LokiResponse.classify(status: 400, retryAfter: nil, body: Array(body.utf8), sent: sent) else {
            Issue.record("expected refused entries")
            return
        }
        #expect(refusals.flatMap { LokiResponse.refusedEvents($0, in: sent) } == [0, 2])
    }

    @Test func tooNewCoversLaterEntriesOfTheStreamOnly() {
        let body = #"entry for stream '{job="a", service_name="a"}' has timestamp too new: 2026-11-25T00:43:01Z"#
        let t: Int64 = 1_795_567_381 * 1_000_000_000
        let sent = LokiPushSummary(streams: [
            LokiSentStream(labels: [LokiLabelPair("job", "b")], entries: [LokiSentEntry(eventIndex: 0, timestamp: t + 5, lineBytes: 1)]),
            LokiSentStream(labels: [LokiLabelPair("job", "a")], entries: [
                LokiSentEntry(eventIndex: 1, timestamp: t - 1, lineBytes: 1), LokiSentEntry(eventIndex: 2, timestamp: t + 999_999_999, lineBytes: 1),
                LokiSentEntry(eventIndex: 3, timestamp: t + 7_000_000_000, lineBytes: 1),
            ]),
        ])
        guard case .partlyRefused(let refusals) = LokiResponse.classify(status: 400, retryAfter: nil, body: Array(body.utf8), sent: sent) else {
            Issue.record("expected refused entries")
            return
        }
        #expect(refusals.map(\.stream) == [1])
        #expect(refusals.flatMap { LokiResponse.refusedEvents($0, in: sent) } == [2, 3])
    }
}
