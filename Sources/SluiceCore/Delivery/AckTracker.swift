import Synchronization

/// Tracks, per file, which byte ranges every output has finished with, and the durable
/// offset: the end of the longest acknowledged prefix. Checkpoints persist only that offset,
/// so a restart re-reads anything not yet acknowledged (at-least-once, end to end).
///
/// ```
///  file:  [0 ───── durable ─────)[ in flight )[ acked )[ in flight )…
///                                     ▲ completing this range moves `durable` past both
/// ```
public final class AckTracker: Sendable {
    struct FileState {
        var durable: UInt64
        /// Acknowledged ranges beyond `durable`: start → end.
        var completed: [UInt64: UInt64] = [:]
    }

    private let files = Mutex<[UInt32: FileState]>([:])
    private let unacknowledgedBatches = Atomic<Int>(0)
    private let unacknowledgedLines = Atomic<Int>(0)
    private let unacknowledgedBytes = Atomic<Int>(0)

    public init() {}

    /// What was read and not acknowledged yet (what a restart reads again).
    public struct InFlight: Sendable, Equatable {
        /// Acknowledgements not completed (each one batch the tailer read).
        public var batches: Int
        /// Their lines (those cut into events so far).
        public var lines: Int
        /// Their bytes.
        public var bytes: Int
    }

    /// What was read and not acknowledged yet.
    public var inFlight: InFlight {
        InFlight(
            batches: unacknowledgedBatches.load(ordering: .acquiring), lines: unacknowledgedLines.load(ordering: .acquiring),
            bytes: unacknowledgedBytes.load(ordering: .acquiring))
    }

    /// Counts an acknowledgement that was made (`batches`: 1) or completed (-1, with its lines and bytes).
    func count(batches: Int, lines: Int, bytes: Int) {
        unacknowledgedBatches.add(batches, ordering: .relaxed)
        if lines != 0 { unacknowledgedLines.add(lines, ordering: .relaxed) }
        unacknowledgedBytes.add(bytes, ordering: .relaxed)
    }

    /// Counts `lines` more in the unacknowledged batches.
    func count(lines: Int) {
        unacknowledgedLines.add(lines, ordering: .relaxed)
    }

    /// Starts tracking `fileID` from `offset` (where reading begins).
    public func begin(fileID: UInt32, at offset: UInt64) {
        files.withLock { $0[fileID] = FileState(durable: offset) }
    }

    /// Forgets `fileID` (closed and checkpointed, or abandoned).
    public func end(fileID: UInt32) {
        _ = files.withLock { $0.removeValue(forKey: fileID) }
    }

    /// Records `[start, end)` of `fileID` as acknowledged by every output.
    public func complete(fileID: UInt32, start: UInt64, end: UInt64) {
        files.withLock { all in
            guard var state = all[fileID] else { return }
            if start <= state.durable {
                state.durable = max(state.durable, end)
            } else {
                state.completed[start] = max(state.completed[start] ?? 0, end)
            }
            while let next = state.completed.removeValue(forKey: state.durable) {
                state.durable = max(state.durable, next)
            }
            all[fileID] = state
        }
    }

    /// The durable offset of `fileID`.
    public func durableOffset(_ fileID: UInt32) -> UInt64? {
        files.withLock { $0[fileID]?.durable }
    }
}

/// The acknowledgement a batch carries: its file range, completed once every output (and
/// the dead-letter writer) is done with the batch.
public final class Acknowledgement: Sendable {
    public let fileID: UInt32
    public let start: UInt64
    public let end: UInt64
    /// nil for an ``unpositioned()`` acknowledgement.
    private let tracker: AckTracker?
    private let remaining: Atomic<Int>
    private let lines = Atomic<Int>(0)
    /// The ranges a ``joining(_:)`` acknowledgement stands for (empty for any other): each
    /// is acknowledged once this one is complete.
    public let joined: [Acknowledgement]

    /// `parties`: how many acknowledgements complete it; the reader makes it with one (its
    /// own), and whoever hands the batch on fans it out (``fanOut(to:)``).
    public init(fileID: UInt32, start: UInt64, end: UInt64, tracker: AckTracker, parties: Int = 1) {
        self.fileID = fileID
        self.start = start
        self.end = end
        self.tracker = tracker
        self.remaining = Atomic(max(1, parties))
        self.joined = []
        tracker.count(batches: 1, lines: 0, bytes: Int(end - start))
    }

    private init(joined: [Acknowledgement] = []) {
        fileID = .max
        start = 0
        end = 0
        tracker = nil
        remaining = Atomic(1)
        self.joined = joined
    }

    /// One acknowledgement for the ranges of `acks` (each with its one party, none handed on
    /// yet): a batch of lines of several files carries it (the tailer hands the lines of many
    /// files written a little each in one batch). It moves no checkpoint itself; once
    /// complete, it acknowledges each of `acks`. `acks` itself when there is one.
    public static func joining(_ acks: [Acknowledgement]) -> Acknowledgement? {
        acks.count <= 1 ? acks.first : Acknowledgement(joined: acks)
    }

    /// The file ranges it covers: its own, or those it was joined from.
    public var ranges: [Acknowledgement] { joined.isEmpty ? [self] : joined }

    /// An acknowledgement of no file range, for a batch that carries only events a stage made
    /// (a `workflow_incomplete` report on a batch of no lines): it completes like any other,
    /// which tells the stage its events were settled (``isComplete``), and moves no checkpoint.
    public static func unpositioned() -> Acknowledgement { Acknowledgement() }

    /// True once every party has acknowledged: every output settled the batch.
    public var isComplete: Bool { remaining.load(ordering: .acquiring) == 0 }

    /// Notes that `count` more lines of the range were cut into events (for the count of
    /// what is in flight; before the batch is handed to the outputs).
    public func countLines(_ count: Int) {
        guard count > 0 else { return }
        if let first = joined.first { return first.countLines(count) }
        lines.add(count, ordering: .relaxed)
        tracker?.count(lines: count)
    }

    /// Hands the one party of its holder to `parties` (one per output), before any of them
    /// can acknowledge: the runner, which knows the outputs, does it.
    public func fanOut(to parties: Int) {
        if parties > 1 { remaining.add(parties - 1, ordering: .releasing) }
    }

    /// One party is done; the last one completes the range.
    public func acknowledge() {
        guard remaining.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 else { return }
        for ack in joined { ack.acknowledge() }
        if let tracker {
            tracker.complete(fileID: fileID, start: start, end: end)
            tracker.count(batches: -1, lines: -lines.load(ordering: .relaxed), bytes: -Int(end - start))
        }
    }
}
