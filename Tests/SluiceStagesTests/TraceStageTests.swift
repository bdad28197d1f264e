import Testing
@testable import SluiceCore
@testable import SluiceStages

@Suite struct TraceStageTests {
    static let hex = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let span = "00f067aa0ba902b7"

    func stage(_ options: TraceStage.Options = .init()) -> (TraceStage, MetricsRegistry) {
        let metrics = MetricsRegistry()
        return (TraceStage(options: options, context: StageContext(index: 1, type: "trace", metrics: metrics)), metrics)
    }

    /// Each producer form, and the trace/span ids the stage must write.
    static let forms: [(String, String?)] = [
        (#"{"trace_id":"4BF92F3577B34DA6A3CE929D0E0E4736","span_id":"00F067AA0BA902B7"}"#, span),
        (#"{"traceId":"4bf92f35-77b3-4da6-a3ce-929d0e0e4736","spanId":"00f067aa0ba902b7"}"#, span),
        (#"{"otelTraceID":100985939111033328018442752961257817910,"otelSpanID":67667974448284343}"#, span),
        (#"{"trace_id":"100985939111033328018442752961257817910","span_id":"67667974448284343"}"#, span),
        (#"{"trace":{"id":"4bf92f3577b34da6a3ce929d0e0e4736"},"span":{"id":"00f067aa0ba902b7"}}"#, span),
        (#"{"trace.id":"4bf92f3577b34da6a3ce929d0e0e4736","span.id":"00f067aa0ba902b7"}"#, span),
        (#"{"otel":{"trace_id":"0x4bf92f3577b34da6a3ce929d0e0e4736","span_id":"0xf067aa0ba902b7"}}"#, span),
        (#"{"traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}"#, span),
        (#"{"headers":{"traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}}"#, span),
        (#"{"traceID":"4bf92f3577b34da6a3ce929d0e0e4736"}"#, nil),
        // One capital letter is enough to need the rewrite (the canonical check reads case).
        (#"{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0bA902b7"}"#, span),
        (#"{"trace_id":"4Bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7"}"#, span),
    ]

    @Test(arguments: forms)
    func writesCanonicalIDs(_ line: String, _ span: String?) {
        let (stage, metrics) = stage()
        let batch = run(stage, [line])
        let event = batch.events[0]
        #expect(event.raw("trace_id") == "\"\(Self.hex)\"")
        #expect(event.string("span_id") == span)
        #expect(event.fields.contains(FieldPath("trace_missing")!) == false)
        #expect(metrics.counter("sluice_trace_events_with_id_total") == 1)
        #expect(metrics.counter("sluice_trace_events_rewritten_total") == 1)
    }

    @Test func canonicalEventStaysByteExact() {
        let line = #"{"trace_id": "4bf92f3577b34da6a3ce929d0e0e4736", "span_id":"00f067aa0ba902b7","n":1.50}"#
        let (stage, metrics) = stage()
        let batch = run(stage, [line])
        #expect(json(batch.events[0]) == line)
        #expect(metrics.counter("sluice_trace_events_with_id_total") == 1)
        #expect(metrics.counter("sluice_trace_events_rewritten_total") == 0)
    }

    /// Canonical ids at the first paths (`trace_id`, `span_id`, the last of duplicates) are
    /// all that is looked at: other sources, even conflicting or invalid ones, stay as they
    /// are, with or without `remove_sources` (the found sources are the targets), and nothing
    /// is counted but the id found.
    @Test func canonicalIDsAtTheFirstPathsLeaveEverythingElseAsItIs() {
        let other = "0af7651916cd43dd8448eb211c80319c"
        let lines = [
            #"{"traceId":"\#(other)","trace_id":"\#(Self.hex)","span_id":"\#(Self.span)","spanId":"zz"}"#,
            #"{"trace_id":"\#(Self.hex)","traceparent":"00-\#(other)-00f067aa0ba902b7-01","span_id":"\#(Self.span)"}"#,
            #"{"trace_id":"NOT-AN-ID","span_id":"0000000000000000","trace_id":"\#(Self.hex)","span_id":"\#(Self.span)"}"#,
            #"{"otel":{"trace_id":"0x1"},"span_id":"\#(Self.span)","trace_id":"\#(Self.hex)"}"#,
        ]
        for remove in [false, true] {
            var options = TraceStage.Options()
            options.removeSources = remove
            let (stage, metrics) = stage(options)
            let batch = run(stage, lines)
            #expect(batch.events.map(json) == lines, "remove_sources: \(remove)")
            #expect(metrics.counter("sluice_trace_events_with_id_total") == 4)
            #expect(metrics.counter("sluice_trace_events_rewritten_total") == 0)
            #expect(metrics.counter("sluice_trace_events_invalid_total", ["field": "trace_id"]) == 0)
            #expect(metrics.counter("sluice_trace_events_invalid_total", ["field": "span_id"]) == 0)
            #expect(metrics.counter("sluice_trace_events_invalid_total", ["field": "traceparent"]) == 0)
        }
        // A duplicate whose last value is not canonical is read the usual way: that member,
        // the one lookups resolve to, is rewritten.
        let (stage, metrics) = stage()
        let event = run(stage, [#"{"trace_id":"\#(Self.hex)","span_id":"\#(Self.span)","trace_id":"\#(Self.hex.uppercased())"}"#]).events[0]
        #expect(json(event) == #"{"trace_id":"\#(Self.hex)","span_id":"\#(Self.span)","trace_id":"\#(Self.hex)"}"#)
        #expect(metrics.counter("sluice_trace_events_rewritten_total") == 1)
    }

    @Test func sixteenDigitDecimalSpanFollowsADecimalTrace() {
        let (stage, _) = stage()
        let batch = run(stage, [#"{"trace_id":100985939111033328018442752961257817910,"span_id":1234567890123456}"#,
                                #"{"trace_id":"100985939111033328018442752961257817910","span_id":"1234567890123456"}"#])
        // python3: format(1234567890123456, "016x") == "000462d53c8abac0"
        #expect(batch.events[0].string("span_id") == "000462d53c8abac0")
        #expect(batch.events[1].string("span_id") == "000462d53c8abac0")
    }

    static let invalid: [String] = [
        #"{"trace_id":"00000000000000000000000000000000"}"#,
        #"{"trace_id":"not-a-trace-id"}"#,
        #"{"trace_id":1.5e30}"#,
        #"{"trace_id":"340282366920938463463374607431768211456"}"#,
        #"{"traceparent":"00-00000000000000000000000000000000-00f067aa0ba902b7-01","trace_id":0}"#,
    ]

    @Test(arguments: invalid)
    func invalidIDsAreKeptFlaggedAndCounted(_ line: String) throws {
        let (stage, metrics) = stage()
        let batch = run(stage, [line])
        let event = batch.events[0]
        let original = try JSONObject(parsing: ArraySlice(Array(line.utf8)))
        #expect(event.raw("trace_id") == original.withValue(FieldPath("trace_id")!) { _, raw in String(decoding: raw, as: UTF8.self) })
        #expect(event.raw("trace_invalid") == "true")
        #expect(!event.fields.contains(FieldPath("trace_missing")!))
        #expect(metrics.counter("sluice_trace_events_invalid_total", ["field": "trace_id"]) == 1)
        #expect(metrics.counter("sluice_trace_events_missing_id_total") == 0)
        #expect(metrics.counter("sluice_trace_events_with_id_total") == 0)
    }

    @Test func aValidLaterSourceWinsOverAnInvalidEarlierOne() {
        let (stage, metrics) = stage()
        let batch = run(stage, [#"{"trace_id":"zzz","traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}"#])
        #expect(batch.events[0].string("trace_id") == Self.hex)
        #expect(metrics.counter("sluice_trace_events_from_traceparent_total") == 1)
        #expect(metrics.counter("sluice_trace_events_invalid_total", ["field": "trace_id"]) == 0)
    }

    @Test func missingTraceIsFlaggedAndCounted() {
        let (stage, metrics) = stage()
        let batch = run(stage, [#"{"event":"no trace here"}"#, #"{"event":"nor here","trace":"abc"}"#])
        #expect(batch.events.allSatisfy { $0.raw("trace_missing") == "true" })
        #expect(metrics.counter("sluice_trace_events_missing_id_total") == 2)
    }

    /// With more source keys than are probed (64), an id under a key that is not probed is
    /// still found in an event that has none of the probed keys: the stage skips trying each
    /// path only when every path is probed.
    @Test func anUnprobedSourceIsReadWhenNoProbedKeyIsPresent() {
        var options = TraceStage.Options()
        options.traceIDFrom = (0..<70).map { FieldPath(key: FieldKey("source_\($0)")) }
        let (stage, metrics) = stage(options)
        let batch = run(stage, [#"{"source_69":"\#(Self.hex)","event":"x"}"#, #"{"event":"none"}"#])
        #expect(batch.events[0].string("trace_id") == Self.hex)
        #expect(batch.events[0].raw("trace_missing") == nil)
        #expect(batch.events[1].raw("trace_missing") == "true")
        #expect(metrics.counter("sluice_trace_events_missing_id_total") == 1)
    }

    @Test func missingFlagCanBeTurnedOffAndTargetsRenamed() {
        var options = TraceStage.Options()
        options.missingFlag = nil
        options.traceIDTo = FieldPath("otel.trace")!
        options.spanIDTo = FieldPath(key: "sid")
        let (stage, _) = stage(options)
        let batch = run(stage, [#"{"event":"x"}"#, #"{"traceId":"4BF92F3577B34DA6A3CE929D0E0E4736","spanId":"00f067aa0ba902b7"}"#])
        #expect(json(batch.events[0]) == #"{"event":"x"}"#)
        #expect(batch.events[1].string("otel.trace") == Self.hex)
        #expect(batch.events[1].string("sid") == Self.span)
    }

    @Test func ecsURLAndRemovingSources() throws {
        var options = TraceStage.Options()
        options.ecs = true
        options.removeSources = true
        options.url = try TraceURLTemplate("http://jaeger:16686/trace/{trace_id}?uiFind={span_id}")
        let (stage, _) = stage(options)
        let batch = run(stage, [#"{"traceId":"4BF92F3577B34DA6A3CE929D0E0E4736","spanId":"00f067aa0ba902b7","event":"x"}"#])
        let event = batch.events[0]
        #expect(json(event) == #"{"event":"x","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7","trace":{"id":"4bf92f3577b34da6a3ce929d0e0e4736"},"span":{"id":"00f067aa0ba902b7"},"trace_url":"http://jaeger:16686/trace/4bf92f3577b34da6a3ce929d0e0e4736?uiFind=00f067aa0ba902b7"}"#)
    }

    /// Ids found canonical where they are written are checked but left unread (without
    /// `ecs` or `url`): what needs their values still gets them (a traceparent's trace id
    /// compared, `ecs`, `url`, a span rewritten after a source was removed).
    @Test func idsLeftUnreadWhereCanonicalAreReadWhereNeeded() throws {
        let other = "0af7651916cd43dd8448eb211c80319c"
        let (plain, metrics) = stage()
        let batch = run(plain, [
            #"{"trace_id":"\#(Self.hex)","traceparent":"00-\#(Self.hex)-00f067aa0ba902b7-01"}"#,
            #"{"trace_id":"\#(Self.hex)","traceparent":"00-\#(other)-00f067aa0ba902b7-01"}"#,
            #"{"trace_id":"00000000000000000000000000000000","span_id":"0000000000000000"}"#,
            #"{"trace_id":"\#(Self.hex)","span_id":"0000000000000000"}"#,
            #"{"trace_id":"\#(Self.hex)","spanId":"00F067AA0BA902B7"}"#,
        ])
        #expect(batch.events[0].string("span_id") == Self.span)
        #expect(batch.events[1].string("span_id") == nil)
        #expect(batch.events[2].raw("trace_invalid") == "true")
        #expect(json(batch.events[3]) == #"{"trace_id":"\#(Self.hex)","span_id":"0000000000000000","trace_invalid":true}"#)
        #expect(json(batch.events[4]) == #"{"trace_id":"\#(Self.hex)","spanId":"00F067AA0BA902B7","span_id":"\#(Self.span)"}"#)
        #expect(metrics.counter("sluice_trace_events_with_id_total") == 4)
        #expect(metrics.counter("sluice_trace_events_invalid_total", ["field": "trace_id"]) == 1)
        #expect(metrics.counter("sluice_trace_events_invalid_total", ["field": "span_id"]) == 2)

        var options = TraceStage.Options()
        options.ecs = true
        options.removeSources = true
        options.url = try TraceURLTemplate("http://jaeger:16686/trace/{trace_id}?uiFind={span_id}")
        let (linked, _) = stage(options)
        let event = run(linked, [#"{"spanId":"00F067AA0BA902B7","trace_id":"\#(Self.hex)","span_id":"zz"}"#]).events[0]
        #expect(event.string("trace.id") == Self.hex)
        #expect(event.string("span.id") == Self.span)
        #expect(event.string("trace_url") == "http://jaeger:16686/trace/\(Self.hex)?uiFind=\(Self.span)")
    }

    @Test func urlTemplateRejectsUnknownPlaceholders() {
        #expect(throws: TraceURLTemplate.Failure.self) { try TraceURLTemplate("https://tempo/trace/{traceid}") }
        #expect(throws: TraceURLTemplate.Failure.self) { try TraceURLTemplate("https://tempo/trace/") }
        #expect(throws: TraceURLTemplate.Failure.self) { try TraceURLTemplate("https://tempo/trace/{trace_id") }
    }

    @Test func metricsAreAddedOncePerBatchAcrossManyEvents() {
        let (stage, metrics) = stage()
        let lines = (0..<50).map { i in i % 2 == 0 ? #"{"trace_id":"\#(Self.hex)"}"# : #"{"n":\#(i)}"# }
        _ = run(stage, lines)
        #expect(metrics.counter("sluice_trace_events_with_id_total") == 25)
        #expect(metrics.counter("sluice_trace_events_missing_id_total") == 25)
        #expect(metrics.series().allSatisfy { $0.labels.allSatisfy { !$0.value.contains(Self.hex) } })
    }
}
