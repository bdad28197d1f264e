import Foundation
import SluiceCore
import Testing
@testable import SluiceOutputs

/// The push body: compared semantically with the request bodies recorded from a real Loki.
@Suite struct LokiPushEncoderTests {
    typealias S = LokiTestSupport
    /// When the fixtures were recorded (the `run` label), ns.
    static let recordedAt: Int64 = 1_795_563_781_036_325_667

    /// Events that reproduce a fixture request's entries (the line is the event's JSON; the
    /// structured metadata fields are added to the event).
    func events(reproducing stream: S.Stream) throws -> [Event] {
        try stream.values.map { value in
            var event = try S.event(value.line, at: try #require(Int64(value.timestamp)))
            for (name, v) in (value.metadata ?? [:]).sorted(by: { $0.key < $1.key }) {
                event.fields.setString(FieldPath(key: FieldKey(name)), v)
            }
            return event
        }
    }

    @Test(arguments: ["ok-two-lines", "ooo-newest", "ooo-10min-older", "ooo-2h-older", "structured-metadata", "too-new-1h", "too-old-8-days"])
    func encodesLikeTheRecordedRequest(_ name: String) throws {
        let fixture = try #require(try S.fixtures()[name])
        let request = try #require(fixture["request"] as? [String: Any])
        let recorded = try S.streams(ofBody: try #require(request["body"]))
        try #require(recorded.count == 1)
        let labels = try S.labels(recorded[0].labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        let metadata = Set(recorded[0].values.flatMap { ($0.metadata ?? [:]).keys })
        let encoder = LokiPushEncoder(labels: labels, structuredMetadata: metadata.sorted().map { FieldPath(key: FieldKey($0)) })
        let events = try events(reproducing: recorded[0])
        var body: [UInt8] = []
        // "now" is each entry's own time: the limits let every entry through.
        let summary = encoder.encode(events, now: events[0].timestamp, into: &body)
        #expect(summary.refused.isEmpty)
        let produced = try S.streams(ofBody: try S.json(body))
        #expect(produced.count == 1)
        #expect(produced.first?.labels == recorded[0].labels)
        #expect(produced.first?.values.map(\.timestamp) == recorded[0].values.map(\.timestamp))
        #expect(produced.first?.values.map(\.metadata) == recorded[0].values.map(\.metadata))
        // The line is the event: the recorded line plus the metadata fields set on the event.
        for (p, r) in zip(produced[0].values, recorded[0].values) {
            var expected = try #require(try S.json(Array(r.line.utf8)) as? [String: Any])
            for (k, v) in r.metadata ?? [:] { expected[k] = v }
            let got = try #require(try S.json(Array(p.line.utf8)) as? [String: Any])
            #expect(NSDictionary(dictionary: got).isEqual(to: expected))
            // An untouched event is sent byte for byte, except whitespace after the object (the
            // second line of ok-two-lines ends with a space): the line is the event's JSON.
            var trimmed = Substring(r.line)
            while trimmed.last == " " { trimmed = trimmed.dropLast() }
            if r.metadata == nil { #expect(p.line == String(trimmed), "an untouched event is sent byte for byte") }
        }
    }

    @Test func structuredMetadataIsAlwaysStrings() throws {
        // The recorded request with {"n": 5} was refused by Loki; we send "5".
        let fixture = try #require(try S.fixtures()["structured-metadata-non-string"])
        #expect((fixture["response"] as? [String: Any])?["status"] as? Int == 400)
        let encoder = LokiPushEncoder(
            labels: try S.labels([("job", "fixture")]),
            structuredMetadata: ["n", "ok", "obj", "trace_id", "gone", "nul"].map { FieldPath($0)! })
        let event = try S.event(#"{"n":5,"ok":true,"obj":{"a":1},"trace_id":"ab\"c","nul":null}"#, at: Self.recordedAt)
        var body: [UInt8] = []
        _ = encoder.encode([event], now: Self.recordedAt, into: &body)
        let streams = try S.streams(ofBody: try S.json(body))
        #expect(streams.first?.values.first?.metadata == ["n": "5", "ok": "true", "obj": #"{"a":1}"#, "trace_id": #"ab"c"#])
    }

    @Test func noMetadataFieldsMeansTwoElementValues() throws {
        let encoder = LokiPushEncoder(labels: try S.labels([("job", "x")]))
        var body: [UInt8] = []
        _ = encoder.encode([try S.event(#"{"a":1}"#, at: 5)], now: 5, into: &body)
        #expect(String(decoding: body, as: UTF8.self) == #"{"streams":[{"stream":{"job":"x"},"values":[["5","{\"a\":1}"]]}]}"#)
    }

    @Test func entriesAreSortedByTimestampStably() throws {
        let encoder = LokiPushEncoder(labels: try S.labels([("level", "%{[level]}")]))
        let input: [(Int64, String)] = [(30, "a"), (10, "b"), (20, "c"), (10, "d"), (5, "e")]
        let events = try input.map { try S.event(#"{"level":"info","n":"\#($0.1)"}"#, at: $0.0) }
        var body: [UInt8] = []
        let summary = encoder.encode(events, now: 20, into: &body)
        let values = try S.streams(ofBody: try S.json(body))[0].values
        #expect(values.map(\.timestamp) == ["5", "10", "10", "20", "30"])
        #expect(values.map { $0.line.dropLast(2).last.map(String.init) } == ["e", "b", "d", "c", "a"])
        #expect(summary.streams[0].entries.map(\.eventIndex) == [4, 1, 3, 2, 0])
    }

    @Test func groupsByLabelValuesAndCapsStreams() throws {
        let encoder = LokiPushEncoder(
            labels: try S.labels([("env", "prod"), ("service", "%{[service]}"), ("level", "%{level}")]), maxStreams: 2)
        let services = ["a", "b", "a", "c", "d", "b", "c"]
        let events = try services.map { try S.event(#"{"service":"\#($0)","level":"info"}"#, at: 1) }
        var body: [UInt8] = []
        let summary = encoder.encode(events, now: 1, into: &body)
        let streams = try S.streams(ofBody: try S.json(body))
        #expect(streams.map(\.labels) == [
            ["env": "prod", "service": "a", "level": "info"],
            ["env": "prod", "service": "b", "level": "info"],
            ["env": "prod", "sluice_overflow": "true"],
        ])
        #expect(streams.map(\.values.count) == [2, 2, 3])
        #expect(summary.overflowCount == 3)
        #expect(summary.streams.map { $0.entries.map(\.eventIndex) } == [[0, 2], [1, 5], [3, 4, 6]])
    }

    @Test func missingFieldOmitsTheLabel() throws {
        let encoder = LokiPushEncoder(labels: try S.labels([("service", "%{[service]}"), ("level", "%{[level]}")]))
        let events = try [
            S.event(#"{"service":"api"}"#, at: 1), S.event(#"{"service":"api","level":null}"#, at: 2),
            S.event(#"{"level":""}"#, at: 3), S.event(#"{"service":7,"level":["x"]}"#, at: 4),
        ]
        var body: [UInt8] = []
        _ = encoder.encode(events, now: 1, into: &body)
        let streams = try S.streams(ofBody: try S.json(body))
        #expect(streams.map(\.labels) == [["service": "api"], ["sluice_unlabelled": "true"], ["service": "7"]])
        #expect(streams.map(\.values.count) == [2, 1, 1])
    }

    @Test func labelValuesAreDecodedAndCapped() throws {
        let encoder = LokiPushEncoder(labels: try S.labels([("v", "%{[v]}")]))
        let long = String(repeating: "é", count: 1500)  // 3000 bytes
        let events = try [S.event(#"{"v":"a\"b\u00e9"}"#, at: 1), S.event(#"{"v":"\#(long)"}"#, at: 1)]
        var body: [UInt8] = []
        _ = encoder.encode(events, now: 1, into: &body)
        let streams = try S.streams(ofBody: try S.json(body))
        #expect(streams.first?.labels["v"] == "a\"bé")
        let capped = try #require(streams.last?.labels["v"])
        #expect(capped.utf8.count == 2048 && capped == String(repeating: "é", count: 1024))
    }

    @Test func removeLabelFieldsDropsThemFromTheLine() throws {
        var encoder = LokiPushEncoder(labels: try S.labels([("level", "%{[level]}"), ("job", "x")]), removeLabelFields: true)
        let event = try S.event(#"{"level":"warn","msg":"hi"}"#, at: 1)
        var body: [UInt8] = []
        _ = encoder.encode([event], now: 1, into: &body)
        #expect(try S.streams(ofBody: try S.json(body))[0].values[0].line == #"{"msg":"hi"}"#)
        encoder.removeLabelFields = false
        body = []
        _ = encoder.encode([event], now: 1, into: &body)
        #expect(try S.streams(ofBody: try S.json(body))[0].values[0].line == #"{"level":"warn","msg":"hi"}"#)
    }

    @Test func nothingToSendAppendsNothing() throws {
        let encoder = LokiPushEncoder(labels: try S.labels([("job", "x")]))
        var body: [UInt8] = []
        let summary = encoder.encode([try S.event(#"{"a":1}"#, at: 0)], now: Self.recordedAt, into: &body)
        #expect(body.isEmpty)
        #expect(summary.refused.map(\.reason) == [.tooOld])
    }
}
