import Foundation
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceOutputs

/// `encoding: protobuf`: the body, snappy-compressed as sent, decoded by an independent decoder
/// (`Tests/Scripts/loki_push_decode.py`: python-snappy and Google's protobuf runtime with
/// Loki's schema) and compared field by field with the JSON body of the same batch.
@Suite struct LokiProtobufEncoderTests {
    typealias S = LokiTestSupport
    static let now: Int64 = 1_795_563_781_036_325_667
    static let second = LokiLimits.second

    /// `<repository>/Tests/Scripts/loki_push_decode.py`.
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // SluiceOutputsTests
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("Scripts/loki_push_decode.py")

    /// A stream as the Python decoder printed it.
    struct DecodedStream {
        var labels: String
        var hash: Int
        var entries: [DecodedEntry]
    }

    struct DecodedEntry {
        var hasTimestamp: Bool
        var seconds: Int64
        var nanos: Int64
        var line: String
        var metadata: [(name: String, value: String)]
    }

    /// Snappy-compresses `body` with Sluice's compressor (the bytes sent) and decodes it in
    /// Python; fails when the script refuses it. Returns whether re-serialising gives the same
    /// bytes, and the streams.
    static func decode(_ body: [UInt8]) throws -> (canonical: Bool, streams: [DecodedStream]) {
        var compressed: [UInt8] = []
        SnappyCompressor().compress(body, into: &compressed)
        let dir = try TempDirectory("loki-protobuf")
        defer { dir.remove() }
        let file = dir.file("push.bin")
        try Data(compressed).write(to: URL(fileURLWithPath: file))
        let output = try ExternalCommand.run(["python3", script.path, file])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(output)")
        let streams = try #require(root["streams"] as? [[String: Any]])
        return (try #require(root["canonical"] as? Bool), try streams.map { stream in
            let entries = try #require(stream["entries"] as? [[String: Any]])
            return DecodedStream(
                labels: try #require(stream["labels"] as? String), hash: try #require(stream["hash"] as? Int),
                entries: try entries.map { e in
                    let pairs = try #require(e["structuredMetadata"] as? [[String]])
                    return DecodedEntry(
                        hasTimestamp: try #require(e["hasTimestamp"] as? Bool),
                        seconds: try #require((e["seconds"] as? NSNumber)?.int64Value),
                        nanos: try #require((e["nanos"] as? NSNumber)?.int64Value),
                        line: try #require(e["line"] as? String),
                        metadata: try pairs.map { p in try #require(p.count == 2 ? (p[0], p[1]) : nil) })
                })
        })
    }

    /// The Prometheus text form Loki parses: labels in `order`, values Go-quoted.
    static func labelText(_ labels: [String: String], order: [String]) -> String {
        let pairs = order.compactMap { name in
            labels[name].map { value in
                let quoted = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    .replacingOccurrences(of: "\n", with: "\\n")
                return "\(name)=\"\(quoted)\""
            }
        }
        return "{" + pairs.joined(separator: ", ") + "}"
    }

    /// Encodes `events` both ways and checks the protobuf body says exactly what the JSON body
    /// says; returns the summary (the same for both).
    @discardableResult
    static func expectSameAsJSON(
        _ encoder: LokiPushEncoder, _ events: [Event], now: Int64 = now, labelOrder: [String]
    ) throws -> LokiPushSummary {
        var json: [UInt8] = []
        var protobuf: [UInt8] = []
        let jsonSummary = encoder.encode(events, now: now, as: .json, into: &json)
        let protobufSummary = encoder.encode(events, now: now, as: .protobuf, into: &protobuf)
        #expect(jsonSummary == protobufSummary, "the summary does not depend on the encoding")
        let expected = try S.streams(ofBody: try S.json(json))
        let (canonical, decoded) = try decode(protobuf)
        #expect(canonical, "fields in order, proto3 defaults omitted, shortest lengths")
        #expect(decoded.count == expected.count)
        for (got, want) in zip(decoded, expected) {
            #expect(got.labels == labelText(want.labels, order: labelOrder))
            #expect(got.hash == 0)
            #expect(got.entries.count == want.values.count)
            for (entry, value) in zip(got.entries, want.values) {
                #expect(entry.hasTimestamp)
                #expect((0..<1_000_000_000).contains(entry.nanos))
                #expect(String(entry.seconds * 1_000_000_000 + entry.nanos) == value.timestamp)
                #expect(entry.line == value.line)
                let metadata = entry.metadata.isEmpty ? nil : Dictionary(entry.metadata.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
                #expect(metadata == value.metadata)
                #expect(entry.metadata.count == (value.metadata?.count ?? 0), "one pair per field")
            }
        }
        return jsonSummary
    }

    @Test func aMixedBatchSaysWhatTheJSONBodySays() throws {
        var limits = LokiLimits()
        limits.maxLineBytes = 120
        limits.onLineTooLong = .truncate
        let encoder = LokiPushEncoder(
            labels: try S.labels([("env", "prod"), ("service", "%{[service]}"), ("level", "%{[level]}")]),
            structuredMetadata: ["trace_id", "n", "ok", "obj", "empty", "[http][id]"].map { FieldPath($0)! },
            maxStreams: 3, limits: limits)
        let lines: [(Int64, String)] = [
            (Self.now, #"{"service":"api","level":"info","msg":"plain","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}"#),
            (Self.now - 5, #"{"service":"api","level":"info","msg":"unicode: é ü 日本語 🚀 \u00e9\ud83d\ude80"}"#),
            (Self.now + 3, #"{"service":"api","level":"error","msg":"escapes: \" \\ \n \t \r \b \f \u0001 \/"}"#),
            (Self.now - 8 * 24 * 3600 * Self.second, #"{"service":"api","level":"info","msg":"too old"}"#),
            (Self.now + 3600 * Self.second, #"{"service":"api","level":"info","msg":"too new"}"#),
            (Self.now + 1, #"{"service":"q\"u\\o\nte","level":"warn","n":5,"ok":true,"obj":{"a":[1,"x"]},"empty":"","http":{"id":"r-1"}}"#),
            (Self.now + 2, #"{"service":"db","level":"info","trace_id":"t\"\u00e9\n"}"#),  // the 4th stream: overflow
            (Self.now - 1, #"{"service":"cache","level":"debug"}"#),  // overflow too
            (Self.now, #"{"level":null,"other":1}"#),  // no label value: not a new key here, overflow
            (Self.now + 4, #"{"service":"api","level":"info","msg":"\#(String(repeating: "é", count: 80))"}"#),  // truncated
            (Self.now, #"{"service":"api","level":"info","msg":"same time as the first"}"#),
        ]
        let events = try lines.map { try S.event($0.1, at: $0.0) }
        let summary = try Self.expectSameAsJSON(encoder, events, labelOrder: ["env", "service", "level", "sluice_overflow"])
        #expect(summary.streams.count == 4)
        #expect(summary.streams.last?.labels == [LokiLabelPair("env", "prod"), LokiLabelPair("sluice_overflow", "true")])
        #expect(summary.overflowCount == 3)
        #expect(summary.refused.map(\.eventIndex) == [3, 4])
        #expect(summary.truncatedCount == 1)
        #expect(summary.streams[0].entries.map(\.eventIndex) == [1, 0, 10, 9])
    }

    @Test func unlabelledStreamAndTwoElementValues() throws {
        let encoder = LokiPushEncoder(labels: try S.labels([("level", "%{[level]}")]), structuredMetadata: [])
        let events = try [S.event(#"{"a":1}"#, at: Self.now), S.event(#"{"level":"info","m":"x"}"#, at: Self.now)]
        let summary = try Self.expectSameAsJSON(encoder, events, labelOrder: ["sluice_unlabelled", "level"])
        #expect(summary.streams.map(\.labels) == [[LokiLabelPair("sluice_unlabelled", "true")], [LokiLabelPair("level", "info")]])
    }

    @Test func timestampsAroundTheEpochFloorTheSeconds() throws {
        var limits = LokiLimits()
        limits.maxAge = Int64.max / 2
        let encoder = LokiPushEncoder(labels: try S.labels([("job", "x")]), structuredMetadata: [], limits: limits)
        let stamps: [Int64] = [-1_500_000_001, -1_000_000_000, -1, 0, 1, 999_999_999, 1_000_000_000, Self.now]
        let events = try stamps.map { try S.event(#"{"t":\#($0)}"#, at: $0) }
        try Self.expectSameAsJSON(encoder, events, labelOrder: ["job"])
        var body: [UInt8] = []
        _ = encoder.encode(events, now: Self.now, as: .protobuf, into: &body)
        let entries = try Self.decode(body).streams[0].entries
        #expect(entries.map(\.seconds) == [-2, -1, -1, 0, 0, 0, 1, 1_795_563_781])
        #expect(entries.map(\.nanos) == [499_999_999, 0, 999_999_999, 0, 1, 999_999_999, 0, 36_325_667])
    }

    @Test func manyEntriesAndLongLinesNeedLongLengths() throws {
        // Streams over 2 MB and lines over 16 KB: lengths of three and four varint bytes.
        let encoder = LokiPushEncoder(labels: try S.labels([("n", "%{[n]}")]), structuredMetadata: [FieldPath("trace_id")!])
        let long = String(repeating: "x", count: 20_000)
        let events = try (0..<240).map { i in
            try S.event(#"{"n":\#(i % 2),"trace_id":"\#(i)","m":"\#(long)"}"#, at: Self.now + Int64(i))
        }
        try Self.expectSameAsJSON(encoder, events, labelOrder: ["n"])
    }

    @Test func nothingToSendAppendsNothing() throws {
        let encoder = LokiPushEncoder(labels: try S.labels([("job", "x")]), encoding: .protobuf)
        var body: [UInt8] = []
        let summary = encoder.encode([try S.event(#"{"a":1}"#, at: 0)], now: Self.now, into: &body)
        #expect(body.isEmpty)
        #expect(summary.refused.map(\.reason) == [.tooOld])
    }

    @Test func snappyRoundTripsThroughLibsnappyAndBackToTheBody() throws {
        // SnappyCompressor reuses its output buffer: a shorter body after a longer one.
        var out: [UInt8] = []
        for body in [Array(repeating: UInt8(ascii: "a"), count: 100_000), Array("short body".utf8), []] {
            SnappyCompressor().compress(body, into: &out)
            #expect(try Snappy.decompress(out) == body)
        }
    }
}
