import CoreMetrics
import SluiceCore

/// `trace`: finds the trace and span ids wherever producers put them, writes them in one
/// canonical place as lowercase hex, and flags events that have none.
///
/// ```
///  traceId: "4BF92F35…"  ─┐
///  otel.trace_id: 1006…   ├─▶ first valid id ─▶ trace_id: "4bf92f3577b34da6a3ce929d0e0e4736"
///  headers.traceparent ───┘                    span_id:  "00f067aa0ba902b7"   (+ trace_url)
/// ```
///
/// Id fields are tried in order, then `traceparent` fields (whose parent id becomes the span
/// id when no span id field holds one). Forms accepted: see ``TraceIDNormalizer``. An id
/// that is present but malformed or all zero is kept as it is, the event is flagged
/// (`trace_invalid: true`) and counted. An event with no trace id at all is flagged
/// (`trace_missing: true`) and counted. Fields already canonical are not rewritten, so an
/// event the stage did not need to change stays byte-exact.
///
/// Metrics (events): `sluice_trace_events_with_id_total`, `sluice_trace_events_rewritten_total`,
/// `sluice_trace_events_from_traceparent_total`, `sluice_trace_events_missing_id_total`,
/// `sluice_trace_events_invalid_total{field}` (`trace_id`, `span_id`, `traceparent`).
public final class TraceStage: Stage {
    public let name: String
    let options: Options
    let found: Counter, rewritten: Counter, fromTraceparent: Counter, missing: Counter
    let invalidTrace: Counter, invalidSpan: Counter, invalidTraceparent: Counter

    /// The top-level keys any source path can start with (its literal name, its first
    /// segment), and for each source path (trace, span, traceparent lists in order) where
    /// its keys are among them.
    let probeKeys: FieldKeySet
    let traceProbes: [Probe]
    let spanProbes: [Probe]
    let traceparentProbes: [Probe]
    /// Per trace (span) source path: whether it is also where the id is written, so an id
    /// found there in canonical form needs no second look-up.
    let traceSourceIsTarget: [Bool]
    let spanSourceIsTarget: [Bool]
    /// True when nothing but a rewrite needs an id's value (no `ecs`, no `url`): an id found
    /// canonical where it is written is then checked (``TraceIDNormalizer/isCanonicalHex(_:digits:)``)
    /// but not read. Reading it (a 128-bit number from 32 digits) was a quarter of the stage.
    let readsCanonicalLazily: Bool
    /// True when every source path is probed (``Probe/literal`` ≥ 0): an event none of whose
    /// members has a probed key then has no id at all, found without trying each path.
    let probesEveryPath: Bool
    /// The names of the first trace and span source paths as members (their literal keys),
    /// when canonical ids there are all an event needs: those paths are where the ids are
    /// written, and nothing but a rewrite reads the ids (``readsCanonicalLazily``). Such an
    /// event is found, left as it is, and nothing else is tried. Nil otherwise.
    let firstPaths: (FieldKey, FieldKey)?

    public init(options: Options = Options(), context: StageContext = StageContext(name: "trace")) {
        self.name = context.name
        self.options = options
        let metrics = context.metrics
        found = metrics.counter("sluice_trace_events_with_id_total")
        rewritten = metrics.counter("sluice_trace_events_rewritten_total")
        fromTraceparent = metrics.counter("sluice_trace_events_from_traceparent_total")
        missing = metrics.counter("sluice_trace_events_missing_id_total")
        invalidTrace = metrics.counter("sluice_trace_events_invalid_total", ["field": "trace_id"])
        invalidSpan = metrics.counter("sluice_trace_events_invalid_total", ["field": "span_id"])
        invalidTraceparent = metrics.counter("sluice_trace_events_invalid_total", ["field": "traceparent"])
        var keys: [FieldKey] = []
        func probe(_ path: FieldPath) -> Probe {
            var at: [Int] = []
            for key in [path.literal, path.segments[0]] {
                if let i = keys.firstIndex(of: key) {
                    at.append(i)
                } else if keys.count < 64 {
                    keys.append(key)
                    at.append(keys.count - 1)
                } else {
                    return Probe(literal: -1, first: -1, nested: path.isNested)  // too many distinct keys to probe: always look this path up
                }
            }
            return Probe(literal: at[0], first: at[1], nested: path.isNested)
        }
        traceProbes = options.traceIDFrom.map(probe)
        spanProbes = options.spanIDFrom.map(probe)
        traceparentProbes = options.traceparentFrom.map(probe)
        probeKeys = FieldKeySet(keys)
        traceSourceIsTarget = options.traceIDFrom.map { $0 == options.traceIDTo }
        spanSourceIsTarget = options.spanIDFrom.map { $0 == options.spanIDTo }
        readsCanonicalLazily = !options.ecs && options.url == nil
        probesEveryPath = (traceProbes + spanProbes + traceparentProbes).allSatisfy { $0.literal >= 0 }
        firstPaths = readsCanonicalLazily && traceSourceIsTarget.first == true && spanSourceIsTarget.first == true
            ? (options.traceIDFrom[0].literal, options.spanIDFrom[0].literal) : nil
    }

    static let ecsTraceID = FieldPath("trace.id")!
    static let ecsSpanID = FieldPath("span.id")!

    /// Per-batch totals, added to the metrics once.
    struct Tally {
        var found = 0, rewritten = 0, fromTraceparent = 0, missing = 0
        var invalidTrace = 0, invalidSpan = 0, invalidTraceparent = 0
    }

    public func process(_ batch: inout Batch) {
        var tally = Tally()
        var at: [Int] = []
        at.reserveCapacity(probeKeys.keys.count)
        var flags = SharedMembers()
        for i in batch.events.indices {
            apply(to: &batch.events[i].fields, &tally, &at, &flags)
        }
        found.add(tally.found)
        rewritten.add(tally.rewritten)
        fromTraceparent.add(tally.fromTraceparent)
        missing.add(tally.missing)
        invalidTrace.add(tally.invalidTrace)
        invalidSpan.add(tally.invalidSpan)
        invalidTraceparent.add(tally.invalidTraceparent)
    }

    /// Finds, checks and writes the ids of one event; `flags` holds the batch's prepared
    /// `trace_missing`/`trace_invalid` members.
    func apply(to fields: inout JSONObject, _ tally: inout Tally, _ at: inout [Int], _ flags: inout SharedMembers) {
        // The usual event: both ids canonical at the first paths, where they are written.
        // Those two names are looked up (from the last member back, a compare of lengths a
        // member) and nothing else is looked at then: the probe of every member for every
        // source key, ``find(in:_:)`` and the rest would conclude as much after building
        // their answer (900 instructions an event against 300, callgrind).
        if let (traceKey, spanKey) = firstPaths, let trace = fields.index(of: traceKey), Self.isCanonical(fields, trace, digits: 32),
            let span = fields.index(of: spanKey), Self.isCanonical(fields, span, digits: 16)
        {
            tally.found += 1
            return
        }
        fields.lastIndices(of: probeKeys, into: &at)
        let found = find(in: fields, at)
        if found.invalidTraceparent { tally.invalidTraceparent += 1 }
        if found.invalidSpan && !found.hasSpan { tally.invalidSpan += 1 }
        guard found.hasTrace else {
            if found.invalidTrace {
                tally.invalidTrace += 1
                if let flag = options.invalidFlag { flags.set(flag, json: Self.trueJSON, kind: .bool, in: &fields) }
            } else {
                tally.missing += 1
                if let flag = options.missingFlag { flags.set(flag, json: Self.trueJSON, kind: .bool, in: &fields) }
            }
            return
        }
        tally.found += 1
        if found.fromTraceparent { tally.fromTraceparent += 1 }
        if found.invalidSpan && !found.hasSpan, let flag = options.invalidFlag { flags.set(flag, json: Self.trueJSON, kind: .bool, in: &fields) }
        // Found canonical where it belongs (the usual case): nothing to look up again.
        let traceInPlace = found.traceCanonical && found.traceSource.map { traceSourceIsTarget[$0] } == true
        let spanInPlace = found.spanCanonical && found.spanSource.map { spanSourceIsTarget[$0] } == true
        // The values, read before anything moves the members, and only where something writes
        // them: a rewrite, `ecs`, `url`. An id left unread (found canonical in place, with
        // neither `ecs` nor `url`) is never written, so its 0 here is never used.
        let writesIDs = options.ecs || options.url != nil
        let trace = traceInPlace && !writesIDs ? 0 : found.traceID(in: fields) ?? 0
        let span: UInt64? = !found.hasSpan ? nil : spanInPlace && !writesIDs ? 0 : found.spanID(in: fields)
        var rewrote = traceInPlace ? false : write(trace, digits: 32, to: options.traceIDTo, in: &fields)
        if options.removeSources, let k = found.traceSource, case let source = options.traceIDFrom[k], source != options.traceIDTo {
            rewrote = fields.remove(source) || rewrote
        }
        if let span {
            rewrote = (spanInPlace ? false : write(UInt128(span), digits: 16, to: options.spanIDTo, in: &fields)) || rewrote
            if options.removeSources, let k = found.spanSource, case let source = options.spanIDFrom[k], source != options.spanIDTo {
                rewrote = fields.remove(source) || rewrote
            }
        }
        if options.ecs {
            if options.traceIDTo != Self.ecsTraceID { _ = write(trace, digits: 32, to: Self.ecsTraceID, in: &fields) }
            if let span, options.spanIDTo != Self.ecsSpanID {
                _ = write(UInt128(span), digits: 16, to: Self.ecsSpanID, in: &fields)
            }
        }
        if rewrote { tally.rewritten += 1 }
        if let url = options.url {
            fields.set(options.urlField, kind: .string) { url.appendQuoted(traceID: trace, spanID: span, to: &$0) }
        }
    }

    static let trueJSON: [UInt8] = Array("true".utf8)

    /// Whether member `index` is a string of `digits` lowercase hex digits, not all zero.
    @inline(__always)
    static func isCanonical(_ fields: JSONObject, _ index: Int, digits: Int) -> Bool {
        fields.withValue(at: index) { kind, raw in kind == .string && TraceIDNormalizer.isCanonicalHex(raw, digits: digits) }
    }

    /// Writes `value` at `path` unless it is already there in canonical form; returns
    /// whether it wrote.
    func write(_ value: UInt128, digits: Int, to path: FieldPath, in fields: inout JSONObject) -> Bool {
        let canonical = fields.withValue(path) { _, raw in TraceIDNormalizer.isCanonical(raw, value, digits: digits) } ?? false
        if canonical { return false }
        fields.set(path, kind: .string) { TraceIDNormalizer.appendQuotedHex(value, digits: digits, to: &$0) }
        return true
    }
}
