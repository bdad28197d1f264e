import Foundation
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceOutputs

/// Every field of the OTLP mapping, checked by decoding what the encoder wrote with the
/// `opentelemetry-proto` package (an independent decoder), in both encodings.
@Suite struct OTLPLogsEncoderTests {
    static let t0: Int64 = 1_796_292_000_123_456_789  // 2026-12-03T10:00:00.123456789Z
    static let read: Int64 = 1_796_292_001_000_000_000

    func event(_ line: String, timestamp: Int64? = t0) throws -> Event {
        var e = Event(line, readTime: Self.read)
        e.fields = try JSONObject(parsing: e.line)
        e.flags.remove(.raw)
        if let timestamp {
            e.timestamp = timestamp
            e.flags.remove(.timestampFromReadTime)
        }
        return e
    }

    /// The records of `events` as the reference decoder reads them, in both encodings (which
    /// must agree), with the requests themselves.
    func decoded(_ events: [Event], _ encoder: OTLPLogsEncoder = OTLPLogsEncoder()) throws -> [[String: Any]] {
        var requests: [[String: Any]] = []
        for encoding in OTLPLogsEncoder.Encoding.allCases {
            var e = encoder
            e.encoding = encoding
            var body: [UInt8] = []
            #expect(e.encode(events, into: &body) == events.count)
            let request = try #require(try OTLPReference.decode([body], json: encoding == .json).first)
            #expect(request["problems"] as? [String] == [], "\(encoding): \(request["problems"] ?? "")")
            requests.append(request)
        }
        let canonical = try requests.map { try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]) }
        #expect(canonical[0] == canonical[1], "protobuf and JSON encodings decode differently")
        return requests
    }

    func records(_ events: [Event], _ encoder: OTLPLogsEncoder = OTLPLogsEncoder()) throws -> [[String: Any]] {
        OTLPReference.records(try decoded(events, encoder)[0]).map(\.record)
    }

    @Test func aStructlogLineMapsToEveryRecordField() throws {
        let line = #"{"timestamp":"2026-12-03T10:00:00.123456789Z","level":"warning","event":"model_inference","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7","workflow_id":"wf-1","step":"inference","latency_ms":1534,"score":0.25,"cached":false,"tags":["a",1,true,null],"model":{"name":"llama","params":{"b":7}},"note":null}"#
        let record = try #require(try records([try event(line)]).first)
        #expect(record["timeUnixNano"] as? String == String(Self.t0))
        #expect(record["observedTimeUnixNano"] as? String == String(Self.read))
        #expect(record["severityNumber"] as? String == "SEVERITY_NUMBER_WARN")
        #expect(record["severityText"] as? String == "warning")
        #expect(OTLPReference.plain(record["body"]) as? String == "model_inference")
        #expect(record["traceId"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(record["spanId"] as? String == "00f067aa0ba902b7")
        let attributes = OTLPReference.attributes(record["attributes"])
        // The time, level, body and ids are the record's own fields, not attributes.
        #expect(Set(attributes.keys) == ["workflow_id", "step", "latency_ms", "score", "cached", "tags", "model", "note"])
        #expect(attributes["workflow_id"] as? String == "wf-1")
        #expect(attributes["latency_ms"] as? Int64 == 1534)
        #expect(attributes["score"] as? Double == 0.25)
        #expect(attributes["cached"] as? Bool == false)
        let tags = try #require(attributes["tags"] as? [Any])
        #expect(tags.count == 4)
        #expect(tags[0] as? String == "a" && tags[1] as? Int64 == 1 && tags[2] as? Bool == true && tags[3] is NSNull)
        let model = try #require(attributes["model"] as? [String: Any])
        #expect(model["name"] as? String == "llama")
        #expect((model["params"] as? [String: Any])?["b"] as? Int64 == 7)
        #expect(attributes["note"] is NSNull)
    }

    @Test(arguments: [
        (#""debug""#, "SEVERITY_NUMBER_DEBUG", "debug"), (#""INFO""#, "SEVERITY_NUMBER_INFO", "INFO"),
        (#""warn""#, "SEVERITY_NUMBER_WARN", "warn"), (#""error""#, "SEVERITY_NUMBER_ERROR", "error"),
        (#""critical""#, "SEVERITY_NUMBER_FATAL", "critical"), (#""fatal""#, "SEVERITY_NUMBER_FATAL", "fatal"),
        (#""trace""#, "SEVERITY_NUMBER_TRACE", "trace"),
        ("10", "SEVERITY_NUMBER_DEBUG", "debug"), ("20", "SEVERITY_NUMBER_INFO", "info"), ("30", "SEVERITY_NUMBER_WARN", "warning"),
        ("40", "SEVERITY_NUMBER_ERROR", "error"), ("50", "SEVERITY_NUMBER_FATAL", "critical"), (#""40""#, "SEVERITY_NUMBER_ERROR", "40"),
    ])
    func levelsInNamesAndNumbersMapToSeverity(_ level: String, _ number: String, _ text: String) throws {
        let record = try #require(try records([try event(#"{"level":\#(level),"event":"x"}"#)]).first)
        #expect(record["severityNumber"] as? String == number)
        #expect(record["severityText"] as? String == text)
        #expect(OTLPReference.attributes(record["attributes"])["level"] == nil)
    }

    @Test func anUnknownLevelKeepsItsTextWithoutANumber() throws {
        let record = try #require(try records([try event(#"{"level":"verbose-ish","event":"x"}"#)]).first)
        #expect(record["severityNumber"] == nil)
        #expect(record["severityText"] as? String == "verbose-ish")
    }

    @Test func decimalUUIDAndShortIdsAreNormalisedAndInvalidOnesStayAttributes() throws {
        let lines = [
            // Python's span_context ids, in decimal.
            #"{"event":"a","trace_id":100622081498473869003627513960614209334,"span_id":"67667974448284343"}"#,
            #"{"event":"b","trace_id":"4bf92f35-77b3-4da6-a3ce-929d0e0e4736","span_id":"0x00f067aa0ba902b7"}"#,
            #"{"event":"c","trace_id":"a3ce929d0e0e4736"}"#,
            #"{"event":"d","trace_id":"not-a-trace","span_id":"0000000000000000"}"#,
            #"{"event":"e"}"#,
        ]
        let records = try records(try lines.map { try event($0) })
        #expect(records.count == 5)
        #expect(records[0]["traceId"] as? String == String(UInt128("100622081498473869003627513960614209334")!, radix: 16).leftPadded(32))
        #expect(records[0]["spanId"] as? String == String(UInt64("67667974448284343")!, radix: 16).leftPadded(16))
        #expect(records[1]["traceId"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(records[1]["spanId"] as? String == "00f067aa0ba902b7")
        #expect(records[2]["traceId"] as? String == "0000000000000000a3ce929d0e0e4736")
        #expect(records[3]["traceId"] == nil && records[3]["spanId"] == nil)
        let kept = OTLPReference.attributes(records[3]["attributes"])
        #expect(kept["trace_id"] as? String == "not-a-trace" && kept["span_id"] as? String == "0000000000000000")
        #expect(records[4]["traceId"] == nil && records[4]["spanId"] == nil)
    }

    @Test func unicodeEscapesAnd64BitIntegersSurvive() throws {
        let line = #"{"event":"caf\u00e9 \"quoted\"\n\ud83d\ude00","big":9223372036854775807,"small":-9223372036854775808,"over":18446744073709551616,"exp":1e3,"k\u00e9y":"v"}"#
        let record = try #require(try records([try event(line)]).first)
        #expect(OTLPReference.plain(record["body"]) as? String == "café \"quoted\"\n😀")
        let attributes = OTLPReference.attributes(record["attributes"])
        #expect(attributes["big"] as? Int64 == .max)
        #expect(attributes["small"] as? Int64 == .min)
        #expect(attributes["over"] as? Double == 18446744073709551616.0)
        #expect(attributes["exp"] as? Double == 1000)
        #expect(attributes["kéy"] as? String == "v")
    }

    @Test func theBodyFieldIsConfigurableAndTheWholeEventIsAMap() throws {
        let line = #"{"message":"hello","event":"ignored?","n":1}"#
        var encoder = OTLPLogsEncoder()
        encoder.body = .field([FieldPath(key: "message")])
        var record = try #require(try records([try event(line)], encoder).first)
        #expect(OTLPReference.plain(record["body"]) as? String == "hello")
        #expect(Set(OTLPReference.attributes(record["attributes"]).keys) == ["event", "n"])

        encoder.body = .wholeEvent
        record = try #require(try records([try event(#"{"level":"info","event":"x","n":1,"o":{"a":[1]}}"#)], encoder).first)
        let body = try #require(OTLPReference.plain(record["body"]) as? [String: Any])
        #expect(Set(body.keys) == ["level", "event", "n", "o"])
        #expect(record["attributes"] == nil)
        #expect(record["severityText"] as? String == "info")

        // A non-string body keeps its type.
        encoder.body = .field([FieldPath(key: "event")])
        record = try #require(try records([try event(#"{"event":{"k":"v"}}"#)], encoder).first)
        #expect((OTLPReference.plain(record["body"]) as? [String: Any])?["k"] as? String == "v")
    }

    @Test func aLineWithoutTimeOrJSONKeepsTheReadTimeAsObservedOnly() throws {
        var raw = Event("plain text line \u{7}", readTime: Self.read)  // not parsed: the line is the body
        raw.flags.insert(.parseError)
        let noTime = try event(#"{"event":"x","time":"not a time"}"#, timestamp: nil)
        let records = try records([raw, noTime])
        #expect(records[0]["timeUnixNano"] == nil)
        #expect(records[0]["observedTimeUnixNano"] as? String == String(Self.read))
        #expect(OTLPReference.plain(records[0]["body"]) as? String == "plain text line \u{7}")
        #expect(records[1]["timeUnixNano"] == nil)
        // The time member that was not read stays an attribute.
        #expect(OTLPReference.attributes(records[1]["attributes"])["time"] as? String == "not a time")
    }

    @Test func oneResourceLogsPerResource() throws {
        var encoder = OTLPLogsEncoder()
        encoder.resource = [("service.name", .text("ai-workflow")), ("k8s.pod.name", .field(FieldPath(key: "pod")))]
        let events = try [
            #"{"event":"a","pod":"p1"}"#, #"{"event":"b","pod":"p2"}"#, #"{"event":"c","pod":"p1"}"#, #"{"event":"d"}"#,
        ].map { try event($0) }
        let request = try decoded(events, encoder)[0]
        let resourceLogs = try #require(request["resourceLogs"] as? [[String: Any]])
        #expect(resourceLogs.count == 3)
        let flat = OTLPReference.records(request)
        #expect(flat.map { OTLPReference.plain($0.record["body"]) as? String } == ["a", "c", "b", "d"])
        #expect(flat.map { $0.resource["k8s.pod.name"] as? String } == ["p1", "p1", "p2", nil])
        #expect(flat.allSatisfy { $0.resource["service.name"] as? String == "ai-workflow" && $0.scope == "sluice" })
        // The field read into the resource is not repeated as an attribute.
        #expect(flat.allSatisfy { OTLPReference.attributes($0.record["attributes"])["pod"] == nil })
    }

    @Test func oneScopeLogsPerSourceNamedAfterIt() throws {
        let app = SourceNames.id(of: "app"), worker = SourceNames.id(of: "worker")
        var events = try ["a", "b", "c", "d"].map { try event(#"{"event":"\#($0)"}"#) }
        for (i, source) in [app, worker, app, 0].enumerated() { events[i].origin.source = source }
        let request = try decoded(events)[0]
        let resourceLogs = try #require(request["resourceLogs"] as? [[String: Any]])
        #expect(resourceLogs.count == 1)
        let flat = OTLPReference.records(request)
        #expect(flat.map(\.scope) == ["app", "app", "worker", "sluice"])
        #expect(flat.map { OTLPReference.plain($0.record["body"]) as? String } == ["a", "c", "b", "d"])
        #expect((resourceLogs[0]["scopeLogs"] as? [Any])?.count == 3)
    }

    @Test func largeBatchesAndLongValuesReadBackWhole() throws {
        let long = String(repeating: "x", count: 70_000)
        let events = try (0..<300).map { i in try event(#"{"event":"e\#(i)","i":\#(i),"text":"\#(i % 100 == 0 ? long : "short")"}"#) }
        let records = try records(events)
        #expect(records.count == 300)
        #expect(records.map { OTLPReference.plain($0["body"]) as? String } == (0..<300).map { "e\($0)" })
        #expect((OTLPReference.attributes(records[100]["attributes"])["text"] as? String)?.count == 70_000)
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
