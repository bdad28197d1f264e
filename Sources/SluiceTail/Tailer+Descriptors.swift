import Glibc
import SluiceCore

/// More files than descriptors (see ``DescriptorBudget``): closing the quietest idle file
/// when one more is needed, opening dormant and waiting files again when they changed or a
/// descriptor came free.
extension Tailer {
    /// Descriptors held by followed files (and snapshots waiting in the early opener).
    var descriptorsInUse: Int {
        registry.files.reduce(0) { $0 + ($1.isOpen ? 1 : 0) } + (watcher.earlyOpener?.pendingCount ?? 0)
    }

    /// Makes sure a descriptor can be taken for one more file: closes the quietest idle file
    /// when the budget is used up. False when every open file is still busy.
    func makeRoomForAFile() -> Bool {
        guard descriptorsInUse >= descriptors.limit else { return true }
        var quietest: TailedFile?
        for file in registry.files where isIdle(file) && (quietest == nil || file.lastActivity < quietest!.lastActivity) {
            quietest = file
        }
        guard let quietest else { return false }
        putToSleep(quietest)
        return true
    }

    /// Read to its end, every line acknowledged, nothing held, still under its name, no
    /// older generation in flight.
    func isIdle(_ file: TailedFile) -> Bool {
        guard file.isOpen, file.state == .active, file.copyOf == nil, !file.hasPending,
            let (size, modified) = file.status(), size == file.readOffset, modified == file.lastModified,
            tracker.durableOffset(file.id) == file.emittedUpTo
        else { return false }
        return !registry.hasRetiredGeneration(device: file.identity.device, inode: file.identity.inode)
    }

    /// Closes an idle file and remembers it as a checkpoint.
    func putToSleep(_ file: TailedFile) {
        let check = file.check(before: file.emittedUpTo)
        var identity = file.identity
        if !file.keyFixed { identity.key = Checkpoint.keyNotFixed }
        let checkpoint = Checkpoint(path: file.path, identity: identity, offset: file.emittedUpTo, checkLength: check.length, check: check.hash)
        let (size, modified) = file.status() ?? (file.readOffset, file.lastModified)
        descriptors.putToSleep(file, checkpoint: checkpoint, size: size, modified: modified)
        file.close()
        // Still followed as far as the early opener is concerned: it must not open it anew.
        tracker.end(fileID: file.id)
        paths.forget(file.id)
        registry.remove(file)
        metrics.filesClosedIdle.increment()
    }

    /// Remembers a file that could not be given a descriptor (see
    /// ``DescriptorBudget/wait(_:source:checkpoints:key:rotated:logger:metrics:)``).
    func waitForDescriptor(_ path: String, source: FileSourceConfig, checkpoints: [Checkpoint], key: FileKey?, rotated: Bool) {
        // Known to a restart after a crash from now on, as an opened file is.
        checkpointer.fileOpened()
        descriptors.wait(path, source: source, checkpoints: checkpoints, key: key, rotated: rotated, logger: logger, metrics: metrics)
    }

    /// Opens the files that wait for a descriptor, as far as descriptors allow (at each scan).
    func openWaitingFiles() {
        for (path, file) in descriptors.takeWaitingFiles() {
            guard let key = FileKey.of(path), !registry.isFollowed(device: key.device, inode: key.inode), descriptors.dormant[key] == nil else { continue }
            open(path, source: file.source, startAt: .beginning, rotated: file.rotated)
        }
    }

    /// Opens again the dormant files that changed, as descriptors allow; notices those
    /// renamed or deleted meanwhile (`rescan`: at every scan, their names are checked).
    func wakeDormantFiles(rescan: Bool) {
        guard !descriptors.dormant.isEmpty else { return }
        for (key, file) in descriptors.dormant where rescan || file.changed {
            var st = stat()
            let present = stat(file.path, &st) == 0
            if present && FileKey(st) == key {
                let changed = file.changed || UInt64(st.st_size) != file.size || FileIO.nanoseconds(st.st_mtim) != file.modified
                guard changed else { continue }
                guard makeRoomForAFile() else {
                    descriptors.markChanged(key)
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
        descriptors.publish(metrics)
    }

    /// A dormant file found under a new name: opened there as a rotated file when a
    /// descriptor is free, else remembered under it.
    func renamedWhileDormant(_ file: DescriptorBudget.DormantFile, key: FileKey, to path: String) {
        var moved = file
        for index in moved.checkpoints.indices { moved.checkpoints[index].path = path }
        moved.rotated = globs.source(for: path) == nil
        if makeRoomForAFile() {
            metrics.filesReopened.increment()
            open(path, source: file.source, startAt: .beginning, checkpoints: moved.checkpoints, rotated: moved.rotated)
        } else {
            descriptors.keep(moved, key: key)
        }
    }

    /// Forgets a dormant file (opened again, or gone): the early opener may take it anew.
    func forgetDormant(_ key: FileKey) {
        guard descriptors.forget(key) != nil else { return }
        watcher.earlyOpener?.setTracked(device: key.device, inode: key.inode, false)
    }
}
