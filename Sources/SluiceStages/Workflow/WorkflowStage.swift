import CoreMetrics
import SluiceCore

/// `workflow`: follows each run of a multi-step workflow by its key and tells about the runs
/// that never finish. Events pass through unchanged.
///
/// ```yaml
/// - type: workflow
///   key: workflow_id              # the field naming the run
///   step_field: step              # the field naming the step (e.g. event)
///   steps: [ingestion, preprocessing, inference, post_processing, delivery]
///   complete_within: 15m          # from the run's first event
///   max_runs: 10000               # runs followed at once; the least recently seen is evicted
///   error_levels: [error, critical]
/// ```
///
/// A run completes when its last step is seen. One that has not by its deadline is
/// incomplete: it is counted by its first missing step, and a synthetic event goes down the
/// pipeline like any line, so it is shipped and can alert:
/// `{"event":"workflow_incomplete","workflow_id":"wf-1","steps_seen":[…],"missing_steps":[…],
/// "last_step":"inference","last_step_time":"…","errors":1,"trace_id":"…"}`.
///
/// Synthetic events have no file position: they travel with the batch being processed when
/// the deadline passed and are acknowledged with it; their origin is fixed by the run's key
/// (fileID `UInt32.max`), so an Elasticsearch `_id` made from it is the same if a restart
/// reports the run again. Runs are kept in memory: a restart forgets open runs.
///
/// Metrics: `sluice_workflow_runs_{started,completed,evicted}_total`,
/// `sluice_workflow_runs_incomplete_total{missing_step}`, `sluice_workflow_runs_active`,
/// `sluice_workflow_steps_skipped_total{step}` (completed runs that never named a step),
/// `sluice_workflow_step_duration_seconds{from,to}` (between consecutive steps, by the events'
/// times), `sluice_workflow_step_last_seen_timestamp_seconds{step}`.
public final class WorkflowStage: HoldingStage, @unchecked Sendable {
    // `@unchecked`: the worker thread alone calls process and finish.
    public let name: String
    let options: Options
    let clock: any MonotonicClock
    private var runs: WorkflowRuns
    /// The steps' names, and the error levels (lower case), as bytes.
    let stepBytes: [[UInt8]], errorLevelBytes: [[UInt8]]
    let started: Counter, completed: Counter, evicted: Counter
    let incomplete: [Counter]
    let skipped: [Counter]
    let durations: [Recorder]
    let lastSeen: [Gauge]
    let active: Gauge

    init(options: Options, context: StageContext, clock: any MonotonicClock = SystemClock()) {
        name = context.name
        self.options = options
        self.clock = clock
        runs = WorkflowRuns(steps: options.steps, maxRuns: options.maxRuns)
        stepBytes = options.steps.map { Array($0.utf8) }
        errorLevelBytes = options.errorLevels.sorted().map { Array($0.lowercased().utf8) }
        let m = context.metrics
        started = m.counter("sluice_workflow_runs_started_total")
        completed = m.counter("sluice_workflow_runs_completed_total")
        evicted = m.counter("sluice_workflow_runs_evicted_total")
        incomplete = options.steps.map { m.counter("sluice_workflow_runs_incomplete_total", ["missing_step": $0]) }
        skipped = options.steps.map { m.counter("sluice_workflow_steps_skipped_total", ["step": $0]) }
        durations = zip(options.steps, options.steps.dropFirst()).map { m.histogram("sluice_workflow_step_duration_seconds", ["from": $0, "to": $1]) }
        lastSeen = options.steps.map { m.gauge("sluice_workflow_step_last_seen_timestamp_seconds", ["step": $0]) }
        active = m.gauge("sluice_workflow_runs_active")
    }

    public func process(_ batch: inout Batch) {
        let now = clock.now()
        // Counted per batch, not per event.
        var startedRuns = 0, evictedRuns = 0
        var latest: [Int64?] = Array(repeating: nil, count: options.steps.count)
        for event in batch.events {
            guard let key = event.fields.string(options.key), !key.isEmpty, !runs.completedLately(key) else { continue }
            // Step and level are matched on the line's bytes; the trace id is read only
            // while the run has none.
            let step = Self.match(event.fields, options.stepField, stepBytes, caseInsensitive: false)
            let isError = Self.match(event.fields, options.levelField, errorLevelBytes, caseInsensitive: true) != nil
            let noted = runs.note(
                key: key, step: step, isError: isError, traceID: { event.fields.string(self.options.traceIDField) },
                eventTime: event.timestamp, now: now, completeWithin: options.completeWithin)
            if case .started = noted.seen { startedRuns += 1 }
            if noted.evicted != nil { evictedRuns += 1 }
            guard let step else { continue }
            latest[step] = max(latest[step] ?? .min, event.timestamp)
            if step == options.steps.count - 1, let run = runs.complete(key) {
                finished(run)
            }
        }
        started.add(startedRuns)
        evicted.add(evictedRuns)
        for (step, time) in latest.enumerated() {
            if let time { lastSeen[step].record(Double(time) / 1e9) }
        }
        for run in runs.expired(now: now) {
            reportIncomplete(run, into: &batch)
        }
        active.record(runs.count)
    }

    /// The index in `candidates` of the string at `path` (ASCII case ignored when asked),
    /// compared as bytes; a value with escapes is decoded first.
    static func match(_ fields: JSONObject, _ path: FieldPath, _ candidates: [[UInt8]], caseInsensitive: Bool) -> Int? {
        let found: Int?? = fields.withValue(path) { kind, raw -> Int? in
            guard kind == .string, raw.count >= 2 else { return nil }
            let body = UnsafeBufferPointer(rebasing: raw.dropFirst().dropLast())
            func find(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
                candidates.firstIndex { candidate in
                    candidate.count == text.count
                        && zip(candidate, text).allSatisfy { a, b in a == (caseInsensitive && b >= 0x41 && b <= 0x5A ? b | 0x20 : b) }
                }
            }
            guard body.contains(UInt8(ascii: "\\")) else { return find(body) }
            var decoded: [UInt8] = []
            JSONStringCodec.decode(body, into: &decoded)
            return decoded.withUnsafeBufferPointer(find)
        }
        return found ?? nil
    }

    /// A run that reached its last step: counted, with its step durations.
    func finished(_ run: WorkflowRuns.Run) {
        completed.increment()
        for (i, time) in run.seen.enumerated() where time == nil { skipped[i].increment() }
        for i in 0..<max(0, run.seen.count - 1) {
            if let from = run.seen[i], let to = run.seen[i + 1], to >= from {
                durations[i].record(Double(to - from) / 1e9)
            }
        }
    }

    /// A run past its deadline: counted by its first missing step, and (unless turned off) a
    /// `workflow_incomplete` event added to `batch`.
    func reportIncomplete(_ run: WorkflowRuns.Run, into batch: inout Batch) {
        let missing = run.seen.indices.filter { run.seen[$0] == nil }
        guard let first = missing.first else { return }
        incomplete[first].increment()
        guard options.emit else { return }
        batch.events.append(Self.incompleteEvent(run, steps: options.steps, missing: missing, keyName: options.keyName))
    }

    static let timeFormat = try! DateFormatPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")

    static func incompleteEvent(_ run: WorkflowRuns.Run, steps: [String], missing: [Int], keyName: String) -> Event {
        var out: [UInt8] = []
        var first = true
        func string(_ text: String) { JSONStringCodec.appendQuoted(Array(text.utf8), to: &out) }
        func key(_ name: String) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            string(name)
            out.append(UInt8(ascii: ":"))
        }
        func time(_ ns: Int64) -> String {
            var text: [UInt8] = []
            timeFormat.format(nanosecondsSinceEpoch: ns, into: &text)
            return String(decoding: text, as: UTF8.self)
        }
        let now = FileIO.nowNanoseconds()
        out.append(UInt8(ascii: "{"))
        key("@timestamp"); string(time(now))
        key("level"); string("warning")
        key("event"); string("workflow_incomplete")
        key(keyName); string(run.key)
        key("steps_seen"); out.append(UInt8(ascii: "["))
        for (n, i) in run.seen.indices.filter({ run.seen[$0] != nil }).enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            string(steps[i])
        }
        out.append(UInt8(ascii: "]"))
        key("missing_steps"); out.append(UInt8(ascii: "["))
        for (n, i) in missing.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            string(steps[i])
        }
        out.append(UInt8(ascii: "]"))
        if let last = run.lastStep {
            key("last_step"); string(steps[last])
            key("last_step_time"); string(time(run.lastStepTime))
        }
        key("errors"); out.append(contentsOf: String(run.errors).utf8)
        if let trace = run.traceID { key("trace_id"); string(trace) }
        out.append(UInt8(ascii: "}"))
        let line = String(decoding: out, as: UTF8.self)
        // No file position: an origin fixed by the run's key (the same if a restart reports it again).
        let origin = Origin(fileID: .max, offset: 0, length: 0, fileKey: FNV1a.hash(Array(("workflow_incomplete " + run.key).utf8).withUnsafeBytes { $0 }))
        var event = Event(line, origin: origin, readTime: now)
        if let fields = try? JSONObject(parsing: event.line) {
            event.fields = fields
            event.flags.remove(.raw)
        }
        return event
    }

    /// Open runs are forgotten at the end of input (they are in memory only).
    public func finish(_ batch: inout Batch) {
        runs.removeAll()
        active.record(0)
    }

    /// Runs followed now, and the bookkeeping entries kept for them (tests: bounded memory).
    var footprint: (runs: Int, orderEntries: Int) { (runs.count, runs.orderEntries) }

    /// Holds no events (it runs on empty batches to see deadlines pass).
    public func heldOrigins() -> [Origin] { [] }
}
