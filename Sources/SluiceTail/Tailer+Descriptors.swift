import Glibc
import SluiceCore

/// More files than descriptors: followed files share a budget of descriptors (the soft
/// `RLIMIT_NOFILE` less a reserve for checkpoints, dead letters and sockets). When a file
/// needs one and none is left, the quietest file that is read to its end and fully
/// acknowledged is closed: it becomes *dormant*, remembered as a checkpoint (identity,
/// offset, the bytes before it) and kept in the checkpoint file. When it changes (inotify, or
/// the periodic scan), it is opened again by identity and resumed like a file after a
/// restart: same generation → from its offset; truncated or rewritten → from its start, its
/// rest recovered from a copy; renamed away → found by inode and drained. A file that finds
/// no descriptor free waits (counted, and told in the log) and is opened when one is.
extension Tailer {
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

    /// Descriptors held by followed files (and snapshots waiting in the early opener).
    var descriptorsInUse: Int {
        files.reduce(0) { $0 + ($1.isOpen ? 1 : 0) } + (earlyOpener?.pendingCount ?? 0)
    }

    /// Makes sure a descriptor can be taken for one more file: closes the quietest idle file
    /// when the budget is used up. False when every open file is still busy.
    func makeRoomForAFile() -> Bool {
        guard descriptorsInUse >= fileBudget else { return true }
        var quietest: TailedFile?
        for file in files where isIdle(file) && (quietest == nil || file.lastActivity < quietest!.lastActivity) {
            quietest = file
        }
        guard let quietest else { return false }
        putToSleep(quietest)
        return true
    }

    /// Read to its end, every line acknowledged, nothing held, still under its name, no
    /// older generation in flight.
    func isIdle(_ file: TailedFile) -> Bool {
        guard file.isOpen, file.state == .active, file.copyOf == nil, file.splitter.pendingBytes == 0,
            let (size, modified) = file.status(), size == file.readOffset, modified == file.lastModified,
            tracker.durableOffset(file.id) == file.emittedUpTo
        else { return false }
        return !retired.contains { $0.identity.inode == file.identity.inode && $0.identity.device == file.identity.device }
    }

    /// Closes an idle file and remembers it as a checkpoint.
    func putToSleep(_ file: TailedFile) {
        let check = file.check(before: file.emittedUpTo)
        var identity = file.identity
        if !file.keyFixed { identity.key = Checkpoint.keyNotFixed }
        let checkpoint = Checkpoint(path: file.path, identity: identity, offset: file.emittedUpTo, checkLength: check.length, check: check.hash)
        let (size, modified) = file.status() ?? (file.readOffset, file.lastModified)
        let key = FileKey(file.identity)
        dormant[key] = DormantFile(checkpoints: [checkpoint], source: file.source, size: size, modified: modified, changed: false)
        dormantPaths[file.path] = key
        file.close()
        // Still followed as far as the early opener is concerned: it must not open it anew.
        tracker.end(fileID: file.id)
        paths.forget(file.id)
        files.removeAll { $0 === file }
        metrics.filesClosedIdle.increment()
    }

    /// Remembers a file that could not be given a descriptor: with its checkpoints, as a
    /// dormant file to open first; without, as a path the next scan opens.
    func waitForDescriptor(_ path: String, source: FileSourceConfig, checkpoints: [Checkpoint], key: FileKey?, rotated: Bool) {
        if !descriptorWaitLogged {
            descriptorWaitLogged = true
            logger.warning("more files than descriptors: files wait for one (closing idle files frees them)", metadata: [
                "file_budget": "\(fileBudget)", "descriptor_limit": "\(DescriptorLimit.current())",
            ])
        }
        metrics.descriptorWaits.increment()
        // Known to a restart after a crash from now on, as an opened file is.
        openedSinceSave = true
        if let key, let last = checkpoints.last {
            var waiting = DormantFile(checkpoints: checkpoints, source: source, size: 0, modified: 0, changed: true)
            waiting.rotated = rotated
            dormant[key] = waiting
            dormantPaths[last.path] = key
        } else {
            waitingForDescriptor[path] = WaitingFile(source: source, rotated: rotated)
        }
        publishDescriptorWaits()
    }

    /// Opens the files that wait for a descriptor, as far as descriptors allow (at each scan).
    func openWaitingFiles() {
        let waiting = waitingForDescriptor
        waitingForDescriptor.removeAll()
        for (path, file) in waiting.sorted(by: { $0.key < $1.key }) {
            guard let key = FileKey.of(path), !isFollowed(device: key.device, inode: key.inode), dormant[key] == nil else { continue }
            open(path, source: file.source, startAt: .beginning, rotated: file.rotated)
        }
    }

    /// The dormant file `path` names now, if it is one.
    func dormantFile(at path: String, key: FileKey) -> DormantFile? {
        guard let file = dormant[key], file.path == path else { return nil }
        return file
    }

    /// Opens again the dormant files that changed, as descriptors allow; notices those
    /// renamed or deleted meanwhile (`rescan`: at every scan, their names are checked).
    func wakeDormantFiles(rescan: Bool) {
        guard !dormant.isEmpty else { return }
        for (key, file) in dormant where rescan || file.changed {
            var st = stat()
            let present = stat(file.path, &st) == 0
            if present && FileKey(st) == key {
                let changed = file.changed || UInt64(st.st_size) != file.size || FileIO.nanoseconds(st.st_mtim) != file.modified
                guard changed else { continue }
                guard makeRoomForAFile() else {
                    dormant[key]?.changed = true
                    continue
                }
                forgetDormant(key)
                metrics.filesReopened.increment()
                open(file.path, source: file.source, startAt: .beginning, checkpoints: file.checkpoints, rotated: file.rotated)
            } else if rescan || file.changed {
                // Renamed away while closed: opened under its new name as a rotated file (its
                // writer may still add lines), drained and closed after `rotate_wait`.
                // Deleted, or moved out of its directory: forgotten (every line before was
                // acknowledged).
                forgetDormant(key)
                guard let checkpoint = file.checkpoints.last, let renamed = findByInode(checkpoint), FileKey.of(renamed) == key else { continue }
                renamedWhileDormant(file, key: key, to: renamed)
            }
        }
        publishDescriptorWaits()
    }

    /// A dormant file found under a new name: opened there as a rotated file when a
    /// descriptor is free, else remembered under it.
    func renamedWhileDormant(_ file: DormantFile, key: FileKey, to path: String) {
        var moved = file
        for index in moved.checkpoints.indices { moved.checkpoints[index].path = path }
        moved.rotated = globs.source(for: path) == nil
        if makeRoomForAFile() {
            metrics.filesReopened.increment()
            open(path, source: file.source, startAt: .beginning, checkpoints: moved.checkpoints, rotated: moved.rotated)
        } else {
            moved.changed = true
            dormant[key] = moved
            dormantPaths[path] = key
        }
    }

    func forgetDormant(_ key: FileKey) {
        guard let file = dormant.removeValue(forKey: key) else { return }
        if dormantPaths[file.path] == key { dormantPaths.removeValue(forKey: file.path) }
        earlyOpener?.setTracked(device: key.device, inode: key.inode, false)
    }

    /// A directory event named a dormant file: written (wake it), or moved or deleted (look
    /// at its name again).
    func noteDormantEvent(_ path: String, mask: UInt32) {
        guard let key = dormantPaths[path] else { return }
        dormant[key]?.changed = true
        if mask & UInt32(IN_MOVED_FROM | IN_DELETE) != 0 { rescanRequested = true }
    }

    func publishDescriptorWaits() {
        let waiting = waitingForDescriptor.count + dormant.values.reduce(0) { $0 + ($1.changed ? 1 : 0) }
        filesWaitingForDescriptor.store(waiting, ordering: .relaxed)
        metrics.filesWaitingForDescriptor.record(waiting)
    }
}
