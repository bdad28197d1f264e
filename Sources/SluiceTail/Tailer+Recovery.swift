import CSluiceSystem
import Glibc
import SluiceCore

/// Starting from the checkpoints: every file resumed where its lines were acknowledged, and
/// what happened while Sluice was down (renames, rotations, truncations) caught up with.
extension Tailer {
    /// Opens the matching files, resuming each from its checkpoint; checkpointed files that
    /// were renamed away while Sluice was down are found by inode and drained.
    func initialScan(checkpoints all: [Checkpoint]?) throws {
        watcher.scanning(at: settings.clock.now())
        _ = watcher.watchDirectories(of: globs)
        // Generations truncated away recently: their copies are recognised as copies.
        let checkpoints = all?.filter { !$0.isTruncatedGeneration }
        for entry in all ?? [] where entry.isTruncatedGeneration {
            var identity = entry.identity
            let end = identity.key
            identity.key = Checkpoint.keyNotFixed
            registry.rememberTruncated(RetiredGeneration(
                id: 0, end: end, path: entry.path, openedPath: entry.path, identity: identity, checkLength: entry.checkLength, check: entry.check))
        }
        // Several per inode when a truncated file's old generation was still in flight.
        var byInode: [FileKey: [Checkpoint]] = [:]
        for checkpoint in checkpoints ?? [] { byInode[FileKey(checkpoint.identity), default: []].append(checkpoint) }
        var used: Set<FileKey> = []
        // start_at is for the first run; after a restart, a file without a checkpoint was
        // created while Sluice was down and is read from its beginning.
        let overrideStart: FileSourceConfig.StartAt? = switch settings.onCorruptCheckpoints {
        case .startAtEnd where checkpoints?.isEmpty == true: .end
        case .startAtBeginning where checkpoints?.isEmpty == true: .beginning
        default: checkpoints == nil ? nil : .beginning
        }
        var opened: Set<FileKey> = []
        // Checkpointed files first: their copies beside them (`app.log.1` for `app.log*`)
        // are then recognised as copies of a known generation (see `recoverCopy`) before
        // anything opens them as files of their own.
        let found = globs.files().map { entry in (source: entry.source, path: entry.path, key: FileKey.of(entry.path)) }
        let ordered = found.filter { $0.key.map { byInode[$0] != nil } == true } + found.filter { $0.key.map { byInode[$0] != nil } != true }
        for (source, path, _) in ordered {
            guard let key = FileKey.of(path) else { continue }
            // A symlink and its target (Kubernetes /var/log/containers → /var/log/pods): once.
            guard opened.insert(key).inserted else { continue }
            let checkpoints = byInode[key] ?? []
            if !checkpoints.isEmpty { used.insert(key) }
            // Opened already as the copy of a truncated generation (see `recoverCopy`): its
            // own entry (a copy followed at its end) no longer applies.
            if registry.isFollowed(device: key.device, inode: key.inode) { continue }
            open(path, source: source, startAt: overrideStart ?? source.startAt, checkpoints: checkpoints)
        }
        for (key, checkpoints) in byInode where !used.contains(key) && !registry.isFollowed(device: key.device, inode: key.inode) {
            // Renamed away while Sluice was down: its source is the one that selected the old name.
            guard let first = checkpoints.last, let source = globs.source(for: first.path) ?? sources.first,
                let renamed = findByInode(first)
            else { continue }
            metrics.rotatedWhileStopped.increment()
            open(renamed, source: source, startAt: .beginning, checkpoints: checkpoints, rotated: true)
        }
        // No checkpoint written yet by a run that did start (killed before its first write):
        // what it may have missed is what was created since it started.
        if let savedAt = checkpointer.checkpointsSavedAt ?? checkpointer.previousRunStartedAt {
            drainRotatedUnseen(checkpoints ?? [], savedAt: savedAt)
        }
    }

    /// Files rotated out of the globs that no checkpoint names, created while Sluice was
    /// down or just before it stopped: a writer that went on rotating after a crash, a file
    /// opened and renamed away before its checkpoint was written, a directory that appeared
    /// and filled within milliseconds. Rotated forms of a checkpointed name (`app.log.3`,
    /// `app.log-20261125` beside `app.log`) or of a name the globs select (`worker.log.1`
    /// beside `*.log`), in the globs' directories. Nothing else knows of them: they are read
    /// whole. Compressed rotations (`.gz`, …) are not logs to tail.
    ///
    /// Which ones: those created after the last checkpoint was written, or less than 90% of
    /// `rotate_wait` before it, but not before the last run started (created while the last
    /// run was not yet looking: it cannot
    /// have drained and closed them, since a rotated file stays open, and checkpointed,
    /// `rotate_wait` at least), unless they are copies of a followed file or of a generation
    /// truncated away recently (kept in the checkpoints too): a copy's lines are its
    /// original's. Needs the file system to record creation times (statx; ext4, xfs, btrfs,
    /// tmpfs, overlayfs do).
    func drainRotatedUnseen(_ checkpoints: [Checkpoint], savedAt: Int64) {
        let known = Set(checkpoints.map { FileKey($0.identity) })
        var names: [String: Set<String>] = [:]  // directory → checkpointed base names
        for checkpoint in checkpoints {
            names[Directory.parent(of: checkpoint.path), default: []].insert(Directory.name(of: checkpoint.path))
        }
        for directory in Set(names.keys).union(watcher.directories).sorted() {
            let bases = names[directory]
            for entry in Directory.entries(directory) where globs.source(for: entry.path) == nil {
                let name = entry.name
                guard !RotatedNames.isCompressed(name) else { continue }
                let source: FileSourceConfig
                if let base = bases?.first(where: { RotatedNames.isRotation(name, of: $0) }) {
                    guard let found = globs.source(for: directory + "/" + base) ?? checkpoints.first(where: { Directory.parent(of: $0.path) == directory })
                        .flatMap({ globs.source(for: $0.path) }) ?? sources.first
                    else { continue }
                    source = found
                } else if let found = rotationSource(of: name, in: directory) {
                    source = found
                } else {
                    continue
                }
                let cutoff = max(savedAt - Int64(source.rotateWait * 0.9 * 1e9), checkpointer.previousRunStartedAt ?? .min)
                var st = stat()
                guard stat(entry.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0, !known.contains(FileKey(st)),
                    !registry.isFollowed(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)),
                    sluice_birth_time_ns(entry.path) >= cutoff, !copies.isCopyOfAKnownGeneration(entry.path)
                else { continue }
                metrics.rotatedUnseenDrained.increment()
                logger.info("a rotated file created after the last checkpoint; reading it whole", metadata: ["file": "\(entry.path)"])
                open(entry.path, source: source, startAt: .beginning, rotated: true)
            }
        }
    }

    /// A file in the checkpoint's directory with the checkpoint's device and inode.
    func findByInode(_ checkpoint: Checkpoint) -> String? {
        Directory.entries(Directory.parent(of: checkpoint.path)).first { $0.inode == checkpoint.identity.inode }?.path
    }
}
