import Foundation
import SluiceCore
import SluiceTestSupport
import Testing

/// The fake Loki reads protobuf + snappy pushes (any body without `Content-Type:
/// application/json`) and answers them as it answers the same pushes in JSON: the fixtures'
/// requests, rewritten as `logproto.PushRequest` here with ``ProtobufWriter``, must get the
/// recorded statuses and texts and store the same entries.
@Suite struct FakeLokiProtobufTests {
    typealias F = FakeLokiTests
    static let protobuf = ["Content-Type": "application/x-protobuf"]

    /// `{a="x", b="y"}`: the labels sorted by name (as Loki prints a JSON request's labels),
    /// values Go-quoted.
    static func labelText(_ labels: [String: String]) -> String {
        let pairs = labels.sorted { $0.key < $1.key }.map { name, value in
            "\(name)=\"\(value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\""
        }
        return "{" + pairs.joined(separator: ", ") + "}"
    }

    /// A PushRequest (uncompressed) for streams of `(labels text, [(ns, line, metadata)])`.
    static func pushRequest(_ streams: [(labels: String, entries: [(Int64, String, [(String, String)])])]) -> [UInt8] {
        var out: [UInt8] = []
        for stream in streams {
            let s = ProtobufWriter.beginMessage(1, in: &out)
            ProtobufWriter.appendStringField(1, stream.labels, to: &out)
            for (ns, line, metadata) in stream.entries {
                let e = ProtobufWriter.beginMessage(2, in: &out)
                let t = ProtobufWriter.beginMessage(1, in: &out)
                let seconds = ns >= 0 ? ns / 1_000_000_000 : (ns - 999_999_999) / 1_000_000_000
                ProtobufWriter.appendVarintField(1, UInt64(bitPattern: seconds), to: &out)
                ProtobufWriter.appendVarintField(2, UInt64(ns - seconds * 1_000_000_000), to: &out)
                ProtobufWriter.endMessage(t, in: &out)
                ProtobufWriter.appendStringField(2, line, to: &out)
                for (name, value) in metadata {
                    let p = ProtobufWriter.beginMessage(3, in: &out)
                    ProtobufWriter.appendStringField(1, name, to: &out)
                    ProtobufWriter.appendStringField(2, value, to: &out)
                    ProtobufWriter.endMessage(p, in: &out)
                }
                ProtobufWriter.endMessage(e, in: &out)
            }
            ProtobufWriter.endMessage(s, in: &out)
        }
        return out
    }

    /// A fixture's JSON request as a protobuf + snappy body.
    static func protobufBody(_ name: String) throws -> [UInt8] {
        let fixture = try #require(BackendFixtures.loki(name), "fixture loki/\(name) missing")
        let request = try #require(fixture["request"] as? [String: Any])
        let body = try #require(request["body"] as? [String: Any])
        let streams = try #require(body["streams"] as? [[String: Any]])
        return Snappy.compress(pushRequest(try streams.map { stream in
            let labels = try #require(stream["stream"] as? [String: String])
            let values = try #require(stream["values"] as? [[Any]])
            return (labelText(labels), try values.map { value in
                let ns = try #require((value[0] as? String).flatMap { Int64($0) })
                let metadata = (value.count > 2 ? value[2] as? [String: String] : nil) ?? [:]
                return (ns, try #require(value[1] as? String), metadata.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            })
        }))
    }

    static func expectFixture(_ name: String, _ client: HTTPTestClient) throws {
        let fixture = try F.fixture(name)
        let response = try client.post(F.push, try protobufBody(name), headers: protobuf)
        #expect(response.status == fixture.status, "\(name)")
        #expect(response.text == fixture.text, "\(name)")
        if fixture.status != 204 { #expect(response.headers["content-type"] == "text/plain; charset=utf-8") }
    }

    @Test func acceptedPushesAreStoredLikeTheirJSON() throws {
        let loki = try F.loki()
        defer { loki.stop() }
        let client = try HTTPTestClient(port: loki.port)
        try Self.expectFixture("ok-two-lines.json", client)
        try Self.expectFixture("structured-metadata.json", client)
        try F.expectFixture("ok-two-lines.json", client)  // the same entries in JSON: duplicates, dropped
        let entries = loki.entries(labels: ["job": "fixture", "run": "1795563781"])
        #expect(entries.map(\.timestamp) == [1_795_563_781_036_325_667, 1_795_563_781_036_325_668, 1_795_563_781_036_325_669])
        #expect(entries[0].metadata == nil)
        #expect(entries[2].metadata == ["trace_id": "4bf92f3577b34da6a3ce929d0e0e4736", "span_id": "00f067aa0ba902b7"])
        #expect(entries[0].line == F.line.replacingOccurrences(of: #"\""#, with: "\""))
        #expect(loki.requests[0].header("content-encoding") == nil)
    }

    @Test func refusedEntriesAnswerTheFixtureTexts() throws {
        let loki = try F.loki()
        defer { loki.stop() }
        let client = try HTTPTestClient(port: loki.port)
        for name in ["too-old-8-days.json", "too-new-1h.json", "bad-label-name.json", "no-streams.json",
                     "ooo-newest.json", "ooo-10min-older.json", "ooo-2h-older.json", "mixed-good-and-too-old.json"] {
            try Self.expectFixture(name, client)
        }
        let ooo = loki.entries(labels: ["job": "fixture", "run": "1795563781", "stream": "ooo"])
        #expect(ooo.map(\.timestamp) == [1_795_563_781_036_325_667, 1_795_563_181_036_325_667])
        #expect(loki.entries.count == 3)
    }

    @Test func unreadableBodiesAnswerLikeLoki() throws {
        let loki = try F.loki()
        defer { loki.stop() }
        let client = try HTTPTestClient(port: loki.port)
        func expect(_ body: [UInt8], _ status: Int, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let response = try client.post(F.push, body, headers: Self.protobuf)
            #expect(response.status == status, sourceLocation: sourceLocation)
            #expect(response.text == text + "\n", sourceLocation: sourceLocation)
            #expect(response.headers["content-type"] == "text/plain; charset=utf-8", sourceLocation: sourceLocation)
        }
        let good = Self.pushRequest([(#"{job="x"}"#, [(F.now, "a", [])])])
        try expect([], 400, "snappy: corrupt input")
        try expect(good, 400, "snappy: corrupt input")  // protobuf, not compressed
        try expect(Array(#"{"streams":[]}"#.utf8), 400, "snappy: corrupt input")
        try expect(Snappy.compress(Array(good.dropLast())), 400, "unexpected EOF")
        try expect(Snappy.compress([0x08, 0x01]), 400, "proto: wrong wireType = 0 for field Streams")
        try expect(Snappy.compress([]), 422, "error at least one valid stream is required for ingestion")
        try expect(Snappy.compress(Self.pushRequest([(#"job="x""#, [(F.now, "a", [])])])), 400,
                   "couldn't parse labels: 1:1: parse error: unexpected character: 'j'")
        try expect(Snappy.compress(Self.pushRequest([(#"{job="x", bad-name="y"}"#, [(F.now, "a", [])])])), 400,
                   "couldn't parse labels: 1:14: parse error: unexpected character inside braces: '-'")
        #expect(loki.entries.isEmpty)
        // Unknown fields are skipped, as Go's decoder does.
        var extra = good
        ProtobufWriter.appendVarintField(9, 7, to: &extra)
        #expect(try client.post(F.push, Snappy.compress(extra), headers: Self.protobuf).status == 204)
    }

    @Test func labelTextIsParsedWithGoQuoting() throws {
        let loki = try F.loki()
        defer { loki.stop() }
        let client = try HTTPTestClient(port: loki.port)
        let body = Self.pushRequest([(#"{app="a\"b\\c\nd",  level = "info"}"#, [(F.now, "x", [("k", "")])])])
        #expect(try client.post(F.push, Snappy.compress(body), headers: Self.protobuf).status == 204)
        #expect(loki.entries.map(\.labels) == [["app": "a\"b\\c\nd", "level": "info"]])
        #expect(loki.entries.first?.metadata == ["k": ""])
        #expect(FakeLoki.entries(of: try #require(loki.requests.first))?.map(\.line) == ["x"])
    }
}
