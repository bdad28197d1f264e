import SluiceCore

/// The runs a `workflow` stage follows, by key: the steps seen and when, errors, the deadline.
/// Bounded: past `maxRuns`, the run seen least recently is evicted (counted). Used by the
/// worker thread only.
struct WorkflowRuns {
    struct Run {
        var key: String
        /// Per expected step: the time of the first event that named it (epoch ns), or nil.
        var seen: [Int64?]
        var firstSeen: Double
        var lastSeen: Double
        var errors = 0
        var traceID: String?
        /// The step seen last in time, and when (epoch nanoseconds of its event).
        var lastStep: Int?
        var lastStepTime: Int64 = 0
        var deadline: Double
        /// Order of this run in `order` (for eviction).
        var generation: UInt64
        /// When it started, in the order runs started (ties of `firstSeen` broken by it).
        var startOrder: UInt64 = 0

        /// The indices of the steps not seen, in order.
        var missingSteps: [Int] { seen.indices.filter { seen[$0] == nil } }
    }

    let steps: [String]
    let maxRuns: Int
    private(set) var runs: [String: Run] = [:]
    /// Keys by last activity (generation), oldest first; stale entries skipped.
    private var order: [(key: String, generation: UInt64)] = []
    private var orderStart = 0
    private var generation: UInt64 = 0
    /// Keys of runs completed lately (as many as `maxRuns`): their late events (a step
    /// logged after the last one, from another file) start no new run.
    private var completedKeys: Set<String> = []
    private var completedOrder: [String] = []
    private var completedStart = 0

    init(steps: [String], maxRuns: Int) {
        self.steps = steps
        self.maxRuns = maxRuns
    }

    var count: Int { runs.count }
    /// Entries kept for eviction order (bounded: compacted as it grows).
    var orderEntries: Int { order.count - orderStart }

    enum Seen {
        /// A new run began with this event.
        case started
        /// A known run saw a step (or an error).
        case continued
    }

    /// Notes `step` (an index into `steps`, or nil for an event of the run that is no step)
    /// for run `key`. Returns what happened and the run evicted to make room, if any.
    mutating func note(
        key: String, step: Int?, isError: Bool, traceID: () -> String?, eventTime: Int64, now: Double, completeWithin: Double
    ) -> (seen: Seen, run: Run, evicted: Run?) {
        generation += 1
        var evicted: Run?
        var seen = Seen.continued
        if runs[key] == nil {
            if runs.count >= maxRuns { evicted = evictOldest() }
            runs[key] = Run(
                key: key, seen: Array(repeating: nil, count: steps.count), firstSeen: now, lastSeen: now,
                deadline: now + completeWithin, generation: generation, startOrder: generation)
            seen = .started
        }
        runs[key]!.lastSeen = now
        runs[key]!.generation = generation
        if isError { runs[key]!.errors += 1 }
        if runs[key]!.traceID == nil { runs[key]!.traceID = traceID() }
        if let step, runs[key]!.seen[step] == nil {
            runs[key]!.seen[step] = eventTime
        }
        if let step, eventTime >= runs[key]!.lastStepTime {
            runs[key]!.lastStep = step
            runs[key]!.lastStepTime = eventTime
        }
        order.append((key, generation))
        compactOrder()
        return (seen, runs[key]!, evicted)
    }

    /// Whether run `key` completed lately.
    func completedLately(_ key: String) -> Bool { completedKeys.contains(key) }

    /// The run `key` is over (completed): forgotten, its key remembered a while.
    mutating func complete(_ key: String) -> Run? {
        guard let run = runs.removeValue(forKey: key) else { return nil }
        rememberCompleted(key)
        return run
    }

    /// Remembers `key` as completed lately (the last `maxRuns` keys are kept).
    mutating func rememberCompleted(_ key: String) {
        guard completedKeys.insert(key).inserted else { return }
        completedOrder.append(key)
        if completedOrder.count - completedStart > maxRuns {
            completedKeys.remove(completedOrder[completedStart])
            completedStart += 1
            if completedStart > 4096 {
                completedOrder.removeFirst(completedStart)
                completedStart = 0
            }
        }
    }

    /// The keys of the runs completed lately, oldest first.
    var completedLatelyKeys: ArraySlice<String> { completedOrder[completedStart...] }

    /// Every run's deadline `completeWithin` after its first event (a reload may change it).
    mutating func resetDeadlines(completeWithin: Double) {
        runs = runs.mapValues { run in
            var run = run
            run.deadline = run.firstSeen + completeWithin
            return run
        }
    }

    /// The runs followed now, in no order.
    var openRuns: Dictionary<String, Run>.Values { runs.values }

    /// Takes up `run` (restored state), as the most recently seen: restore runs in the order
    /// they were last seen. Past `maxRuns`, the least recently seen is dropped.
    mutating func restore(_ run: Run) {
        generation += 1
        var run = run
        run.generation = generation
        run.startOrder = generation
        if runs[run.key] == nil, runs.count >= maxRuns { _ = evictOldest() }
        runs[run.key] = run
        order.append((run.key, generation))
        compactOrder()
    }

    /// Runs whose deadline passed by `now`, removed.
    mutating func expired(now: Double) -> [Run] {
        let late = runs.values.filter { $0.deadline <= now }
        for run in late { runs.removeValue(forKey: run.key) }
        return late.sorted { ($0.firstSeen, $0.startOrder) < ($1.firstSeen, $1.startOrder) }
    }

    private mutating func evictOldest() -> Run? {
        while orderStart < order.count {
            let (key, generation) = order[orderStart]
            orderStart += 1
            if let run = runs[key], run.generation == generation {
                runs.removeValue(forKey: key)
                return run
            }
        }
        return nil
    }

    /// Keeps `order` from growing without bound (stale entries dropped now and then).
    private mutating func compactOrder() {
        guard order.count > 4 * max(maxRuns, 1024) else { return }
        order = order[orderStart...].filter { runs[$0.key]?.generation == $0.generation }
        orderStart = 0
    }
}
