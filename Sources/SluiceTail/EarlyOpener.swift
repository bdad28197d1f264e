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
///
/// Directories are watched for new names only (created, moved in), not for writes: with many
/// files written slowly, every write would wake this thread for a file the tailer follows
/// already. A new file is watched on its own for writes (its first, and while its snapshot
/// waits, to grow its fingerprint) until the tailer follows it.
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
    /// New files watched on their own for writes, by watch descriptor (this thread's only).
    private var fileWatches: [Int32: String] = [:]
    /// Watch descriptors by path, for the same files.
    private var watchedFiles: [String: Int32] = [:]
    /// What directories are watched for: new names, and the directory itself going.
    static let directoryMask = UInt32(IN_CREATE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
    /// What a new file is watched for: its writes.
    static let fileMask = UInt32(IN_MODIFY | IN_CLOSE_WRITE)
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
                if let wd = try? inotify.watch(dir, mask: Self.directoryMask) { watches[wd] = dir }
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
        while !stopFlag.isSet {
            var overflowed = false
            // Only inotify and `stop()` (which interrupts the wait) need this thread: no timer.
            // A 100 ms timeout was ten wake-ups a second at rest (bench/idle.sh).
            let events = inotify.wait(timeoutMilliseconds: 60_000, overflowed: &overflowed)
            guard !events.isEmpty else { continue }
            let (patterns, excludes) = globs.withLock { ($0.patterns, $0.excludes) }
            for event in events {
                if let path = fileWatches[event.watch] {
                    // A new file's own watch: written, or gone (IN_IGNORED).
                    if event.mask & UInt32(IN_IGNORED) != 0 {
                        fileWatches.removeValue(forKey: event.watch)
                        if watchedFiles[path] == event.watch { watchedFiles.removeValue(forKey: path) }
                        continue
                    }
                    look(at: path, watch: event.watch)
                    continue
                }
                if event.mask & UInt32(IN_IGNORED) != 0 {
                    _ = watches.withLock { $0.removeValue(forKey: event.watch) }
                    continue
                }
                guard let dir = watches.withLock({ $0[event.watch] }), !event.name.isEmpty else { continue }
                let path = dir == "/" ? "/" + event.name : dir + "/" + event.name
                guard event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 else { continue }
                guard patterns.contains(where: { $0.matches(path) }), !excludes.contains(where: { $0.matches(path) }) else { continue }
                // Watched for writes before looking: a write between the two is seen by one.
                var watch: Int32?
                if let wd = try? inotify.watch(path, mask: Self.fileMask) {
                    // The name was another new file's (renamed away or deleted since).
                    if let old = watchedFiles[path], old != wd, fileWatches[old] == path {
                        inotify.unwatch(old)
                        fileWatches.removeValue(forKey: old)
                    }
                    // This file was watched under another name (renamed).
                    if let previous = fileWatches[wd], previous != path, watchedFiles[previous] == wd { watchedFiles.removeValue(forKey: previous) }
                    fileWatches[wd] = path
                    watchedFiles[path] = wd
                    watch = wd
                }
                look(at: path, watch: watch)
            }
        }
    }

    /// Opens the file at `path` (or grows its snapshot's fingerprint); stops watching it on its
    /// own once the tailer follows it (or it is no regular file any more).
    private func look(at path: String, watch: Int32?) {
        let outcome = snapshot(path)
        guard let watch, outcome != .waiting else { return }
        inotify.unwatch(watch)
        fileWatches.removeValue(forKey: watch)
        if watchedFiles[path] == watch { watchedFiles.removeValue(forKey: path) }
    }

    /// What a look at a new file left to do.
    enum Outcome {
        /// Its next write is wanted: empty, or its snapshot waits and its fingerprint grows.
        case waiting
        /// Nothing more: the tailer follows it, it is gone or no regular file, or its
        /// snapshot's fingerprint is complete.
        case done
    }

    /// Opens the file at `path` (or extends its snapshot's fingerprint).
    private func snapshot(_ path: String) -> Outcome {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return .done }
        guard st.st_size > 0 else { return .waiting }
        let key = FileKey(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
        let (isTracked, existing, full) = state.withLock { ($0.tracked.contains(key), $0.pending[key], $0.pending.count >= maxPending) }
        if isTracked { return .done }
        if existing == nil && full { return .waiting }
        if let existing {
            // Still shorter than the cap: extend the fingerprint while the prefix holds.
            guard existing.identity.fingerprintLength < fingerprintCap else { return .done }
            guard (try? existing.identity.fingerprintMatches(existing.fd, path: path)) == true,
                let (length, hash) = try? FileIdentity.fingerprint(existing.fd, size: UInt64(st.st_size), cap: fingerprintCap, path: path)
            else { return .waiting }
            state.withLock { s in
                s.pending[key]?.identity.fingerprintLength = length
                s.pending[key]?.identity.fingerprint = hash
            }
            return length < fingerprintCap ? .waiting : .done
        }
        guard let fd = try? FileBytes.openForReading(path) else { return .waiting }
        guard let identity = try? FileIdentity.of(fd, path: path, cap: fingerprintCap), identity.inode == key.inode, identity.device == key.device else {
            close(fd)
            return .waiting
        }
        let kept = state.withLock { s -> Bool in
            // The tailer may have started following it meanwhile: then it is not ours to keep.
            guard !s.tracked.contains(key), s.pending[key] == nil else { return false }
            s.pending[key] = Snapshot(fd: fd, path: path, identity: identity, openedAt: clock.now())
            return true
        }
        if !kept {
            close(fd)
            return .waiting
        }
        wakeups.add(1, ordering: .relaxed)
        return identity.fingerprintLength < fingerprintCap ? .waiting : .done
    }
}
