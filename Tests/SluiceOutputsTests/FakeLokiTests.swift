import Foundation
import SluiceTestSupport
import Testing

@Suite struct FakeLokiTests {
    /// Loki's clock when the fixtures were recorded (2026-11-24T23:43:01Z and a bit).
    static let now: Int64 = 1_795_563_781_500_000_000
    static let push = "/loki/api/v1/push"
    static let json = ["Content-Type": "application/json"]
    static let line = #"{\"timestamp\": \"2026-11-24T12:00:00Z\", \"level\": \"info\", \"event\": \"data_ingested\", \"workflow_id\": \"wf-2026-01\", \"batch_id\": \"b123\"}"#

    static func fixture(_ name: String) throws -> (body: [UInt8]?, status: Int, text: String) {
        let fixture = try #require(BackendFixtures.loki(name), "fixture loki/\(name) missing")
        let request = try #require(fixture["request"] as? [String: Any])
        let response = try #require(fixture["response"] as? [String: Any])
        let body = (request["body"] as? [String: Any]).map { try? JSONSerialization.data(withJSONObject: $0) }
        return (body??.map { $0 }, try #require(response["status"] as? Int), try #require(response["body"] as? String))
    }

    static func loki() throws -> FakeLoki {
        let loki = try FakeLoki()
        loki.setNow(now)
        return loki
    }

    /// Sends a fixture's request body and expects its recorded status and body.
    static func expectFixture(_ name: String, _ client: HTTPTestClient, gzip: Bool = false) throws {
        let fixture = try Self.fixture(name)
        let response = try client.post(push, try #require(fixture.body), headers: json, gzip: gzip)
        #expect(response.status == fixture.status, "\(name)")
        #expect(response.text == fixture.text, "\(name)")
        if fixture.status != 204 { #expect(response.headers["content-type"] == "text/plain; charset=utf-8") }
    }

    @Test func acceptedPushesAnswer204AndAreStored() throws {
        let loki = try Self.loki()
        defer { loki.stop() }
        let client = try HTTPTestClient(port: loki.port)
        try Self.expectFixture("ok-two-lines.json", client)
        try Self.expectFixture("structured-metadata.json", client, gzip: true)
        try Self.expectFixture("ok-two-lines.json", client)  // exact duplicates: dropped silently
        let entries = loki.entries(labels: ["job": "fixture", "run": "1795563781"])
        #expect(entries.map(\.timestamp) == [1_795_563_781_036_325_667, 1_795_563_781_036_325_668, 1_795_563_781_036_325_669])
        #expect(entries[2].metadata == ["trace_id": "4bf92f3577b34da6a3ce929d0e0e4736", "span_id": "00f067aa0ba902b7"])
        #expect(entries[0].line == Self.line.replacingOccurrences(of: #"\""#, with: "\""))
        #expect(loki.requests[1].header("content-encoding") == "gzip")
        #expect(loki.requests[1].rawBodySize < loki.requests[1].body.count)
    }

    @Test func refusedEntriesAnswerTheFixtureTexts() throws {
        let loki = try Self.loki()
        defer { loki.stop() }
        let client = try HTTPTestClient(port: loki.port)
        for name in ["too-old-8-days.json", "too-new-1h.json", "bad-label-name.json", "no-streams.json",
                     "ooo-newest.json", "ooo-10min-older.json", "ooo-2h-older.json"] {
            try Self.expectFixture(name, client)
        }
        let ooo = loki.entries(labels: ["job": "fixture", "run": "1795563781", "stream": "ooo"])
        #expect(ooo.map(\.timestamp) == [1_795_563_781_036_325_667, 1_795_563_181_036_325_667])
        #expect(loki.entries.count == 2)
    }

    @Test func goodEntriesOfARefusedBatchAreStored() throws {
        let loki = try Self.loki()
        defer { loki.stop() }
        let client = try HTTPTestClient(port: loki.port)
        try Self.expectFixture("mixed-good-and-too-old.json", client)
        #expect(loki.entries.map(\.timestamp) == [1_795_563_781_036_325_675])
        try Self.expectFixture("mixed-good-and-too-old.json", client)  // the replay stores nothing twice
        #expect(loki.entries.count == 1)
    }

    @Test func malformedBodiesAnswerTheFixtureTexts() throws {
        let loki = try Self.loki()
        defer { loki.stop() }
        let client = try HTTPTestClient(port: loki.port)
        func expect(_ name: String, _ body: String, headers: [String: String] = Self.json) throws {
            let fixture = try Self.fixture(name)
            let response = try client.post(Self.push, Array(body.utf8), headers: headers)
            #expect(response.status == fixture.status, "\(name)")
            #expect(response.text == fixture.text, "\(name)")
        }
        try expect("malformed-json.json", #"{"streams":[{"stream":{"job":"x"},"values":[["1","a"]]"#)
        try expect("empty-body.json", "")
        try expect("no-content-type.json", #"{"streams":[]}"#, headers: [:])
        let labels = #"{"stream": {"job": "fixture", "run": "1795563781"}, "values": "#
        try expect("structured-metadata-non-string.json",
                   #"{"streams": [\#(labels)[["1795563781036325670", "\#(Self.line)", {"n": 5}]]}]}"#)
        try expect("timestamp-as-number.json", #"{"streams": [\#(labels)[[1795563781036325671, "\#(Self.line)"]]}]}"#)
        #expect(loki.entries.isEmpty)
    }

    @Test func oversizedLinesAndRequestsAreRefused() throws {
        let loki = try Self.loki()
        defer { loki.stop() }
        let client = try HTTPTestClient(port: loki.port)
        let long = String(repeating: "x", count: 300_000)
        let body = #"{"streams":[{"stream":{"job":"fixture","run":"1795563781"},"values":[["1795563781036325667","\#(long)"]]}]}"#
        let tooLong = try client.post(Self.push, Array(body.utf8), headers: Self.json)
        let fixture = try Self.fixture("line-too-long.json")
        #expect(tooLong.status == 400 && tooLong.text == fixture.text)
        let entry = String(repeating: "y", count: 200_000)
        let values = (0..<35).map { #"["\#(1_795_563_781_000_000_000 + $0)","\#(entry)"]"# }.joined(separator: ",")
        let big = #"{"streams":[{"stream":{"job":"big"},"values":[\#(values)]}]}"#
        let limited = try client.post(Self.push, Array(big.utf8), headers: Self.json, gzip: true)
        let rateLimited = try Self.fixture("rate-limited-7MB.json")
        #expect(limited.status == 429 && limited.text == rateLimited.text)
        #expect(loki.entries.isEmpty)
    }

    @Test func injectedFaults() throws {
        let loki = try Self.loki()
        defer { loki.stop() }
        loki.setRequestFault { n, _ in
            switch n {
            case 1: .status(429, retryAfter: 2)
            case 2: .status(500)
            case 3: .close
            case 4: .hang
            default: nil
            }
        }
        let body = try #require(try Self.fixture("ok-two-lines.json").body)
        let client = try HTTPTestClient(port: loki.port, timeout: 0.3)
        let limited = try client.post(Self.push, body, headers: Self.json)
        #expect(limited.status == 429 && limited.headers["retry-after"] == "2")
        #expect(limited.text.hasPrefix("ingestion rate limit exceeded for user fake") && limited.text.contains("'2' lines"))
        #expect(try client.post(Self.push, body, headers: Self.json).status == 500)
        #expect(throws: HTTPTestClient.Failure.closed) { try client.post(Self.push, body, headers: Self.json) }
        let hanging = try HTTPTestClient(port: loki.port, timeout: 0.3)
        #expect(throws: HTTPTestClient.Failure.timedOut) { try hanging.post(Self.push, body, headers: Self.json) }
        let healthy = try HTTPTestClient(port: loki.port)
        #expect(try healthy.post(Self.push, body, headers: Self.json).status == 204)
        #expect(loki.entries.count == 2)
        #expect(loki.stats.byStatus == [429: 1, 500: 1, 204: 1] && loki.stats.closed == 1 && loki.stats.hung == 1)
    }
}
