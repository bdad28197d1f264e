import Glibc
import Logging
import SluiceCore
import Synchronization

/// Follows the files that a pipeline's sources select and hands their lines over in batches.
///
/// ```
///  inotify (hints) ──┐
///  rescan timer ─────┼─▶ reconcile every file with fstat/stat ─▶ read chunks ─▶ whole lines ─▶ Batch ─▶ queue
///  checkpoint timer ─┘        (rotation, truncation, deletion)                                       (blocks when full)
/// ```
///
/// One thread does all of it: it blocks in `poll` on inotify and in `put` on the queue, so a
/// slow output stops reading (the file is the buffer) and memory stays flat. Each batch
/// carries an ``Acknowledgement`` of its byte range; checkpoints store only what every
/// output acknowledged. Of each chunk, only where its whole lines end is found here (a
/// ``LineBlock``); the worker cuts the lines into events, unless it is busy (batches
/// waiting), then this thread cuts them rather than wait: the two cores share the work.
public final class Tailer: @unchecked Sendable {
    // Everything below is touched by the tailer thread only, except `stopping` (atomic flag
    // read by the thread) and `metrics` (thread-safe).
    let sources: [FileSourceConfig]
    let settings: TailerSettings
    let store: CheckpointStore
    let tracker: AckTracker
    let queue: BlockingQueue<Batch>
    let logger: Logger
    let metrics: TailerMetrics
    /// Paths of the files by event origin id (kept up to date across renames).
    public let paths = SourceFiles()
    let globs: SourceGlobs

    var files: [TailedFile] = []
    /// Generations retired after a truncation, kept until their acknowledgements are in; while
    /// one is pending, its checkpoint (old identity, its own durable offset) stands for the
    /// inode, so a crash re-reads its lines from the rotated copy.
    var retired: [RetiredGeneration] = []
    /// The last generations truncated away (at most 32), to recognise their copies.
    var truncatedGenerations: [RetiredGeneration] = []
    /// Deleted files closed while their last lines are in flight (see `release`).
    var released: [ReleasedFile] = []
    /// Rotated files closed once drained and acknowledged (the last 32): still written in the
    /// checkpoints, so that a restart knows them (at their end) instead of taking them for
    /// files rotated while it was down and reading them again.
    var finishedRecently: [Checkpoint] = []
    var nextID: UInt32 = 0
    var inotify: Inotify?
    var watches: [Int32: String] = [:]
    /// The first directory watches are in place: directories watched from now on appeared
    /// while running.
    var directoriesWatched = false
    var lastScan = 0.0
    var lastCheckpoint = 0.0
    var lastSaved: [Checkpoint] = []
    /// When the checkpoints loaded at start were written, and when the run that wrote them
    /// started (nanoseconds since the epoch).
    var checkpointsSavedAt: Int64?
    var previousRunStartedAt: Int64?
    /// A file was opened since the last checkpoint write: write one now, not at the next
    /// interval. Until a file is in the checkpoint, a crash after it is renamed out of the
    /// globs (a fast writer rotates every few milliseconds) would leave it unknown to the
    /// restarted agent and its lines unread.
    var openedSinceSave = false
    var rescanRequested = false
    /// Halves of renames seen so far (a rename's two events may come in two reads).
    var movesFrom = PendingMoves()
    var earlyOpener: EarlyOpener?
    /// How many descriptors followed files may hold (see `Tailer+Descriptors`).
    var fileBudget = Int.max
    /// Files closed for want of descriptors, by device and inode, and their paths.
    var dormant: [FileKey: DormantFile] = [:]
    var dormantPaths: [String: FileKey] = [:]
    /// New files that found no descriptor free, by path: opened by a later scan.
    var waitingForDescriptor: [String: WaitingFile] = [:]
    var descriptorWaitLogged = false
    let filesWaitingForDescriptor = Atomic<Int>(0)

    /// Files that wait for a descriptor (more files than the descriptor limit allows open).
    public var filesWaitingForADescriptor: Int { filesWaitingForDescriptor.load(ordering: .relaxed) }
    private let stopFlag = StopFlag()
    private let caughtUpFlag = Atomic<Bool>(false)

    /// True when, at the last look, every file had been read to its end.
    public var isCaughtUp: Bool { caughtUpFlag.load(ordering: .acquiring) }

    /// Passes of the reading loop completed so far: a pass that ends after a moment began
    /// after it once this has grown by two (see ``look(rescan:)``).
    public var passesCompleted: Int { passes.load(ordering: .acquiring) }
    private let passes = Atomic<Int>(0)
    private let rescanAsked = Atomic<Bool>(false)

    /// Makes the loop look at every file now instead of at its next poll (and scan the globs
    /// again first when `rescan`): what was written before this call is seen by the pass
    /// that ends once ``passesCompleted`` has grown by two. With ``isCaughtUp`` and nothing
    /// in flight, that is the quiescent state: every byte read, every batch settled, and only
    /// a time rule (or a new write) can produce more.
    public func look(rescan: Bool = false) {
        if rescan { rescanAsked.store(true, ordering: .releasing) }
        // Two passes without sleeping in between: the one running now and a whole one after.
        lookUntilPass.store(passes.load(ordering: .acquiring) + 2, ordering: .releasing)
        inotify?.interrupt()
    }
    private let lookUntilPass = Atomic<Int>(0)

    /// The input is complete for now (`run --once` caught up): a last line still waiting for
    /// its newline is shipped at the next look instead of after `partial_line_timeout`.
    public func endOfInput() {
        caughtUpFlag.store(false, ordering: .releasing)
        endOfInputFlag.store(true, ordering: .releasing)
        inotify?.interrupt()
    }
    private let endOfInputFlag = Atomic<Bool>(false)
    private let partialLinesFlag = Atomic<Bool>(false)
    /// True when, at the last look, a file held a last line without its newline.
    public var holdsPartialLines: Bool { partialLinesFlag.load(ordering: .acquiring) }
    /// Set by the loop for one pass after ``endOfInput()``.
    var flushPartialLinesNow = false
    private var thread: NativeThread?

    public init(sources: [FileSourceConfig], settings: TailerSettings, store: CheckpointStore, tracker: AckTracker, queue: BlockingQueue<Batch>, logger: Logger,
                metrics: MetricsScope = .discarding) {
        self.metrics = TailerMetrics(metrics)
        self.sources = sources
        self.settings = settings
        self.store = store
        self.tracker = tracker
        self.queue = queue
        self.logger = logger
        self.globs = SourceGlobs(sources)
    }

    /// Loads checkpoints, finds the files and starts the reading thread.
    public func start() throws {
        try store.prepare()
        previousRunStartedAt = store.markStart()
        let loaded = try loadCheckpoints()
        inotify = try Inotify()
        fileBudget = settings.maxOpenFiles ?? DescriptorLimit.fileBudget(limit: DescriptorLimit.current())
        earlyOpener = try EarlyOpener(
            patterns: globs.includes, excludes: globs.excludes, fingerprintCap: settings.fingerprintBytes, maxPending: max(2, min(256, fileBudget / 16)),
            clock: settings.clock)
        try initialScan(checkpoints: loaded)
        try earlyOpener?.start()
        // A clock moved by hand (tests): look at the time rules at once.
        settings.clock.whenAdvanced { [weak self] in self?.look() }
        lastCheckpoint = settings.clock.now()
        checkpointIfDue()
        thread = try NativeThread.start(name: "sluice-tailer") { [self] in loop() }
    }

    /// Stops reading and waits for the thread to exit. Batches already queued stay queued.
    public func stop() {
        stopFlag.set()
        inotify?.interrupt()
        thread?.join()
        thread = nil
        earlyOpener?.stop()
    }

    /// Writes the acknowledged offsets now (call after the thread stopped and outputs are done).
    public func persistCheckpoints() throws {
        try saveCheckpoints(force: true)
    }

    /// Closes every file (after ``stop()`` and the final ``persistCheckpoints()``).
    public func closeAll() {
        for file in files { file.close() }
        files.removeAll()
    }

    var isStopping: Bool { stopFlag.isSet }

    func loop() {
        // Files found at start are read at once, not after the first poll interval.
        var moreToRead = true
        while !isStopping {
            var overflowed = false
            // A file left unread by its per-file budget: look again at once.
            let looking = passes.load(ordering: .relaxed) < lookUntilPass.load(ordering: .acquiring)
            let timeout = moreToRead || looking ? 0 : Int32(settings.pollInterval * 1000)
            let events = inotify?.wait(timeoutMilliseconds: timeout, overflowed: &overflowed) ?? []
            if overflowed {
                metrics.inotifyOverflows.increment()
                rescanRequested = true
            }
            noteDirectoryEvents(events)
            let now = settings.clock.now()
            if rescanAsked.exchange(false, ordering: .acquiring) { rescanRequested = true }
            if earlyOpener?.wakeups.exchange(0, ordering: .relaxed) ?? 0 > 0 { rescanRequested = true }
            // A descriptor came free for a file that waits for one.
            if !waitingForDescriptor.isEmpty && descriptorsInUse < fileBudget { rescanRequested = true }
            if rescanRequested || now - lastScan >= settings.scanInterval {
                earlyOpener?.expire(olderThan: 60)
                rescanRequested = false
                scan(startAtOverride: .beginning)
            } else {
                wakeDormantFiles(rescan: false)
            }
            checkpointIfDue()
            flushPartialLinesNow = endOfInputFlag.exchange(false, ordering: .acquiring)
            readAll()
            flushPartialLinesNow = false
            let readToTheEnd = files.allSatisfy { $0.copyOf != nil || $0.readOffset >= ($0.size() ?? 0) || $0.readFailures > 0 }
            // Files waiting for a descriptor are not read yet, but only an acknowledgement
            // (or the next scan) can change that: no need to look again at once.
            let caughtUp = readToTheEnd && waitingForDescriptor.isEmpty && !dormant.values.contains { $0.changed }
            moreToRead = !readToTheEnd
            // An end of input asked for meanwhile is not caught up until its pass ran.
            caughtUpFlag.store(caughtUp && !endOfInputFlag.load(ordering: .acquiring), ordering: .releasing)
            partialLinesFlag.store(files.contains { $0.splitter.pendingBytes > 0 && $0.copyOf == nil }, ordering: .releasing)
            checkpointIfDue()
            passes.add(1, ordering: .releasing)
        }
    }

    /// Writes checkpoints when the interval has passed or a file was opened (also while
    /// blocked on a full queue, so files opened meanwhile are known after a crash).
    func checkpointIfDue() {
        let now = settings.clock.now()
        guard now - lastCheckpoint >= settings.checkpointInterval || openedSinceSave else { return }
        lastCheckpoint = now
        openedSinceSave = false
        do {
            try saveCheckpoints(force: false)
        } catch {
            metrics.checkpointErrors.increment()
            logger.error("cannot write checkpoints", metadata: ["error": "\(error)"])
        }
    }

    /// Reads every file that has grown; reconciles rotations and truncations.
    func readAll() {
        // Over the files as they are now: reading may open new files (read at the next pass)
        // or close idle ones for their descriptors.
        for file in files where !isStopping {
            if !reconcile(file) { files.removeAll { $0 === file } }
        }
        metrics.filesFollowed.record(files.count)
    }

    /// Brings one file up to date. Returns false when the file is finished (closed).
    func reconcile(_ file: TailedFile) -> Bool {
        guard file.isOpen else { return false }
        let now = settings.clock.now()
        guard let (size, modified) = file.status() else {
            abandon(file, reason: "fstat failed")
            return false
        }
        // Grown, or written to although no longer than what was read: still the same bytes?
        let written = size > file.readOffset || (size > 0 && modified != file.lastModified)
        file.lastModified = modified
        if size < file.readOffset || size < file.lastSize || (written && !contentStillMatches(file)) {
            handleTruncation(file, size: size)
            return true
        }
        if case .active = file.state, !file.pathStillNamesIt() {
            file.state = .rotated(since: now)
            metrics.rotations.increment()
        }
        if abandonIfDeletedTooLong(file, now: now) { return false }
        if file.copyOf != nil, size > file.emittedUpTo {
            // A copy still being written: its lines are the original's; keep it at its end.
            copyWasDrained(file, to: lastLineBoundary(file.fd, size: size, path: file.path))
        }
        if size > file.readOffset && now >= file.retryAt && file.copyOf == nil {
            file.lastActivity = now
            readAvailable(file)
            // Abandoned meanwhile (deleted, and the outputs stalled past rotate_wait).
            guard file.isOpen else { return false }
        }
        if file.fingerprintGrowing { growFingerprint(file) }
        file.lastSize = max(file.lastSize, file.size() ?? size)
        let quiet = now - file.lastActivity
        // A last line without its newline, quiet for `partial_line_timeout` (or at the end of
        // input with `--once`): shipped as it is, whether the file was rotated or stays in
        // place. Bytes the writer adds later start a line of their own: none is lost or sent
        // twice.
        if file.splitter.pendingBytes > 0, file.copyOf == nil, quiet >= file.source.partialLineTimeout || flushPartialLinesNow {
            metrics.partialLinesFlushed.increment()
            emit(file, file.flushPartial(readTime: FileIO.nowNanoseconds()))
        }
        if case .rotated = file.state {
            if quiet >= file.source.rotateWait && file.splitter.pendingBytes == 0 {
                return !finish(file)
            }
        }
        return true
    }

    /// Reads what is there, in chunks, handing each chunk's lines to the queue.
    func readAvailable(_ file: TailedFile) {
        var budget = settings.readBudgetPerFile
        while budget > 0 && !isStopping && file.isOpen {
            let read: TailedFile.Read
            do {
                read = try file.readChunk(chunkSize: settings.chunkSize, readTime: FileIO.nowNanoseconds(), counters: metrics.lines)
            } catch {
                metrics.readErrors.increment()
                file.readFailures += 1
                let delay = min(30.0, 0.5 * Double(1 << min(file.readFailures, 6)))
                file.retryAt = settings.clock.now() + delay
                if file.readFailures <= 3 || file.readFailures % 20 == 0 {
                    logger.error("cannot read a file; retrying", metadata: ["file": "\(file.path)", "error": "\(error)", "retry_in_seconds": "\(delay)"])
                }
                return
            }
            file.readFailures = 0
            let chunk: ReadLines
            switch read {
            case .lines(let lines): chunk = lines
            case .endOfFile: return
            case .rewritten:
                handleTruncation(file, size: file.size() ?? 0)
                return
            }
            budget -= settings.chunkSize
            metrics.bytesRead.add(Int(chunk.end - chunk.start))
            // Held back by a full queue, the file may have been truncated (copytruncate) and
            // refilled meanwhile: the next read at the old offset would take the new
            // generation's bytes for the old one's. Back to `reconcile`, which checks first.
            if emit(file, chunk) { return }
        }
    }

    /// Whether the file still starts with the fingerprinted bytes and still holds, just before
    /// the read offset, the bytes last read: a file truncated and refilled past its old size
    /// between two looks fails this.
    func contentStillMatches(_ file: TailedFile) -> Bool {
        guard (try? file.identity.fingerprintMatches(file.fd, path: file.path)) == true else { return false }
        let expected = file.lastBytes
        guard !expected.isEmpty else { return true }
        let bytes = try? FileIdentity.readAt(file.fd, offset: file.readOffset - UInt64(expected.count), count: expected.count, path: file.path)
        return bytes == expected
    }

    /// Between chunks and while the queue is full: react to the directories without reading,
    /// so a file created and rotated meanwhile is opened at once (its identity taken while
    /// its content is there) and a truncation is noticed against the largest size seen.
    func pumpEvents(waitMilliseconds: Int32) {
        var overflowed = false
        let events = inotify?.wait(timeoutMilliseconds: waitMilliseconds, overflowed: &overflowed) ?? []
        if earlyOpener?.wakeups.exchange(0, ordering: .relaxed) ?? 0 > 0 { rescanRequested = true }
        if events.isEmpty && !overflowed && !rescanRequested { return }
        noteDirectoryEvents(events)
        if overflowed || rescanRequested {
            rescanRequested = false
            scan(startAtOverride: .beginning)
        }
        for file in files {
            guard let size = file.size() else { continue }
            file.lastSize = max(file.lastSize, size)
            if file.fingerprintGrowing, size > UInt64(file.identity.fingerprintLength),
                (try? file.identity.fingerprintMatches(file.fd, path: file.path)) == true,
                let (length, hash) = try? FileIdentity.fingerprint(file.fd, size: size, cap: settings.fingerprintBytes, path: file.path)
            {
                file.identity.fingerprintLength = length
                file.identity.fingerprint = hash
                file.fingerprintGrowing = length < settings.fingerprintBytes
            }
        }
    }

    func newID() -> UInt32 {
        defer { nextID &+= 1 }
        return nextID
    }
}
