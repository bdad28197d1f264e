import Glibc
import Logging
import SluiceCore

/// Writes what every output acknowledged to the ``CheckpointStore``, and loads it at start.
///
/// The rule: a write when `checkpoint_interval` has passed, or at once when a file was opened
/// since the last one (until a file is in the checkpoint, a crash after it is renamed out of
/// the globs — a fast writer rotates every few milliseconds — would leave it unknown to the
/// restarted agent and its lines unread), or a generation was keyed (its first lines read:
/// written before they are handed on, so that a copy of it is known by its fingerprint and
/// read again under its key after a crash); nothing when nothing changed. The list written
/// holds every followed file at its durable offset, the old generation of a truncated file
/// still in flight, generations truncated away recently, rotated files drained and closed
/// recently, and files closed for want of descriptors.
///
/// Touched by the tailer thread only.
final class Checkpointer {
    let store: CheckpointStore
    private let registry: FileRegistry
    private let descriptors: DescriptorBudget
    private let tracker: AckTracker
    private let metrics: TailerMetrics
    private let logger: Logger
    private let interval: Double
    private let beforeWrite: (@Sendable () throws -> Void)?

    /// When the checkpoints loaded at start were written, and when the run that wrote them
    /// started (nanoseconds since the epoch).
    private(set) var checkpointsSavedAt: Int64?
    private(set) var previousRunStartedAt: Int64?
    private var lastCheckpoint = 0.0
    /// When the checkpoints on disk were last known current (written, or unchanged), ns
    /// since the epoch.
    private(set) var currentAt: Int64?
    private var lastSaved: [Checkpoint] = [] {
        didSet { lastSavedChecks = Self.checks(of: lastSaved) }
    }
    /// The offset and check `lastSaved` holds for each generation (device, inode, key): the
    /// first entry's, as a look through the list from its start would find.
    private var lastSavedChecks: [SavedGeneration: Checkpoint] = [:]
    /// A file was opened, or a generation keyed, since the last checkpoint write: write one
    /// now, not at the next interval.
    private var newSinceSave = false
    /// Rotated files closed once drained and acknowledged (the last 32): still written in the
    /// checkpoints, so that a restart knows them (at their end) instead of taking them for
    /// files rotated while it was down and reading them again.
    private var finishedRecently: [Checkpoint] = []

    init(
        store: CheckpointStore, registry: FileRegistry, descriptors: DescriptorBudget, tracker: AckTracker, interval: Double, metrics: TailerMetrics,
        logger: Logger, beforeWrite: (@Sendable () throws -> Void)? = nil
    ) {
        self.beforeWrite = beforeWrite
        self.store = store
        self.registry = registry
        self.descriptors = descriptors
        self.tracker = tracker
        self.interval = interval
        self.metrics = metrics
        self.logger = logger
    }

    /// Prepares the store and records this run's start (the previous run's is kept).
    func prepare() throws {
        try store.prepare()
        previousRunStartedAt = store.markStart()
    }

    /// Loads the checkpoints, falling back to the previous generation (loudly) and applying
    /// `on_corrupt` when both are unusable. nil when there were none.
    func load(onCorrupt: TailerSettings.OnCorruptCheckpoints) throws -> [Checkpoint]? {
        do {
            let loaded = try store.load()
            var st = stat()
            let loadedPath = loaded.source == .previous ? store.previousPath : store.currentPath
            if loaded.source != .none, stat(loadedPath, &st) == 0 {
                checkpointsSavedAt = FileIO.nanoseconds(st.st_mtim)
            }
            if loaded.source == .previous {
                metrics.checkpointRecoveries.increment()
                logger.error("the checkpoint file is corrupt; recovered from the previous generation", metadata: [
                    "problems": "\(loaded.problems.joined(separator: "; "))",
                ])
            }
            return loaded.source == .none ? nil : loaded.checkpoints
        } catch let failure as CheckpointStore.Failure {
            metrics.checkpointRecoveriesFailed.increment()
            switch onCorrupt {
            case .fail:
                throw TailerError.corruptCheckpoints("\(failure); set checkpoints.on_corrupt to start_at_beginning or start_at_end to start anyway, or restore \(store.currentPath)")
            case .startAtBeginning, .startAtEnd:
                logger.error("both checkpoint generations are corrupt; starting as checkpoints.on_corrupt says", metadata: [
                    "on_corrupt": "\(onCorrupt.rawValue)", "problems": "\(failure)",
                ])
                return []
            }
        }
    }

    /// A file was opened (or is known, waiting for a descriptor): write at the next chance.
    func fileOpened() {
        newSinceSave = true
    }

    /// A generation's key was fixed as its first lines were read (it was empty, or its first
    /// line incomplete, when last written): write before they are handed on.
    func generationKeyed() {
        newSinceSave = true
    }

    /// The interval starts now (at start, before the first write).
    func startInterval(now: Double) {
        lastCheckpoint = now
    }

    /// Writes checkpoints when the interval has passed or a file was opened (also while
    /// blocked on a full queue, so files opened meanwhile are known after a crash).
    func saveIfDue(now: Double) {
        guard now - lastCheckpoint >= interval || newSinceSave else { return }
        lastCheckpoint = now
        newSinceSave = false
        do {
            try save(force: false)
        } catch {
            metrics.checkpointErrors.increment()
            logger.error("cannot write checkpoints", metadata: ["error": "\(error)"])
        }
    }

    /// Keeps a drained rotated file's checkpoint, at its end, among the recently finished.
    func rememberFinished(_ file: TailedFile) {
        let check = file.check(before: file.emittedUpTo)
        var identity = file.identity
        if !file.keyFixed { identity.key = Checkpoint.keyNotFixed }
        finishedRecently.removeAll { FileKey($0.identity) == FileKey(identity) }
        finishedRecently.append(Checkpoint(path: file.path, identity: identity, offset: file.emittedUpTo, checkLength: check.length, check: check.hash))
        if finishedRecently.count > 32 { finishedRecently.removeFirst() }
    }

    /// The checkpoints of a file with this identity drained and closed recently.
    func finished(_ key: FileKey) -> [Checkpoint] {
        finishedRecently.filter { FileKey($0.identity) == key }
    }

    /// Writes the acknowledged offsets of every open file, when they changed (or `force`).
    func save(force: Bool) throws {
        registry.forgetAcknowledged(tracker: tracker)
        var checkpoints: [Checkpoint] = []
        for file in registry.files where file.isOpen {
            // A truncated file whose old lines are still in flight: its old generation's
            // checkpoint stands too (same inode, the old fingerprint), so a restart drains the
            // rotated copy instead of losing them, and resumes the new generation from its own.
            for old in registry.retired where old.identity.inode == file.identity.inode && old.identity.device == file.identity.device {
                let offset = tracker.durableOffset(old.id) ?? old.end
                let exact = offset == old.end
                var identity = old.identity
                if old.end == 0 { identity.key = Checkpoint.keyNotFixed }
                checkpoints.append(Checkpoint(
                    path: old.path, identity: identity, offset: offset,
                    checkLength: exact ? old.checkLength : 0, check: exact ? old.check : 0))
            }
            guard let offset = tracker.durableOffset(file.id) else { continue }
            let previous = lastSavedChecks[SavedGeneration(file.identity)]
            var check = (length: previous?.checkLength ?? 0, hash: previous?.check ?? 0)
            if previous?.offset != offset { check = file.check(before: offset) }
            // A key not fixed yet is not written: a copy recovered from this entry would
            // otherwise take a key its lines were never shipped under.
            var identity = file.identity
            if !file.keyFixed { identity.key = Checkpoint.keyNotFixed }
            checkpoints.append(Checkpoint(path: file.path, identity: identity, offset: offset, checkLength: check.length, check: check.hash))
        }
        // Generations truncated away recently (their copies are not files of their own).
        for generation in registry.truncatedGenerations where generation.checkLength > 0 {
            checkpoints.append(Checkpoint.truncatedGeneration(
                path: generation.path, identity: generation.identity, end: generation.end, checkLength: generation.checkLength, check: generation.check))
        }
        // Rotated files drained and closed recently, unless followed again.
        for finished in finishedRecently where !registry.isFollowed(device: finished.identity.device, inode: finished.identity.inode) {
            checkpoints.append(finished)
        }
        // Files closed for want of descriptors are still followed.
        checkpoints.append(contentsOf: descriptors.dormantCheckpoints)
        // Stages' state: taken now, after the offsets, and written first (never older than them).
        try beforeWrite?()
        guard force || checkpoints != lastSaved else {
            currentAt = FileIO.nowNanoseconds()
            return
        }
        try store.save(checkpoints)
        lastSaved = checkpoints
        currentAt = FileIO.nowNanoseconds()
        metrics.checkpointWrites.increment()
    }
}

extension Checkpointer {
    /// A generation as the last checkpoints written name it.
    struct SavedGeneration: Hashable {
        var device: UInt64
        var inode: UInt64
        var key: UInt64

        init(_ identity: FileIdentity) {
            (device, inode, key) = (identity.device, identity.inode, identity.key)
        }
    }

    static func checks(of checkpoints: [Checkpoint]) -> [SavedGeneration: Checkpoint] {
        var checks: [SavedGeneration: Checkpoint] = [:]
        checks.reserveCapacity(checkpoints.count)
        for checkpoint in checkpoints where checks[SavedGeneration(checkpoint.identity)] == nil {
            checks[SavedGeneration(checkpoint.identity)] = checkpoint
        }
        return checks
    }
}

/// Why the tailer could not start.
public enum TailerError: Error, CustomStringConvertible {
    case corruptCheckpoints(String)

    public var description: String {
        switch self {
        case .corruptCheckpoints(let text): text
        }
    }
}
