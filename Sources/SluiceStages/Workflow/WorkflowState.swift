import SluiceCore

/// Everything a `workflow` stage knows, as it is saved with the checkpoints: the runs it
/// follows, the runs it reported whose reports are not settled yet, and how far it noted each
/// file, so that lines read again after a restart are not noted twice.
struct WorkflowState {
    var runs: WorkflowRuns
    /// Runs reported incomplete whose `workflow_incomplete` event no output has settled yet,
    /// with the acknowledgement it travels with: saved as open runs, so a crash before the
    /// report was delivered reports them again after the restart (never loses them).
    var reported: [(run: WorkflowRuns.Run, ack: Acknowledgement)] = []
    /// Per file generation (the origins' `fileKey`): where the last line noted ended.
    var noted = NotedPositions()
    /// What a restored state had noted: lines of these generations that end before these
    /// offsets were noted before the restart and are skipped when read again.
    var replay: [UInt64: UInt64] = [:]
    /// Something changed since the state was last encoded.
    var changed = false

    init(steps: [String], maxRuns: Int) {
        runs = WorkflowRuns(steps: steps, maxRuns: maxRuns)
    }

    /// Forgets the reports every output has settled.
    mutating func settleReports() {
        guard reported.contains(where: { $0.ack.isComplete }) else { return }
        reported.removeAll { $0.ack.isComplete }
        changed = true
    }

    /// Whether the line at `origin` was noted before a restart (then it is skipped).
    mutating func notedBeforeRestart(_ origin: Origin) -> Bool {
        guard let end = replay[origin.fileKey] else { return false }
        if origin.offset < end { return true }
        // Past it: the rest of this generation is new.
        replay[origin.fileKey] = nil
        return false
    }
}

/// How far the lines of each file generation were noted, bounded (the least recently
/// updated generations are forgotten past `capacity`: rotated away long ago).
struct NotedPositions {
    private(set) var ends: [UInt64: (end: UInt64, touched: UInt64)] = [:]
    private var touches: UInt64 = 0
    let capacity = 1024

    /// Lines of generation `fileKey` were noted up to `end`.
    mutating func note(fileKey: UInt64, end: UInt64) {
        touches += 1
        ends[fileKey] = (max(end, ends[fileKey]?.end ?? 0), touches)
        guard ends.count > capacity else { return }
        let keep = ends.sorted { $0.value.touched > $1.value.touched }.prefix(capacity * 3 / 4)
        ends = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
    }
}

/// The state as records (``RecordFile``), with times on the wall clock so they mean the
/// same after a restart:
///
/// ```
/// run        <key> <first seen> <last seen> <errors> <trace id> <last step> <its time> [<step> <time>]…
/// completed  <key>
/// noted      <file key, hex> <end offset>
/// ```
///
/// Times are nanoseconds since the epoch; steps are saved by name, so a changed `steps`
/// list keeps what still applies. A run's deadline is its first event plus the configured
/// `complete_within`: a run whose deadline passed while the agent was down is reported at
/// the first batch after the start.
enum WorkflowStateRecords {
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    static func encode(_ state: WorkflowState, steps: [String], monoNow: Double, wallNow: Int64) -> [[String]] {
        func wall(_ mono: Double) -> String { String(wallNow + Int64(((mono - monoNow) * 1e9).rounded())) }
        var records: [[String]] = []
        func add(_ run: WorkflowRuns.Run) {
            var record = [
                "run", run.key, wall(run.firstSeen), wall(run.lastSeen), String(run.errors), run.traceID ?? "",
                run.lastStep.map { steps[$0] } ?? "", String(run.lastStepTime),
            ]
            for (i, time) in run.seen.enumerated() {
                if let time { record += [steps[i], String(time)] }
            }
            records.append(record)
        }
        // Least recently seen first: restored in this order, they keep their eviction order.
        for (run, _) in state.reported { add(run) }
        for run in state.runs.openRuns.sorted(by: { ($0.lastSeen, $0.generation) < ($1.lastSeen, $1.generation) }) { add(run) }
        for key in state.runs.completedLatelyKeys { records.append(["completed", key]) }
        for (key, value) in state.noted.ends { records.append(["noted", String(key, radix: 16), String(value.end)]) }
        return records
    }

    /// Decodes `records` into a fresh state; throws on a malformed record (naming its kind
    /// and number, never its content).
    static func decode(
        _ records: [[String]], steps: [String], maxRuns: Int, completeWithin: Double, monoNow: Double, wallNow: Int64
    ) throws -> WorkflowState {
        func mono(_ wall: Int64) -> Double { monoNow + Double(wall - wallNow) / 1e9 }
        var state = WorkflowState(steps: steps, maxRuns: maxRuns)
        var runs: [WorkflowRuns.Run] = []
        for (n, record) in records.enumerated() {
            // Names the record by number and known kind only: its fields come from events.
            func malformed() -> Malformed {
                let known: [String] = ["run", "completed", "noted"]
                let kind = known.first { $0 == record.first } ?? "unknown kind"
                return Malformed(description: "record \(n + 1) (\(kind)) is malformed")
            }
            switch record.first {
            case "run":
                guard record.count >= 8, record.count % 2 == 0, !record[1].isEmpty, let first = Int64(record[2]), let last = Int64(record[3]),
                    let errors = Int(record[4]), let lastStepTime = Int64(record[7])
                else { throw malformed() }
                var seen = [Int64?](repeating: nil, count: steps.count)
                for i in stride(from: 8, to: record.count, by: 2) {
                    guard let time = Int64(record[i + 1]) else { throw malformed() }
                    if let step = steps.firstIndex(of: record[i]) { seen[step] = time }
                }
                let firstSeen = mono(first)
                var run = WorkflowRuns.Run(
                    key: record[1], seen: seen, firstSeen: firstSeen, lastSeen: mono(last), errors: errors,
                    traceID: record[5].isEmpty ? nil : record[5], deadline: firstSeen + completeWithin, generation: 0)
                if let step = steps.firstIndex(of: record[6]) {
                    run.lastStep = step
                    run.lastStepTime = lastStepTime
                }
                runs.append(run)
            case "completed":
                guard record.count == 2 else { throw malformed() }
                state.runs.rememberCompleted(record[1])
            case "noted":
                guard record.count == 3, let key = UInt64(record[1], radix: 16), let end = UInt64(record[2]) else { throw malformed() }
                state.noted.note(fileKey: key, end: end)
                state.replay[key] = end
            default:
                throw malformed()
            }
        }
        for run in runs.sorted(by: { $0.lastSeen < $1.lastSeen }) { state.runs.restore(run) }
        return state
    }
}
