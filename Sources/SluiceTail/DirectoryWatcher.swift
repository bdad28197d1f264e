import Glibc
import SluiceCore

/// Watches the directories that can hold matching files (inotify) and turns what happens in
/// them into requests for the tailer: "scan the globs again" (entries created or moved in,
/// an overflow, the early opener took a file), "this path changed" and "this file was renamed
/// to that name", and says when the globs are due for a scan (asked for, or the periodic
/// safety net). Owns the ``EarlyOpener``, which opens new files at their first write on its
/// own thread.
///
/// Touched by the tailer thread only, except ``interrupt()`` (any thread, once started).
final class DirectoryWatcher {
    /// Set by ``start(globs:fingerprintCap:maxPending:clock:racyWindow:)`` before the tailer's thread
    /// starts; read by ``interrupt()`` from any thread afterwards.
    private var inotify: Inotify?
    private(set) var earlyOpener: EarlyOpener?
    private var watches: [Int32: String] = [:]
    /// The first directory watches are in place: directories watched from now on appeared
    /// while running.
    private var directoriesWatched = false
    /// Halves of renames seen so far (a rename's two events may come in two reads).
    private var movesFrom = PendingMoves()
    private var rescanRequested = false
    /// When the globs were last scanned (the tailer's clock).
    private var lastScan = 0.0
    /// The directories the last scan listed, as they were before it listed them.
    private var listed: DirectorySnapshot?
    /// Seconds before a snapshot in which a directory's time stamps are not trusted.
    private var racyWindow = 2.0

    /// Whether the directory watches report their entries' writes (see ``watchWrites(_:)``).
    private(set) var writesWatched = true

    init() {}

    /// A watcher that knows `watches` (watch descriptor → directory) without an inotify
    /// instance: for telling what ``note(_:changed:moved:)`` makes of events (tests).
    init(knowing watches: [Int32: String]) {
        self.watches = watches
    }

    /// Opens inotify and prepares the early opener for the globs' files.
    func start(globs: SourceGlobs, fingerprintCap: Int, maxPending: Int, clock: any MonotonicClock, racyWindow: Double) throws {
        self.racyWindow = racyWindow
        inotify = try Inotify()
        earlyOpener = try EarlyOpener(patterns: globs.includes, excludes: globs.excludes, fingerprintCap: fingerprintCap, maxPending: maxPending, clock: clock)
    }

    /// Starts the early opener's thread (once the first scan took the files there).
    func startEarlyOpener() throws {
        try earlyOpener?.start()
    }

    func stop() {
        earlyOpener?.stop()
    }

    /// Wakes the tailer's thread from ``wait(timeoutMilliseconds:overflowed:)`` (any thread).
    func interrupt() {
        inotify?.interrupt()
    }

    /// Gathers directory events for `seconds` and returns them: the kernel's queue is read
    /// every 50 ms meanwhile, so that a long pause over many busy files does not overflow it
    /// (16,384 events by default). Ends early at an interrupt, an overflow or an event that
    /// `endsIt`.
    func gather(for seconds: Double, overflowed: inout Bool, endsIt: (Inotify.Event) -> Bool) -> [Inotify.Event] {
        guard let inotify else { return [] }
        var events: [Inotify.Event] = []
        let end = Monotonic.now() + seconds
        while true {
            let left = end - Monotonic.now()
            guard left > 0 else { break }
            // Interrupted (a stop, a look asked for): the pause ends. Events alone do not.
            let interrupted = inotify.pause(milliseconds: Int32(min(left, 0.05) * 1000) + 1)
            let more = wait(timeoutMilliseconds: 0, overflowed: &overflowed)
            events += more
            if interrupted || overflowed || more.contains(where: endsIt) { break }
        }
        return events
    }

    /// Waits up to `timeoutMilliseconds` for directory events (or an interrupt). An overflow
    /// (events lost) asks for a rescan.
    func wait(timeoutMilliseconds: Int32, overflowed: inout Bool) -> [Inotify.Event] {
        let events = inotify?.wait(timeoutMilliseconds: timeoutMilliseconds, overflowed: &overflowed) ?? []
        if overflowed { rescanRequested = true }
        return events
    }

    /// Whether the early opener took files since the last call: a rescan adopts them.
    func noteEarlyOpenerWakeups() {
        if earlyOpener?.wakeups.exchange(0, ordering: .relaxed) ?? 0 > 0 { rescanRequested = true }
    }

    /// Asks for a scan of the globs at the next chance.
    func requestRescan() {
        rescanRequested = true
    }

    /// Whether a rescan was asked for.
    var isRescanRequested: Bool { rescanRequested }

    /// Whether a rescan was asked for; the request is taken.
    func takeRescanRequest() -> Bool {
        defer { rescanRequested = false }
        return rescanRequested
    }

    /// Whether the globs are to be scanned now: asked for, or `interval` passed since the
    /// last scan (the safety net besides inotify).
    func isScanDue(now: Double, interval: Double) -> Bool {
        rescanRequested || now - lastScan >= interval
    }

    /// The globs are being scanned (`now`), or need not be: the interval starts again.
    func scanning(at now: Double) {
        lastScan = now
    }

    /// Whether no directory the last scan listed has changed since (nor appeared, nor gone):
    /// a scan now would find what it found.
    var directoriesUnchanged: Bool {
        listed?.isUnchanged() ?? false
    }

    /// The directories watched.
    var directories: Dictionary<Int32, String>.Values { watches.values }

    /// Keeps watches on every directory that can hold matches of `globs` (and on the nearest
    /// existing parent of a directory that does not exist yet, to see it appear). Returns the
    /// directories that appeared while running (watched after the first call).
    func watchDirectories(of globs: SourceGlobs) -> [String] {
        let wanted = Self.directories(of: globs)
        // Before the scan lists them: a name added while it does changes what this saw.
        listed = DirectorySnapshot(wanted, racyWindow: racyWindow)
        let added = watch(wanted)
        defer { directoriesWatched = true }
        return directoriesWatched ? added : []
    }

    /// The sources were replaced: the early opener opens what `globs` select from now on, and
    /// the directories watched are those `globs` need. The directories watched anew were
    /// there before (not new directories: their rotated files are not read whole).
    func select(_ globs: SourceGlobs) {
        earlyOpener?.select(patterns: globs.includes, excludes: globs.excludes)
        let wanted = Self.directories(of: globs)
        listed = nil
        for (wd, dir) in watches where !wanted.contains(dir) {
            inotify?.unwatch(wd)
            watches.removeValue(forKey: wd)
        }
        _ = watch(wanted)
    }

    /// Adds a watch on each of `wanted` not watched yet; returns those added.
    private func watch(_ wanted: Set<String>) -> [String] {
        guard let inotify else { return [] }
        let watched = Set(watches.values)
        var added: [String] = []
        for dir in wanted.sorted() where !watched.contains(dir) {
            if let wd = try? inotify.watch(dir, mask: mask) {
                watches[wd] = dir
                added.append(dir)
            }
        }
        earlyOpener?.watch(wanted)
        return added
    }

    /// Every directory that can hold matches of `globs`, and the nearest existing parent of
    /// each root that does not exist yet.
    private static func directories(of globs: SourceGlobs) -> Set<String> {
        var wanted: Set<String> = []
        for pattern in globs.includes {
            for (root, depth) in pattern.roots {
                var dir = root
                while access(dir, F_OK) != 0, dir != "/" { dir = Directory.parent(of: dir) }
                wanted.insert(dir)
                if dir == root { GlobExpansion.directories(below: root, depthLeft: depth.map { $0 - 1 }, into: &wanted) }
            }
        }
        return wanted
    }

    /// What the directory watches ask for now.
    private var mask: UInt32 {
        writesWatched ? Inotify.directoryMask : Inotify.directoryMask & ~Inotify.writeMask
    }

    /// Asks the kernel for the entries' writes again, or no longer: everything else
    /// (creations, renames, deletions, attribute changes) is reported either way. A directory
    /// whose path names another one now is watched anew, and a rescan asked for.
    func watchWrites(_ on: Bool) {
        guard let inotify, on != writesWatched else { return }
        writesWatched = on
        for (wd, dir) in Array(watches) {
            guard let now = try? inotify.watch(dir, mask: mask) else {
                rescanRequested = true
                continue
            }
            if now != wd {
                watches[now] = dir
                rescanRequested = true
            }
        }
    }

    /// Reads `events`: entries created or moved in ask for a rescan (new files are picked up
    /// at once); `changed` is told of every named entry; a rename whose two halves are known
    /// is told to `moved` (old path, new path).
    ///
    /// A write to an entry already told of since the last event of another kind is not told
    /// again: files written without pause give one event a write (a wait gathering 250 ms of
    /// them holds each file's several times over), and what the tailer does for a write is
    /// the same for one or five. Any other event (a rename, a creation) starts afresh, so a
    /// write after it, perhaps to a new file under the same name, is told.
    func note(_ events: [Inotify.Event], changed: (_ path: String, _ mask: UInt32) -> Void, moved: (_ from: String, _ to: String) -> Void) {
        var written: Set<WrittenEntry> = []
        for event in events {
            if event.isWrite {
                if !written.insert(WrittenEntry(watch: event.watch, name: event.name)).inserted { continue }
            } else if !written.isEmpty {
                written.removeAll(keepingCapacity: true)
            }
            if event.mask & UInt32(IN_CREATE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF) != 0 {
                rescanRequested = true
            }
            if event.mask & UInt32(IN_IGNORED) != 0 { watches.removeValue(forKey: event.watch) }
            guard let dir = watches[event.watch], !event.name.isEmpty else { continue }
            let path = dir == "/" ? "/" + event.name : dir + "/" + event.name
            changed(path, event.mask)
            if event.mask & UInt32(IN_MOVED_FROM) != 0 {
                movesFrom.note(cookie: event.cookie, path: path)
            } else if event.mask & UInt32(IN_MOVED_TO) != 0, let old = movesFrom.take(cookie: event.cookie) {
                moved(old, path)
            }
        }
    }
}

/// An entry of a watched directory, as its events name it.
struct WrittenEntry: Hashable {
    let watch: Int32
    let name: String
}
