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
///
/// The tailer is a thin loop around parts that each own their state:
/// - ``FileRegistry``: the followed files and the generations they left behind, their ids;
/// - ``DirectoryWatcher``: inotify, the watched directories, the ``EarlyOpener``, and when
///   to scan the globs;
/// - ``CopyDetector``: copies and truncations told by their bytes;
/// - ``DescriptorBudget``: descriptors shared by the files, dormant and waiting files;
/// - ``Checkpointer``: when and what to write to the ``CheckpointStore``;
/// - ``LoopSignals``: what other threads ask of the loop and learn from it.
///
/// What it does with them is in its extensions: scanning and opening (`Tailer+Scan`,
/// `Tailer+Opening`, `Tailer+Recovery`), reading (`Tailer+Reading`), handing lines on
/// (`Tailer+Emit`), truncations (`Tailer+Truncation`), closing (`Tailer+Closing`),
/// descriptors (`Tailer+Descriptors`) and sources replaced while running (`Tailer+Sources`).
///
/// `@unchecked Sendable`: every part except ``LoopSignals`` and ``paths`` is touched by the
/// tailer's thread only (and by `start`, before the thread starts, and `closeAll`/
/// `persistCheckpoints`, after it was joined); the public methods other threads call go
/// through ``LoopSignals`` (atomics) and ``DirectoryWatcher/interrupt()``.
public final class Tailer: @unchecked Sendable {
    /// The sources, and their compiled globs (replaced by the loop: ``replaceSources(_:)``).
    private(set) var sources: [FileSourceConfig]
    private(set) var globs: SourceGlobs
    let settings: TailerSettings
    let tracker: AckTracker
    let queue: BlockingQueue<Batch>
    let logger: Logger
    let metrics: TailerMetrics
    let registry = FileRegistry()
    let watcher = DirectoryWatcher()
    let descriptors = DescriptorBudget()
    let copies: CopyDetector
    let checkpointer: Checkpointer
    let signals = LoopSignals()
    /// Whether the tailer's thread makes progress (liveness): working while it reads and
    /// scans, waiting in its poll and while the queue ahead of it is full.
    public let heartbeat: Heartbeat
    /// Set by the loop for one pass after ``endOfInput()``.
    var flushPartialLinesNow = false
    /// When ``progress`` was last published (``TailerSettings/clock`` seconds).
    var lastProgress = -Double.infinity
    /// The next pass looks at every file, not only at those directory events named (see
    /// ``loop()``): set at start, by scans and by events that are not writes (renames,
    /// deletions, attribute changes).
    var lookAtEveryFile = true
    /// When a pass last looked at every file, and when deleted files were last checked while
    /// the queue was full (``Monotonic`` seconds: real time, whatever clock the time rules
    /// read, since the fallback is against events that never come).
    var lastLookAtEveryFile = -Double.infinity
    var lastDeletedCheck = -Double.infinity
    /// The count `sluice_tailer_files_followed` was last set to (set again only when it moves:
    /// a pass at rest touches no metrics code).
    var filesFollowedPublished = -1
    /// When the last pass began (``Monotonic`` seconds; see ``TailerSettings/coalesceInterval``).
    var lastPassBegan = -Double.infinity
    /// The shortest time between passes woken by writes now: `coalesceInterval`, longer while
    /// many files are read per pass (``adjustReading(writeEvents:sincePreviousPass:)``).
    var coalesceWindow = 0.0
    /// Files this pass read (``reconcile(_:everyFile:)``).
    var filesReadInPass = 0
    /// True while the directories' writes are not reported (``DirectoryWatcher/watchWrites(_:)``)
    /// and every pass, one every `coalesceWindow`, looks at the size of every file instead.
    var writesPolled = false
    /// A file held a last line without its newline at the last look (``holdsPartialLines``).
    var partialLinesHeld = false
    /// Lines read in this pass, handed on together (``handOnGathered()``).
    var gathered = GatheredLines()
    /// Where a probing read goes (``probe(_:now:)``): half a chunk.
    lazy var readScratch = ReadScratch(capacity: max(4096, settings.chunkSize / 2))
    private var thread: NativeThread?

    /// Paths of the files by event origin id (kept up to date across renames).
    public var paths: SourceFiles { registry.paths }

    /// Files that wait for a descriptor (more files than the descriptor limit allows open).
    public var filesWaitingForADescriptor: Int { descriptors.filesWaiting.load(ordering: .relaxed) }

    /// True when, at the last look, every file had been read to its end.
    public var isCaughtUp: Bool { signals.caughtUp.load(ordering: .acquiring) }

    /// Passes of the reading loop completed so far: a pass that ends after a moment began
    /// after it once this has grown by two (see ``look(rescan:)``).
    public var passesCompleted: Int { signals.passes.load(ordering: .acquiring) }

    /// Makes the loop look at every file now instead of at its next poll (and scan the globs
    /// again first when `rescan`): what was written before this call is seen by the pass
    /// that ends once ``passesCompleted`` has grown by two. With ``isCaughtUp`` and nothing
    /// in flight, that is the quiescent state: every byte read, every batch settled, and only
    /// a time rule (or a new write) can produce more.
    public func look(rescan: Bool = false) {
        if rescan { signals.rescanAsked.store(true, ordering: .releasing) }
        // Two passes without sleeping in between: the one running now and a whole one after.
        signals.lookUntilPass.store(signals.passes.load(ordering: .acquiring) + 2, ordering: .releasing)
        watcher.interrupt()
    }

    /// The input is complete for now (`run --once` caught up): a last line still waiting for
    /// its newline is shipped at the next look instead of after `partial_line_timeout`.
    public func endOfInput() {
        signals.caughtUp.store(false, ordering: .releasing)
        signals.endOfInput.store(true, ordering: .releasing)
        watcher.interrupt()
    }

    /// Where reading and delivery stand, file by file (published a few times a second).
    public var progress: TailerProgress { signals.progress.withLock { $0 } }

    /// True when, at the last look, a file held a last line without its newline.
    public var holdsPartialLines: Bool { signals.partialLines.load(ordering: .acquiring) }

    public init(sources: [FileSourceConfig], settings: TailerSettings, store: CheckpointStore, tracker: AckTracker, queue: BlockingQueue<Batch>, logger: Logger,
                metrics: MetricsScope = .discarding) {
        self.metrics = TailerMetrics(metrics)
        self.sources = sources
        self.settings = settings
        self.tracker = tracker
        self.queue = queue
        self.logger = logger
        self.globs = SourceGlobs(sources)
        heartbeat = Heartbeat("tailer", clock: settings.clock)
        copies = CopyDetector(registry: registry, fingerprintCap: settings.fingerprintBytes)
        checkpointer = Checkpointer(
            store: store, registry: registry, descriptors: descriptors, tracker: tracker, interval: settings.checkpointInterval, metrics: self.metrics,
            logger: logger, beforeWrite: settings.beforeCheckpointWrite)
    }

    /// Loads checkpoints, finds the files and starts the reading thread.
    public func start() throws {
        // Sources replaced before the start: the first scan is theirs.
        if let replacement = signals.replacementSources.withLock({ $0.take() }) { select(replacement) }
        try checkpointer.prepare()
        let loaded = try checkpointer.load(onCorrupt: settings.onCorruptCheckpoints)
        descriptors.limit = settings.maxOpenFiles ?? DescriptorLimit.fileBudget(limit: DescriptorLimit.current())
        try watcher.start(
            globs: globs, fingerprintCap: settings.fingerprintBytes, maxPending: max(2, min(256, descriptors.limit / 16)), clock: settings.clock,
            racyWindow: settings.racyWindow)
        try initialScan(checkpoints: loaded)
        try watcher.startEarlyOpener()
        // A clock moved by hand (tests): look at the time rules at once.
        settings.clock.whenAdvanced { [weak self] in self?.look() }
        checkpointer.startInterval(now: settings.clock.now())
        checkpointIfDue()
        thread = try NativeThread.start(name: "sluice-tailer") { [self] in loop() }
    }

    /// Stops reading and waits for the thread to exit. Batches already queued stay queued.
    public func stop() {
        signals.stop.set()
        watcher.interrupt()
        thread?.join()
        thread = nil
        watcher.stop()
    }

    /// Writes the acknowledged offsets now (call after the thread stopped and outputs are done).
    public func persistCheckpoints() throws {
        try checkpointer.save(force: true)
    }

    /// Closes every file (after ``stop()`` and the final ``persistCheckpoints()``).
    public func closeAll() {
        registry.closeAll()
    }

    var isStopping: Bool { signals.stop.isSet }

    /// The sources and their globs from now on (see ``replaceSources(_:)``).
    func select(_ replacement: [FileSourceConfig]) {
        sources = replacement
        globs = SourceGlobs(replacement)
    }

    /// The reading loop. A pass looks at every file (fstat, rename and deletion checks,
    /// reads) only when it must: at start, after a scan or an event that is not a write,
    /// when asked (``look(rescan:)``, the end of input, a moved clock), when `poll` timed out,
    /// and at least every `poll_interval` (the fallback, should inotify miss something);
    /// otherwise it looks only at the files that directory events named (written) and at
    /// those left unread. With many files each written slowly, a wake-up costs what the
    /// files written since cost, not what every followed file does (as Fluent Bit's and
    /// Promtail's tailers read only the files their events name).
    func loop() {
        // Files found at start are read at once, not after the first poll interval.
        var moreToRead = true
        coalesceWindow = settings.coalesceInterval
        while !isStopping {
            var overflowed = false
            // A file left unread by its per-file budget: look again at once.
            let looking = signals.isLookAsked
            let timeout: Int32
            if moreToRead || looking {
                timeout = 0
            } else if writesPolled {
                // The next look at the files' sizes, `coalesceWindow` after the last began.
                timeout = Int32(max(0, coalesceWindow - (Monotonic.now() - lastPassBegan)) * 1000) + 1
            } else {
                timeout = Int32(settings.pollInterval * 1000)
            }
            heartbeat.waiting()
            var events = watcher.wait(timeoutMilliseconds: timeout, overflowed: &overflowed)
            // Woken by writes soon after the last pass: the rest of a burst (a writer of many
            // files writes each in turn) is read in the same pass, once `coalesceInterval`
            // has passed since the last one began.
            let sinceLastPass = Monotonic.now() - lastPassBegan
            // (Not when a stop, the end of input or a look was asked for meanwhile: the wait
            // took their interrupt.)
            if !events.isEmpty, !overflowed, timeout > 0, sinceLastPass < coalesceWindow, Self.onlyWrites(events),
                !signals.isWanted {
                settings.gathering?()
                events += watcher.gather(for: coalesceWindow - sinceLastPass, overflowed: &overflowed) { !$0.isWrite }
            }
            let writeEvents = events.reduce(0) { $0 + ($1.isWrite ? 1 : 0) }
            let passBegins = Monotonic.now()
            let sincePreviousPass = passBegins - lastPassBegan
            lastPassBegan = passBegins
            heartbeat.working()
            if overflowed { metrics.inotifyOverflows.increment() }
            applyReplacementSources()
            noteDirectoryEvents(events)
            let now = settings.clock.now()
            if signals.rescanAsked.exchange(false, ordering: .acquiring) { watcher.requestRescan() }
            watcher.noteEarlyOpenerWakeups()
            // A descriptor came free for a file that waits for one.
            if descriptors.hasWaitingFiles && descriptorsInUse < descriptors.limit { watcher.requestRescan() }
            if watcher.isScanDue(now: now, interval: settings.scanInterval) {
                watcher.earlyOpener?.expire(olderThan: 60)
                if watcher.takeRescanRequest() || !isSafetyNetScanMoot {
                    scan(startAtOverride: .beginning)
                } else {
                    watcher.scanning(at: now)
                    wakeDormantFiles(rescan: false)
                }
            } else {
                wakeDormantFiles(rescan: false)
            }
            checkpointIfDue()
            flushPartialLinesNow = signals.endOfInput.exchange(false, ordering: .acquiring)
            let realNow = Monotonic.now()
            // A wait that timed out is the fallback's look at every file; while writes are
            // polled, it is the next look at their sizes, and the fallback (a `stat` of every
            // path besides, for renames inotify missed) comes every four windows.
            let fallback = writesPolled ? max(settings.pollInterval, 4 * coalesceWindow) : settings.pollInterval
            let everyFile =
                lookAtEveryFile || looking || flushPartialLinesNow || (timeout > 0 && events.isEmpty && !writesPolled)
                || realNow - lastLookAtEveryFile >= fallback
            // Taken before reading: files named by events seen while reading (between chunks,
            // while the queue is full) are looked at in the next pass.
            let wanted = registry.takeWanted()
            if everyFile {
                lookAtEveryFile = false
                lastLookAtEveryFile = realNow
            }
            let looked = everyFile || writesPolled ? registry.files : wanted
            filesReadInPass = 0
            readAll(looked, everyFile: everyFile)
            flushPartialLinesNow = false
            handOnGathered()
            let readToTheEnd: Bool
            if everyFile {
                // Files left unread are looked at again in the next pass, whatever it is. Their
                // sizes are those this pass just took (a write since has its event).
                var all = true
                for file in registry.files where !(file.copyOf != nil || file.readOffset >= file.lastSize || file.readFailures > 0 || !file.isOpen) {
                    all = false
                    registry.want(file)
                }
                readToTheEnd = all
                partialLinesHeld = registry.files.contains { $0.hasPending && $0.copyOf == nil }
            } else {
                // The others were read to their end when last looked at, and have not been
                // written since (no event named them).
                for file in looked where file.isOpen && file.copyOf == nil && file.readFailures == 0 && file.readOffset < file.lastSize {
                    registry.want(file)
                }
                readToTheEnd = !registry.hasWantedFiles && !lookAtEveryFile
                partialLinesHeld = partialLinesHeld || looked.contains { $0.hasPending && $0.copyOf == nil }
            }
            // Files waiting for a descriptor are not read yet, but only an acknowledgement
            // (or the next scan) can change that: no need to look again at once.
            let caughtUp = readToTheEnd && !descriptors.hasWaitingFiles && !descriptors.hasChangedDormantFiles
            adjustReading(writeEvents: writeEvents, sincePreviousPass: sincePreviousPass)
            // Events taken while reading (files named, renames) are not seen by `poll` again.
            moreToRead = !readToTheEnd || registry.hasWantedFiles || lookAtEveryFile
            // An end of input asked for meanwhile is not caught up until its pass ran.
            signals.caughtUp.store(caughtUp && !signals.endOfInput.load(ordering: .acquiring), ordering: .releasing)
            signals.partialLines.store(partialLinesHeld, ordering: .releasing)
            checkpointIfDue()
            publishProgress(now: settings.clock.now())
            signals.passes.add(1, ordering: .releasing)
        }
        heartbeat.waiting()
    }

    /// Whether `events` are all writes to entries (no rename, deletion or directory change).
    static func onlyWrites(_ events: [Inotify.Event]) -> Bool {
        events.allSatisfy(\.isWrite)
    }

    /// Publishes ``progress``, at most five times a second from the loop's passes.
    /// `every`: the least time between two publications (a catch-up's batches publish once a
    /// second: a publication copies every followed file's offsets, 500 files a few times a
    /// pass cost a twentieth of the tailer's time in the bench's many-files run).
    func publishProgress(now: Double, every: Double = 0.2) {
        guard now - lastProgress >= every || now < lastProgress else { return }
        lastProgress = now
        let files = registry.files.filter(\.isOpen).map { file in
            TailerProgress.File(
                path: file.path, source: file.source.name, size: max(file.lastSize, file.readOffset), read: file.readOffset,
                acknowledged: tracker.durableOffset(file.id) ?? file.readOffset)
        }
        let progress = TailerProgress(files: files, checkpointsCurrentAt: checkpointer.currentAt)
        signals.progress.withLock { $0 = progress }
    }

    /// Writes checkpoints when the interval has passed or a file was opened (see ``Checkpointer``).
    /// Whether the periodic scan would find nothing new: no directory it lists has changed
    /// since the last scan (``DirectorySnapshot``), and no file waits for a descriptor or
    /// sleeps without one (those scans also look for their renames).
    var isSafetyNetScanMoot: Bool {
        !descriptors.hasDormantFiles && !descriptors.hasWaitingFiles && watcher.directoriesUnchanged
    }

    func checkpointIfDue() {
        checkpointer.saveIfDue(now: settings.clock.now())
    }
}
