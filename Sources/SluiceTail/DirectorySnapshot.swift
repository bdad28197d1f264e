import Glibc
import SluiceCore

/// The directories a scan of the globs lists, as `stat` saw them just before the listing:
/// while none has changed, the periodic safety-net scan would find what the last one found,
/// and the tailer passes it.
///
/// A name created, removed or renamed in a directory changes its modification time (and its
/// change time; `chmod` changes the change time alone), on local and network file systems
/// alike; a directory replaced has another inode; one that appeared or vanished is seen by
/// its path. The scan this stands in for lists, sorts and matches every name under the globs,
/// and at rest ran about 3 MB of code every 5 s, code that then stayed resident
/// (bench/idle.sh). A snapshot is one `stat` per directory.
///
/// A time stamp can be as coarse as a clock tick: a directory changed within `racyWindow`
/// seconds of the snapshot could change again within the same tick without its time stamp
/// moving, so it counts as changed (git's "racily clean" rule).
struct DirectorySnapshot {
    /// What `stat` said of one directory (nil when it could not be looked at).
    struct Seen: Equatable {
        var device: UInt64
        var inode: UInt64
        var modified: Int64
        var changed: Int64
    }

    private var seen: [(path: String, state: Seen?)]
    /// A directory changed just before the snapshot: the next look is a scan whatever stat says.
    private var racy = false

    /// Looks at `directories` now (before they are listed). Time stamps less than
    /// `racyWindow` seconds old (or later than now) are not trusted to show the next change.
    init(_ directories: some Sequence<String>, racyWindow: Double) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let recent = FileIO.nanoseconds(now) - Int64(racyWindow * 1e9)
        seen = directories.map { path in
            let state = Self.look(at: path)
            return (path, state)
        }
        racy = seen.contains { entry in
            guard let state = entry.state else { return false }
            return state.modified >= recent || state.changed >= recent
        }
    }

    /// Whether every directory is as the snapshot saw it (and none had changed just before).
    func isUnchanged() -> Bool {
        guard !racy else { return false }
        for entry in seen where Self.look(at: entry.path) != entry.state { return false }
        return true
    }

    private static func look(at path: String) -> Seen? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Seen(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), modified: FileIO.nanoseconds(st.st_mtim), changed: FileIO.nanoseconds(st.st_ctim))
    }
}
