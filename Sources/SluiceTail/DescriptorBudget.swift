import Glibc
import Logging
import SluiceCore
import Synchronization

/// More files than descriptors: followed files share a budget of descriptors (the soft
/// `RLIMIT_NOFILE` less a reserve for checkpoints, dead letters and sockets). When a file
/// needs one and none is left, the quietest file that is read to its end and fully
/// acknowledged is closed: it becomes *dormant*, remembered here as a checkpoint (identity,
/// offset, the bytes before it) and kept in the checkpoint file. When it changes (inotify, or
/// the periodic scan), it is opened again by identity and resumed like a file after a
/// restart: same generation → from its offset; truncated or rewritten → from its start, its
/// rest recovered from a copy; renamed away → found by inode and drained. A file that finds
/// no descriptor free waits (counted, and told in the log) and is opened when one is.
///
/// This holds the budget, the dormant files and the files waiting; the tailer decides when
/// to close and open (`Tailer+Descriptors`). Touched by the tailer thread only, except the
/// count of waiting files (atomic).
final class DescriptorBudget {
    /// A followed file closed for want of descriptors.
    struct DormantFile {
        /// Where it was read up to (every line before is acknowledged); several entries when
        /// it is still unopened after a restart with two generations checkpointed.
        var checkpoints: [Checkpoint]
        var source: FileSourceConfig
        /// Size and modification time when it was closed: a change wakes it.
        var size: UInt64
        var modified: Int64
        /// Written since (or never opened since a restart): to be opened again.
        var changed: Bool
        /// Renamed out of the globs while closed: drained, then closed, when opened again.
        var rotated = false
        var path: String { checkpoints.last?.path ?? "" }
    }

    /// A new file that waits for a descriptor: how to open it when one is free (a rotated
    /// file out of the globs is found by no scan, so it is remembered here).
    struct WaitingFile {
        var source: FileSourceConfig
        var rotated: Bool
    }

    /// How many descriptors followed files may hold.
    var limit = Int.max
    /// Files closed for want of descriptors, by device and inode, and their paths.
    private(set) var dormant: [FileKey: DormantFile] = [:]
    private var dormantPaths: [String: FileKey] = [:]
    /// New files that found no descriptor free, by path: opened by a later scan.
    private var waiting: [String: WaitingFile] = [:]
    private var waitLogged = false
    /// Files that wait for a descriptor (read from any thread).
    let filesWaiting = Atomic<Int>(0)

    /// Whether new files wait for a descriptor.
    var hasWaitingFiles: Bool { !waiting.isEmpty }
    /// Whether a dormant file changed and waits to be opened again.
    var hasChangedDormantFiles: Bool { dormant.values.contains { $0.changed } }
    /// Whether directory events can concern a dormant file.
    var hasDormantFiles: Bool { !dormantPaths.isEmpty }

    /// The checkpoints of the dormant files, in a stable order.
    var dormantCheckpoints: [Checkpoint] {
        dormant.keys.sorted { ($0.device, $0.inode) < ($1.device, $1.inode) }.flatMap { dormant[$0]!.checkpoints }
    }

    /// Remembers an idle file just closed, at `checkpoint`.
    func putToSleep(_ file: TailedFile, checkpoint: Checkpoint, size: UInt64, modified: Int64) {
        let key = FileKey(file.identity)
        dormant[key] = DormantFile(checkpoints: [checkpoint], source: file.source, size: size, modified: modified, changed: false)
        dormantPaths[file.path] = key
    }

    /// Remembers a file that could not be given a descriptor: with its checkpoints, as a
    /// dormant file to open first; without, as a path the next scan opens. Told in the log once.
    func wait(_ path: String, source: FileSourceConfig, checkpoints: [Checkpoint], key: FileKey?, rotated: Bool, logger: Logger, metrics: TailerMetrics) {
        if !waitLogged {
            waitLogged = true
            logger.warning("more files than descriptors: files wait for one (closing idle files frees them)", metadata: [
                "file_budget": "\(limit)", "descriptor_limit": "\(DescriptorLimit.current())",
            ])
        }
        metrics.descriptorWaits.increment()
        if let key, let last = checkpoints.last {
            var file = DormantFile(checkpoints: checkpoints, source: source, size: 0, modified: 0, changed: true)
            file.rotated = rotated
            dormant[key] = file
            dormantPaths[last.path] = key
        } else {
            waiting[path] = WaitingFile(source: source, rotated: rotated)
        }
        publish(metrics)
    }

    /// The new files that wait for a descriptor, by path, forgotten here (those that still
    /// find none wait again).
    func takeWaitingFiles() -> [(path: String, file: WaitingFile)] {
        let all = waiting.sorted { $0.key < $1.key }.map { (path: $0.key, file: $0.value) }
        waiting.removeAll()
        return all
    }

    /// Forgets a dormant file (opened again, or gone) and returns it.
    @discardableResult
    func forget(_ key: FileKey) -> DormantFile? {
        guard let file = dormant.removeValue(forKey: key) else { return nil }
        if dormantPaths[file.path] == key { dormantPaths.removeValue(forKey: file.path) }
        return file
    }

    /// Keeps `file` dormant, to be opened when a descriptor is free, under its path.
    func keep(_ file: DormantFile, key: FileKey) {
        var file = file
        file.changed = true
        dormant[key] = file
        dormantPaths[file.path] = key
    }

    /// A dormant file that changed but found no descriptor: opened at a later look.
    func markChanged(_ key: FileKey) {
        dormant[key]?.changed = true
    }

    /// A dormant file renamed within the globs while closed: it keeps its checkpoints.
    func rename(_ key: FileKey, to path: String) {
        guard let file = dormant[key], file.path != path else { return }
        dormantPaths.removeValue(forKey: file.path)
        for index in file.checkpoints.indices { dormant[key]?.checkpoints[index].path = path }
        dormantPaths[path] = key
    }

    /// The sources were replaced: `reselect` gives each dormant and waiting file its source
    /// (by path), and marks those no longer selected as rotated (drained, then closed, when
    /// opened). A dormant file no longer selected is opened again to be drained.
    func reselect(_ reselect: (_ path: String, _ source: inout FileSourceConfig, _ rotated: inout Bool) -> Void) {
        for (key, var file) in dormant {
            let wasRotated = file.rotated
            reselect(file.path, &file.source, &file.rotated)
            if file.rotated && !wasRotated { file.changed = true }
            dormant[key] = file
        }
        for (path, var file) in waiting {
            reselect(path, &file.source, &file.rotated)
            waiting[path] = file
        }
    }

    /// A directory event named `path`: when a dormant file, it changed (wake it). Returns
    /// whether its name must be looked at again (moved or deleted).
    func noteEvent(_ path: String, mask: UInt32) -> Bool {
        guard let key = dormantPaths[path] else { return false }
        dormant[key]?.changed = true
        return mask & UInt32(IN_MOVED_FROM | IN_DELETE) != 0
    }

    /// Publishes how many files wait for a descriptor.
    func publish(_ metrics: TailerMetrics) {
        let count = waiting.count + dormant.values.reduce(0) { $0 + ($1.changed ? 1 : 0) }
        filesWaiting.store(count, ordering: .relaxed)
        metrics.filesWaitingForDescriptor.record(count)
    }
}
