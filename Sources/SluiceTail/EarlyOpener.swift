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

    private let patterns: [GlobPattern]
    private let fingerprintCap: Int
    private let pending = Mutex<[UInt64: Snapshot]>([:])  // by inode
    private let tracked = Mutex<Set<UInt64>>([])  // inodes the tailer follows
    private let stopFlag = StopFlag()
    private let inotify: Inotify
    private let watches = Mutex<[Int32: String]>([:])
    private var thread: pthread_t?
    /// Signalled whenever something was opened, so the tailer can adopt it at once.
    let wakeups = Atomic<Int>(0)

    init(patterns: [GlobPattern], fingerprintCap: Int) throws {
        self.patterns = patterns
        self.fingerprintCap = fingerprintCap
        inotify = try Inotify()
    }

    /// Watches `directories` (called by the tailer's scans; the set only grows).
    func watch(_ directories: Set<String>) {
        watches.withLock { watches in
            let known = Set(watches.values)
            for dir in directories where !known.contains(dir) {
                if let wd = try? inotify.watch(dir) { watches[wd] = dir }
            }
        }
    }

    func start() {
        let box = Unmanaged.passRetained(self)
        var tid = pthread_t()
        pthread_create(&tid, nil, { raw in
            let opener = Unmanaged<EarlyOpener>.fromOpaque(raw!).takeRetainedValue()
            opener.loop()
            return nil
        }, box.toOpaque())
        thread = tid
    }

    func stop() {
        stopFlag.set()
        inotify.interrupt()
        if let thread { pthread_join(thread, nil) }
        thread = nil
        pending.withLock { all in
            for snapshot in all.values { close(snapshot.fd) }
            all.removeAll()
        }
    }

    /// The tailer follows (or stopped following) `inode`.
    func setTracked(_ inode: UInt64, _ isTracked: Bool) {
        tracked.withLock { set in
            if isTracked { set.insert(inode) } else { set.remove(inode) }
        }
    }

    /// Hands over the descriptor opened for `inode`, if any.
    func adopt(inode: UInt64) -> Snapshot? {
        pending.withLock { $0.removeValue(forKey: inode) }
    }

    /// Closes snapshots nobody adopted for `age` seconds (deleted before any scan saw them).
    func expire(olderThan age: Double) {
        let now = Monotonic.now()
        pending.withLock { all in
            for (inode, snapshot) in all where now - snapshot.openedAt > age {
                close(snapshot.fd)
                all.removeValue(forKey: inode)
            }
        }
    }

    private func loop() {
        while !stopFlag.isSet {
            var overflowed = false
            let events = inotify.wait(timeoutMilliseconds: 100, overflowed: &overflowed)
            for event in events where event.mask & UInt32(IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE) != 0 {
                guard let dir = watches.withLock({ $0[event.watch] }), !event.name.isEmpty else { continue }
                let path = dir == "/" ? "/" + event.name : dir + "/" + event.name
                guard patterns.contains(where: { $0.matches(path) }) else { continue }
                snapshot(path)
            }
        }
    }

    private func snapshot(_ path: String) {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0 else { return }
        let inode = UInt64(st.st_ino)
        if tracked.withLock({ $0.contains(inode) }) { return }
        let existing = pending.withLock { $0[inode] }
        if let existing {
            // Still shorter than the cap: extend the fingerprint while the prefix holds.
            guard existing.identity.fingerprintLength < fingerprintCap,
                (try? existing.identity.fingerprintMatches(existing.fd, path: path)) == true,
                let (length, hash) = try? FileIdentity.fingerprint(existing.fd, size: UInt64(st.st_size), cap: fingerprintCap, path: path)
            else { return }
            pending.withLock { all in
                all[inode]?.identity.fingerprintLength = length
                all[inode]?.identity.fingerprint = hash
            }
            return
        }
        guard let fd = try? FileIO.open(path, O_RDONLY) else { return }
        guard let identity = try? FileIdentity.of(fd, path: path, cap: fingerprintCap), identity.inode == inode else {
            close(fd)
            return
        }
        pending.withLock { $0[inode] = Snapshot(fd: fd, path: path, identity: identity, openedAt: Monotonic.now()) }
        wakeups.add(1, ordering: .relaxed)
    }
}
