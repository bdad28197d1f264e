import CoreMetrics
import SluiceCore
import Synchronization

/// `sample`: keeps a share of the traces, deciding from the trace id so the logs kept are
/// the logs of the traces the tracing SDK kept at the same ratio (see ``ConsistentSampler``).
///
/// For each event, in order:
/// 1. its level (read leniently, see ``LevelNormalizer``) is in `keep_levels` → kept;
/// 2. its trace was kept whole because one of its lines was an error → kept;
/// 3. the rate is the first matching `rules` entry's, else `level_rates[level]`, else
///    `rate`; the sampler decides on the trace id (`trace_id_field`), or, without one, on
///    the hash of the first `hash_fields` value present, else of the whole line;
/// 4. a rejected event with a trace id is held when `keep_whole_trace` is on (see
///    ``TraceHold``), otherwise dropped.
///
/// Kept events get `sample_rate` (1-in-N; 1 for events kept regardless of sampling).
/// Held events delay the acknowledgement of their lines (and so the file offset) by at most
/// the window; at the end of input (``finish(_:)``) what is still held is dropped.
/// Metrics: `sluice_sample_events_kept_total` (released events included),
/// `sluice_sample_events_held_total`, `sluice_sample_events_released_total`, the gauge
/// `sluice_sample_events_holding` (held right now), and as every stage
/// `sluice_stage_events_dropped_total{reason}` (`sampled_out`, `trace_window_expired`,
/// `hold_full`, `end_of_input`) and `sluice_stage_condition_regex_limit_hits_total` (a
/// `rules` condition's `matches` test gave up: it did not hold).
public final class SampleStage: HoldingStage {
    public let name: String
    let options: Options
    let kept: Counter, held: Counter, released: Counter
    let sampledOut: Counter, expired: Counter, holdFull: Counter, endOfInput: Counter
    let regexLimitHits: Counter
    let holding: Gauge
    let clock: @Sendable () -> Int64
    /// The whole-trace buffer; nil unless `keep_whole_trace` is configured.
    let hold: Mutex<TraceHold?>
    /// True when every rate (the default, each level's, each rule's) is 1 and no trace is
    /// kept whole: every event is kept and marked 1, so nothing of it need be read.
    let keepsEverything: Bool

    public init(options: Options = Options(), context: StageContext = StageContext(name: "sample"),
                clock: @escaping @Sendable () -> Int64 = Monotonic.nanoseconds) {
        self.name = context.name
        self.options = options
        let metrics = context.metrics
        kept = metrics.counter("sluice_sample_events_kept_total")
        held = metrics.counter("sluice_sample_events_held_total")
        released = metrics.counter("sluice_sample_events_released_total")
        sampledOut = metrics.counter("sluice_stage_events_dropped_total", ["reason": "sampled_out"])
        expired = metrics.counter("sluice_stage_events_dropped_total", ["reason": "trace_window_expired"])
        holdFull = metrics.counter("sluice_stage_events_dropped_total", ["reason": "hold_full"])
        endOfInput = metrics.counter("sluice_stage_events_dropped_total", ["reason": "end_of_input"])
        regexLimitHits = metrics.counter("sluice_stage_condition_regex_limit_hits_total")
        holding = metrics.gauge("sluice_sample_events_holding")
        self.clock = clock
        keepsEverything = options.wholeTrace == nil && options.rate.keepsEverythingAsOne
            && options.levelRates.values.allSatisfy(\.keepsEverythingAsOne)
            && options.rules.allSatisfy(\.rate.keepsEverythingAsOne)
        self.hold = Mutex(options.wholeTrace.map { TraceHold(maxEvents: $0.maxEvents, window: $0.windowNanoseconds) })
    }

    /// Per-batch totals, added to the metrics once.
    struct Tally {
        var kept = 0, sampledOut = 0, expired = 0, holdFull = 0, held = 0, released = 0
    }

    /// What to do with one event.
    enum Decision {
        case keep(rate: [UInt8])
        case drop
        case hold(UInt128)
        case release(UInt128, rate: [UInt8])
    }

    public func process(_ batch: inout Batch) {
        var tally = Tally()
        let now = clock()
        let scratch = RegexScratch()
        // One lock per batch.
        let holdingNow = hold.withLock { state in
            run(&batch, &state, &tally, now, scratch)
            return state?.count
        }
        batch.droppedCount += tally.sampledOut + tally.expired + tally.holdFull
        kept.add(tally.kept + tally.released)
        sampledOut.add(tally.sampledOut)
        expired.add(tally.expired)
        holdFull.add(tally.holdFull)
        held.add(tally.held)
        released.add(tally.released)
        regexLimitHits.add(scratch.limitHits)
        if let holdingNow { holding.record(holdingNow) }
    }

    func run(_ batch: inout Batch, _ state: inout TraceHold?, _ tally: inout Tally, _ now: Int64, _ scratch: RegexScratch) {
        var marks = SharedMembers()
        guard state != nil else { return runInPlace(&batch, &tally, &marks, scratch) }
        tally.expired += state!.expire(now: now)
        var out: [Event] = []
        out.reserveCapacity(batch.events.count)
        for var event in batch.events {
            switch decide(event, state, scratch) {
            case .keep(let rate):
                mark(&event, rate, &marks)
                out.append(event)
                tally.kept += 1
            case .drop:
                tally.sampledOut += 1
            case .hold(let trace):
                tally.held += 1
                tally.holdFull += state!.hold(event, trace: trace, now: now)
            case .release(let trace, let rate):
                for var earlier in state!.release(trace, now: now) {
                    mark(&earlier, Options.rateOne, &marks)
                    out.append(earlier)
                    tally.released += 1
                }
                mark(&event, rate, &marks)
                out.append(event)
                tally.kept += 1
            }
        }
        batch.events = out
    }

    /// Without a whole-trace buffer an event is only kept or dropped: kept events move down
    /// in the batch's own array (no copy of any event, so no reference counting per event).
    func runInPlace(_ batch: inout Batch, _ tally: inout Tally, _ marks: inout SharedMembers, _ scratch: RegexScratch) {
        // Through the buffer: `keepRate(batch.events[read])` copied each event (a retain of
        // its arrays, held until after `mark`, whose first write then copied its members).
        if keepsEverything {
            // Every event kept as it is, marked with rate 1: nothing to decide or move.
            tally.kept += batch.events.count
            guard let field = options.rateField else { return }
            if let one = marks.member(field, json: Options.rateOne, kind: .number) {
                for i in batch.events.indices { marks.write(one, into: &batch.events[i].fields) }
            } else {
                // A nested rate field (`meta.sample_rate`) is written event by event.
                for i in batch.events.indices { batch.events[i].fields.setRaw(field, json: Options.rateOne, kind: .number) }
            }
            return
        }
        let kept = batch.events.withUnsafeMutableBufferPointer { events -> Int in
            var write = 0
            for read in events.indices {
                guard let rate = keepRate(events[read], scratch) else {
                    tally.sampledOut += 1
                    continue
                }
                if write != read { events.swapAt(write, read) }
                mark(&events[write], rate, &marks)
                write += 1
            }
            return write
        }
        tally.kept += kept
        batch.events.removeSubrange(kept...)
    }

    /// Writes `sample_rate` (`rate_field`) into a kept event; `marks` holds the batch's
    /// prepared members (see ``SharedMembers``).
    func mark(_ event: inout Event, _ rate: [UInt8], _ marks: inout SharedMembers) {
        guard let field = options.rateField else { return }
        marks.set(field, json: rate, kind: .number, in: &event.fields)
    }

    /// The decision without a whole-trace buffer: the `sample_rate` to mark a kept event
    /// with, or nil to drop it. The level is read only when some setting depends on it, and
    /// the trace id (or the hash) only when the rate is below 1.
    func keepRate(_ event: borrowing Event, _ scratch: RegexScratch) -> [UInt8]? {
        if keepsEverything { return Options.rateOne }
        let level = options.needsLevel ? (event.fields.withValue(options.levelField) { kind, raw in options.levels.level(kind, raw) } ?? nil) : nil
        if let level, options.keepLevels.contains(level) { return Options.rateOne }
        let rule = rate(for: event.fields, level: level, scratch)
        if rule.sampler.keepsEverything { return rule.rateJSON }
        return rule.sampler.keeps(traceID: traceID(of: event.fields) ?? UInt128(key(event))) ? rule.rateJSON : nil
    }

    /// The event's valid trace id (`trace_id_field`), if any.
    func traceID(of fields: borrowing JSONObject) -> UInt128? {
        fields.withValue(options.traceIDField) { kind, raw -> UInt128? in
            if case .id(let v, _) = TraceIDNormalizer.traceID(kind, raw) { return v }
            return nil
        } ?? nil
    }

    public func heldOrigins() -> [Origin] {
        hold.withLock { $0?.origins ?? [] }
    }

    public func finish(_ batch: inout Batch) {
        let dropped = hold.withLock { $0?.dropAll() ?? 0 }
        batch.droppedCount += dropped
        endOfInput.add(dropped)
        if options.wholeTrace != nil { holding.record(0) }
    }

    func decide(_ event: Event, _ state: TraceHold?, _ scratch: RegexScratch) -> Decision {
        let fields = event.fields
        let level = fields.withValue(options.levelField) { kind, raw in options.levels.level(kind, raw) } ?? nil
        let trace = traceID(of: fields)
        if let level, options.keepLevels.contains(level) {
            if let trace, let whole = options.wholeTrace, whole.onLevels.contains(level) {
                return .release(trace, rate: Options.rateOne)
            }
            return .keep(rate: Options.rateOne)
        }
        if let trace, let whole = options.wholeTrace {
            if let level, whole.onLevels.contains(level) { return .release(trace, rate: Options.rateOne) }
            if state?.isKept(trace) == true { return .keep(rate: Options.rateOne) }
        }
        let rule = rate(for: fields, level: level, scratch)
        let randomness = trace ?? UInt128(key(event))
        if rule.sampler.keeps(traceID: randomness) { return .keep(rate: rule.rateJSON) }
        if let trace, options.wholeTrace != nil { return .hold(trace) }
        return .drop
    }

    /// The first `rules` entry whose condition holds (a `matches` test that gave up does not
    /// hold, and is counted), else the level's or the default rate.
    func rate(for fields: JSONObject, level: LogLevel?, _ scratch: RegexScratch) -> Options.Rate {
        for rule in options.rules where rule.condition.holds(for: fields, using: scratch) { return rule.rate }
        if let level, let rate = options.levelRates[level] { return rate }
        return options.rate
    }

    /// The hash of the first `hash_fields` value present (its JSON bytes), else of the line
    /// as read.
    func key(_ event: borrowing Event) -> UInt64 {
        for path in options.hashFields {
            if let h = event.fields.withValue(path, { _, raw in SamplingKey.hash(raw) }) { return h }
        }
        return event.line.withUnsafeBufferPointer { SamplingKey.hash($0) }
    }
}
