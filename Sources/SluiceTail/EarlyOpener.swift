import Glibc
import SluiceCore
import Synchronization

/// Opens new matching files the moment they are first written, on its own thread.
///
/// The reading thread can be busy for milliseconds (a backlog, a full queue); a fast writer
/// can create a file, fill it and copytruncate it in less. This thread sleeps on inotify and,
/// at a file's first write, opens it and fingerprints its first bytes; the tailer adopts the
/// descriptor. Holding the file from its start is what lets a later truncation be noticed
/// and its lines recovered from the rotated copy.
final class EarlyOpener: @unchecked Sendable {
    /// An opened file waiting for the tailer.
    struct Snapshot: Sendable {
        var fd: Int32
        var path: String
        var identity: FileIdentity
        var openedAt: Double
    }

    /// The include and exclude patterns of the files to open (replaced with the sources).
    private let globs: Mutex<(patterns: [GlobPattern], excludes: [GlobPattern])>
    private let fingerprintCap: Int
    /// Snapshots waiting for the tailer, and the files the tailer follows, under one lock so
    /// that a file is never both.
    private let state = Mutex<(pending: [FileKey: Snapshot], tracked: Set<FileKey>)>(([:], []))
    private let stopFlag = StopFlag()
    private let inotify: Inotify
    private let watches = Mutex<[Int32: String]>([:])
    private var thread: NativeThread?
    /// Signalled whenever something was opened, so the tailer can adopt it at once.
    let wakeups = Atomic<Int>(0)

    /// At most this many snapshots wait at once (each holds a descriptor); past it, new files
    /// are left to the tailer's scans.
    private let maxPending: Int
    /// Where snapshots' ages are read (the tailer's clock).
    private let clock: any MonotonicClock

    init(patterns: [GlobPattern], excludes: [GlobPattern], fingerprintCap: Int, maxPending: Int, clock: any MonotonicClock = SystemClock()) throws {
        self.clock = clock
        globs = Mutex((patterns, excludes))
        self.fingerprintCap = fingerprintCap
        self.maxPending = maxPending
        inotify = try Inotify()
    }

    /// Watches `directories` (called by the tailer's scans; the set only grows: events in a
    /// directory no longer wanted are filtered out by the patterns).
    func watch(_ directories: Set<String>) {
        watches.withLock { watches in
            let known = Set(watches.values)
            for dir in directories where !known.contains(dir) {
                if let wd = try? inotify.watch(dir) { watches[wd] = dir }
            }
        }
    }

    /// Opens the files these patterns select from now on (the sources were replaced).
    func select(patterns: [GlobPattern], excludes: [GlobPattern]) {
        globs.withLock { $0 = (patterns, excludes) }
    }

    func start() throws {
        thread = try NativeThread.start(name: "sluice-opener") { [self] in loop() }
    }

    func stop() {
        stopFlag.set()
        inotify.interrupt()
        thread?.join()
        thread = nil
        state.withLock { s in
            for snapshot in s.pending.values { close(snapshot.fd) }
            s.pending.removeAll()
        }
    }

    /// The tailer follows (or stopped following) this file. Marking it followed closes a
    /// snapshot taken meanwhile, unless the tailer adopts it first.
    func setTracked(device: UInt64, inode: UInt64, _ isTracked: Bool) {
        let key = FileKey(device: device, inode: inode)
        state.withLock { s in
            if isTracked { s.tracked.insert(key) } else { s.tracked.remove(key) }
        }
    }

    func setTracked(_ identity: FileIdentity, _ isTracked: Bool) {
        setTracked(device: identity.device, inode: identity.inode, isTracked)
    }

    /// Descriptors held by snapshots not adopted yet.
    var pendingCount: Int { state.withLock { $0.pending.count } }

    /// Hands over the descriptor opened for this file, if any.
    func adopt(device: UInt64, inode: UInt64) -> Snapshot? {
        state.withLock { $0.pending.removeValue(forKey: FileKey(device: device, inode: inode)) }
    }

    /// Closes snapshots nobody adopted for `age` seconds (deleted before any scan saw them).
    func expire(olderThan age: Double) {
        let now = clock.now()
        state.withLock { s in
            for (key, snapshot) in s.pending where now - snapshot.openedAt > age {
                close(snapshot.fd)
                s.pending.removeValue(forKey: key)
            }
        }
    }

    private func loop() {
        /// Names last seen naming a file the tailer follows (this thread's only): a write to
        /// one is not looked up again (a stat and the patterns per write, with many files
        /// written in turn, since the kernel merges only repeated events of one name). A name
        /// is forgotten when an event says it may name another file now.
        var followedNames: [String: FileKey] = [:]
        while !stopFlag.isSet {
            var overflowed = false
            // Only inotify and `stop()` (which interrupts the wait) need this thread: no timer.
            // A 100 ms timeout was ten wake-ups a second at rest (bench/idle.sh).
            let events = inotify.wait(timeoutMilliseconds: 60_000, overflowed: &overflowed)
            guard !events.isEmpty else { continue }
            if overflowed { followedNames.removeAll() }
            let (patterns, excludes) = globs.withLock { ($0.patterns, $0.excludes) }
            // Whether every event was a write to a name already known to be followed.
            var onlyKnown = true
            defer {
                // Busy with writes to followed files (many files written in turn): a short
                // pause lets the next ones gather, one wake-up for them instead of one each.
                // A new file's first write waits that much at most.
                if onlyKnown { usleep(2_000) }
            }
            for event in events {
                if event.mask & UInt32(IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF) != 0 { followedNames.removeAll() }
                if event.mask & UInt32(IN_IGNORED) != 0 {
                    _ = watches.withLock { $0.removeValue(forKey: event.watch) }
                    continue
                }
                guard let dir = watches.withLock({ $0[event.watch] }), !event.name.isEmpty else { continue }
                let path = dir == "/" ? "/" + event.name : dir + "/" + event.name
                if event.mask & UInt32(IN_MODIFY | IN_CLOSE_WRITE) == 0 || event.mask & UInt32(IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE) != 0 {
                    followedNames.removeValue(forKey: path)
                }
                guard event.mask & UInt32(IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE) != 0 else { continue }
                if let key = followedNames[path], state.withLock({ $0.tracked.contains(key) }) { continue }
                onlyKnown = false
                guard patterns.contains(where: { $0.matches(path) }), !excludes.contains(where: { $0.matches(path) }) else { continue }
                if let followed = snapshot(path) { followedNames[path] = followed } else { followedNames.removeValue(forKey: path) }
            }
        }
    }

    /// Opens the file at `path` (or extends its snapshot's fingerprint). Returns its key when
    /// the tailer follows it already.
    @discardableResult
    private func snapshot(_ path: String) -> FileKey? {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0 else { return nil }
        let key = FileKey(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
        let (isTracked, existing, full) = state.withLock { ($0.tracked.contains(key), $0.pending[key], $0.pending.count >= maxPending) }
        if isTracked { return key }
        if existing == nil && full { return nil }
        if let existing {
            // Still shorter than the cap: extend the fingerprint while the prefix holds.
            guard existing.identity.fingerprintLength < fingerprintCap,
                (try? existing.identity.fingerprintMatches(existing.fd, path: path)) == true,
                let (length, hash) = try? FileIdentity.fingerprint(existing.fd, size: UInt64(st.st_size), cap: fingerprintCap, path: path)
            else { return nil }
            state.withLock { s in
                s.pending[key]?.identity.fingerprintLength = length
                s.pending[key]?.identity.fingerprint = hash
            }
            return nil
        }
        guard let fd = try? FileBytes.openForReading(path) else { return nil }
        guard let identity = try? FileIdentity.of(fd, path: path, cap: fingerprintCap), identity.inode == key.inode, identity.device == key.device else {
            close(fd)
            return nil
        }
        let kept = state.withLock { s -> Bool in
            // The tailer may have started following it meanwhile: then it is not ours to keep.
            guard !s.tracked.contains(key), s.pending[key] == nil else { return false }
            s.pending[key] = Snapshot(fd: fd, path: path, identity: identity, openedAt: clock.now())
            return true
        }
        if !kept {
            close(fd)
            return nil
        }
        wakeups.add(1, ordering: .relaxed)
        return nil
    }
}
