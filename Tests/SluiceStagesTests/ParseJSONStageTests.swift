import Testing
@testable import SluiceCore
@testable import SluiceStages

@Suite struct ParseJSONStageTests {
    func run(_ lines: [[UInt8]], _ options: ParseJSONStage.Options = .init()) -> (Batch, MetricsRegistry) {
        let metrics = MetricsRegistry()
        let stage = ParseJSONStage(options: options, context: StageContext(index: 0, type: "parse_json", metrics: metrics))
        var batch = Batch(events: lines.enumerated().map { i, line in
            Event(line: ArraySlice(line), origin: Origin(fileID: 1, offset: UInt64(i * 100), length: UInt32(line.count + 1)), readTime: 7)
        })
        stage.process(&batch)
        return (batch, metrics)
    }

    func json(_ event: Event) -> String {
        var out: [UInt8] = []
        event.serialize(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static let bad: [(String, [UInt8])] = [
        ("syntax", Array("Traceback (most recent call last):".utf8)),
        ("truncated", Array(#"{"event":"inference_completed","latency_ms":73"#.utf8)),
        ("not_an_object", Array(#"["inference_completed", 412.7]"#.utf8)),
        ("invalid_utf8", [0x7B, 0x22, 0x6D, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D]),
        ("empty", []),
    ]

    @Test func parsesObjectsAndKeepsThemByteExact() {
        let line = #"{"timestamp": "2026-11-24T12:00:00.5Z", "level":"info", "n": 1.50}"#
        let (batch, metrics) = run([Array(line.utf8)])
        #expect(batch.events.count == 1)
        #expect(!batch.events[0].flags.contains(.raw))
        #expect(json(batch.events[0]) == line)
        #expect(batch.events[0].fields.string(FieldPath(key: "level")) == "info")
        #expect(metrics.counter("sluice_parse_json_events_parsed_total") == 1)
    }

    @Test func badLinesAreKeptAsMessageWithParseErrorAndCountedByReason() throws {
        let (batch, metrics) = run(Self.bad.map(\.1))
        #expect(batch.events.count == Self.bad.count)
        for (i, (reason, line)) in Self.bad.enumerated() {
            let event = batch.events[i]
            #expect(event.flags.contains(.parseError))
            #expect(event.fields.kind(of: FieldPath(key: "parse_error")) == .bool)
            #expect(event.fields.valueBytes(FieldPath(key: "message")) == (reason == "invalid_utf8" ? Array("{\"m\":\"\u{FFFD}\"}".utf8) : line))
            #expect(metrics.counter("sluice_parse_json_errors_total", ["reason": reason]) == 1)
            // The output is valid JSON even for invalid UTF-8 input.
            _ = try JSONObject(parsing: ArraySlice(Array(json(event).utf8)))
        }
        #expect(batch.events[3].flags.contains(.invalidUTF8))
        #expect(json(batch.events[0]) == #"{"message":"Traceback (most recent call last):","parse_error":true}"#)
    }

    @Test func dropCountsWhatItDrops() {
        var options = ParseJSONStage.Options()
        options.onError = .drop
        let (batch, metrics) = run([Array(#"{"a":1}"#.utf8)] + Self.bad.map(\.1), options)
        #expect(batch.events.count == 1)
        #expect(batch.droppedCount == Self.bad.count)
        #expect(metrics.counter("sluice_stage_events_dropped_total", ["reason": "not_json"]) == Self.bad.count)
    }

    @Test func deadLetterSetsLinesAsideInOrder() {
        var options = ParseJSONStage.Options()
        options.onError = .deadLetter
        let (batch, metrics) = run([Self.bad[0].1, Array(#"{"a":1}"#.utf8), Self.bad[1].1], options)
        #expect(batch.events.count == 1)
        #expect(batch.deadLetters.map(\.event.origin.offset) == [0, 200])
        #expect(batch.deadLetters.allSatisfy { $0.stage == "stages[0] (parse_json)" && $0.reason == "not a JSON object" })
        #expect(metrics.counter("sluice_stage_events_dead_lettered_total") == 2)
    }

    @Test(arguments: [
        (#"{"@timestamp":"2026-11-24T12:00:00Z"}"#, Int64(1_795_521_600_000_000_000)),
        (#"{"timestamp":"2026-11-24T13:00:00+01:00"}"#, 1_795_521_600_000_000_000),
        (#"{"ts":1795521600.25}"#, 1_795_521_600_250_000_000),
        (#"{"time":1795521600123}"#, 1_795_521_600_123_000_000),
        (#"{"ts":"not a time","time":"2026-11-24T12:00:00Z"}"#, 1_795_521_600_000_000_000),
    ])
    func findsTheTimestamp(_ line: String, _ expected: Int64) {
        let (batch, _) = run([Array(line.utf8)])
        #expect(batch.events[0].timestamp == expected)
        #expect(!batch.events[0].flags.contains(.timestampFromReadTime))
    }

    @Test(arguments: [#"{"level":"info"}"#, #"{"timestamp":"yesterday"}"#, #"{"timestamp":"2026-13-01T00:00:00Z"}"#, #"{"ts":true}"#, "garbage"])
    func withoutAUsableTimestampTheReadTimeIsUsedAndFlagged(_ line: String) {
        let (batch, _) = run([Array(line.utf8)])
        #expect(batch.events[0].timestamp == 7)
        #expect(batch.events[0].flags.contains(.timestampFromReadTime))
    }

    @Test func timestampFieldIsConfigurable() {
        var options = ParseJSONStage.Options()
        options.timestampFields = [FieldPath("meta.when")!]
        let (batch, _) = run([Array(#"{"timestamp":"2020-01-01T00:00:00Z","meta":{"when":"2026-11-24T12:00:00Z"}}"#.utf8)], options)
        #expect(batch.events[0].timestamp == 1_795_521_600_000_000_000)
    }
}
