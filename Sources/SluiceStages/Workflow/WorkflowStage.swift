import CoreMetrics
import SluiceCore
import Synchronization

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
/// the deadline passed (a batch of no lines gets an acknowledgement of no range,
/// ``Acknowledgement/unpositioned()``) and are acknowledged with it; their origin is fixed by
/// the run's key (fileID `UInt32.max`), so an Elasticsearch `_id` made from it is the same if
/// a restart reports the run again.
///
/// State survives restarts and reloads (``StatefulStage``): saved with every checkpoint write
/// (`<data_dir>/state/workflow-<key>`), never older than the checkpoints, with how far each
/// file was noted. After a restart the runs go on where they were (a deadline that passed
/// while the agent was down is reported at once), lines read again are not noted twice, and a
/// completed or reported run is not reported again — except a report no output had settled
/// when the agent stopped: that one is sent again (at least once, with the same origin).
///
/// Metrics: `sluice_workflow_runs_{started,completed,evicted}_total`,
/// `sluice_workflow_runs_incomplete_total{missing_step}`, `sluice_workflow_runs_active`,
/// `sluice_workflow_steps_skipped_total{step}` (completed runs that never named a step),
/// `sluice_workflow_step_duration_seconds{from,to}` (between consecutive steps, by the events'
/// times), `sluice_workflow_step_last_seen_timestamp_seconds{step}`.
public final class WorkflowStage: HoldingStage, StatefulStage, @unchecked Sendable {
    // `@unchecked`: the worker thread alone calls process and finish; the state it shares
    // with the checkpointing thread is behind `state`'s lock (taken once per batch).
    public let name: String
    let options: Options
    let clock: any MonotonicClock
    /// Nanoseconds since the epoch: saved state carries wall-clock times.
    let wallClock: @Sendable () -> Int64
    let state: Mutex<WorkflowState>
    /// The steps' names, and the error levels (lower case), as bytes.
    let stepBytes: [[UInt8]], errorLevelBytes: [[UInt8]]
    let started: Counter, completed: Counter, evicted: Counter
    let incomplete: [Counter]
    let skipped: [Counter]
    let durations: [Recorder]
    let lastSeen: [Gauge]
    let active: Gauge

    init(
        options: Options, context: StageContext, clock: any MonotonicClock = SystemClock(),
        wallClock: @escaping @Sendable () -> Int64 = { FileIO.nowNanoseconds() }
    ) {
        name = context.name
        self.options = options
        self.clock = clock
        self.wallClock = wallClock
        state = Mutex(WorkflowState(steps: options.steps, maxRuns: options.maxRuns))
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
        // Counted per batch, not per event; metrics recorded after the lock is released.
        var startedRuns = 0, evictedRuns = 0
        var latest: [Int64?] = Array(repeating: nil, count: options.steps.count)
        var finishedRuns: [WorkflowRuns.Run] = []
        var expired: [WorkflowRuns.Run] = []
        var runCount = 0
        state.withLock { state in
            state.settleReports()
            // How far the current file generation was noted (one dictionary update per run of
            // events from the same file, not per event).
            var file: (key: UInt64, end: UInt64)?
            for event in batch.events {
                guard let key = event.fields.string(options.key), !key.isEmpty else { continue }
                let origin = event.origin
                if origin.fileID != .max && origin.fileKey != 0 {
                    if !state.replay.isEmpty, state.notedBeforeRestart(origin) { continue }
                    let end = origin.offset + UInt64(origin.length)
                    if let current = file, current.key == origin.fileKey {
                        file = (current.key, max(current.end, end))
                    } else {
                        if let current = file { state.noted.note(fileKey: current.key, end: current.end) }
                        file = (origin.fileKey, end)
                    }
                }
                state.changed = true
                guard !state.runs.completedLately(key) else { continue }
                // Step and level are matched on the line's bytes; the trace id is read only
                // while the run has none.
                let step = Self.match(event.fields, options.stepField, stepBytes, caseInsensitive: false)
                let isError = Self.match(event.fields, options.levelField, errorLevelBytes, caseInsensitive: true) != nil
                let noted = state.runs.note(
                    key: key, step: step, isError: isError, traceID: { event.fields.string(self.options.traceIDField) },
                    eventTime: event.timestamp, now: now, completeWithin: options.completeWithin)
                if case .started = noted.seen { startedRuns += 1 }
                if noted.evicted != nil { evictedRuns += 1 }
                guard let step else { continue }
                latest[step] = max(latest[step] ?? .min, event.timestamp)
                if step == options.steps.count - 1, let run = state.runs.complete(key) {
                    finishedRuns.append(run)
                }
            }
            if let file { state.noted.note(fileKey: file.key, end: file.end) }
            expired = state.runs.expired(now: now)
            if !expired.isEmpty {
                state.changed = true
                if options.emit {
                    // The reports travel with this batch: kept until its acknowledgement completes.
                    let ack = batch.acknowledgement ?? Acknowledgement.unpositioned()
                    batch.acknowledgement = ack
                    for run in expired where run.seen.contains(where: { $0 == nil }) {
                        state.reported.append((run, ack))
                        batch.events.append(Self.incompleteEvent(run, steps: options.steps, missing: run.missingSteps, keyName: options.keyName))
                    }
                }
            }
            runCount = state.runs.count
        }
        started.add(startedRuns)
        evicted.add(evictedRuns)
        for run in finishedRuns { finished(run) }
        for (step, time) in latest.enumerated() {
            if let time { lastSeen[step].record(Double(time) / 1e9) }
        }
        for run in expired {
            if let first = run.missingSteps.first { incomplete[first].increment() }
        }
        active.record(runCount)
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

    /// The input ended (shutdown, or the end of `run --once`): open runs stay, to be saved
    /// with the checkpoints and taken up by the next run.
    public func finish(_ batch: inout Batch) {}

    /// Runs followed now, and the bookkeeping entries kept for them (tests: bounded memory).
    var footprint: (runs: Int, orderEntries: Int) { state.withLock { ($0.runs.count, $0.runs.orderEntries) } }

    /// Holds no events (it runs on empty batches to see deadlines pass).
    public func heldOrigins() -> [Origin] { [] }

    // MARK: State across restarts

    /// `workflow-<key>`: one state per run key.
    public var stateName: String { "workflow-" + options.keyName }

    public func encodeState(changedOnly: Bool) -> [[String]]? {
        let monoNow = clock.now(), wallNow = wallClock()
        return state.withLock { state in
            state.settleReports()
            guard state.changed || !changedOnly else { return nil }
            state.changed = false
            return WorkflowStateRecords.encode(state, steps: options.steps, monoNow: monoNow, wallNow: wallNow)
        }
    }

    public func restoreState(_ records: [[String]]) throws {
        var restored = try WorkflowStateRecords.decode(
            records, steps: options.steps, maxRuns: options.maxRuns, completeWithin: options.completeWithin, monoNow: clock.now(),
            wallNow: wallClock())
        restored.changed = true
        state.withLock { $0 = restored }
    }

    /// From a `workflow` stage with the same steps (a reload), the state itself: reports in
    /// flight stay tied to their acknowledgements, so none is sent twice.
    public func takeState(from previous: any StatefulStage) throws {
        guard let previous = previous as? WorkflowStage, previous.options.steps == options.steps, previous.options.maxRuns == options.maxRuns else {
            if let records = previous.encodeState(changedOnly: false) { try restoreState(records) }
            return
        }
        var taken = previous.state.withLock { $0 }
        taken.changed = true
        taken.runs.resetDeadlines(completeWithin: options.completeWithin)
        state.withLock { $0 = taken }
    }
}
