import CSystem
import Glibc
import SluiceCore

extension Tailer {
    /// Loads the checkpoints, falling back to the previous generation (loudly) and applying
    /// `on_corrupt` when both are unusable.
    func loadCheckpoints() throws -> [Checkpoint]? {
        do {
            let loaded = try store.load()
            var st = stat()
            let loadedPath = loaded.source == .previous ? store.previousPath : store.currentPath
            if loaded.source != .none, stat(loadedPath, &st) == 0 {
                checkpointsSavedAt = FileIO.nanoseconds(st.st_mtim)
            }
            if loaded.source == .previous {
                metrics.checkpointRecoveries.increment()
                logger.error("the checkpoint file is corrupt; recovered from the previous generation", metadata: [
                    "problems": "\(loaded.problems.joined(separator: "; "))",
                ])
            }
            return loaded.source == .none ? nil : loaded.checkpoints
        } catch let failure as CheckpointStore.Failure {
            metrics.checkpointRecoveriesFailed.increment()
            switch settings.onCorruptCheckpoints {
            case .fail:
                throw TailerError.corruptCheckpoints("\(failure); set checkpoints.on_corrupt to start_at_beginning or start_at_end to start anyway, or restore \(store.currentPath)")
            case .startAtBeginning, .startAtEnd:
                logger.error("both checkpoint generations are corrupt; starting as checkpoints.on_corrupt says", metadata: [
                    "on_corrupt": "\(settings.onCorruptCheckpoints.rawValue)", "problems": "\(failure)",
                ])
                return []
            }
        }
    }

    /// Opens the matching files, resuming each from its checkpoint; checkpointed files that
    /// were renamed away while Sluice was down are found by inode and drained.
    func initialScan(checkpoints all: [Checkpoint]?) throws {
        lastScan = settings.clock.now()
        watchDirectories()
        // Generations truncated away recently: their copies are recognised as copies.
        let checkpoints = all?.filter { !$0.isTruncatedGeneration }
        for entry in all ?? [] where entry.isTruncatedGeneration {
            var identity = entry.identity
            let end = identity.key
            identity.key = Checkpoint.keyNotFixed
            truncatedGenerations.append(RetiredGeneration(
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
            if isFollowed(device: key.device, inode: key.inode) { continue }
            open(path, source: source, startAt: overrideStart ?? source.startAt, checkpoints: checkpoints)
        }
        for (key, checkpoints) in byInode where !used.contains(key) && !isFollowed(device: key.device, inode: key.inode) {
            // Renamed away while Sluice was down: its source is the one that selected the old name.
            guard let first = checkpoints.last, let source = globs.source(for: first.path) ?? sources.first,
                let renamed = findByInode(first)
            else { continue }
            metrics.rotatedWhileStopped.increment()
            open(renamed, source: source, startAt: .beginning, checkpoints: checkpoints, rotated: true)
        }
        // No checkpoint written yet by a run that did start (killed before its first write):
        // what it may have missed is what was created since it started.
        if let savedAt = checkpointsSavedAt ?? previousRunStartedAt {
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
        for directory in Set(names.keys).union(watches.values).sorted() {
            let bases = names[directory]
            for entry in Directory.entries(directory) where globs.source(for: entry.path) == nil {
                let name = entry.name
                guard !Self.compressedSuffixes.contains(where: { name.hasSuffix($0) }) else { continue }
                let source: FileSourceConfig
                if let base = bases?.first(where: { Self.isRotation(name, of: $0) }) {
                    guard let found = globs.source(for: directory + "/" + base) ?? checkpoints.first(where: { Directory.parent(of: $0.path) == directory })
                        .flatMap({ globs.source(for: $0.path) }) ?? sources.first
                    else { continue }
                    source = found
                } else if let found = rotationSource(of: name, in: directory) {
                    source = found
                } else {
                    continue
                }
                let cutoff = max(savedAt - Int64(source.rotateWait * 0.9 * 1e9), previousRunStartedAt ?? .min)
                var st = stat()
                guard stat(entry.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0, !known.contains(FileKey(st)),
                    !isFollowed(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)),
                    sluice_birth_time_ns(entry.path) >= cutoff, !isCopyOfAKnownGeneration(entry.path)
                else { continue }
                metrics.rotatedUnseenDrained.increment()
                logger.info("a rotated file created after the last checkpoint; reading it whole", metadata: ["file": "\(entry.path)"])
                open(entry.path, source: source, startAt: .beginning, rotated: true)
            }
        }
    }

    /// Whether the file at `path` is a copy of a followed file or of a generation truncated
    /// away recently (kept in the checkpoints): its lines are that generation's.
    func isCopyOfAKnownGeneration(_ path: String) -> Bool {
        guard let fd = try? FileIO.open(path, O_RDONLY) else { return false }
        defer { close(fd) }
        guard let identity = try? FileIdentity.of(fd, path: path, cap: settings.fingerprintBytes) else { return false }
        return originalOf(fd, size: sizeOf(fd), identity: identity, path: path) != nil
    }

    static let compressedSuffixes = [".gz", ".bz2", ".xz", ".zst", ".lz4", ".zip", ".Z"]

    /// A file in the checkpoint's directory with the checkpoint's device and inode.
    func findByInode(_ checkpoint: Checkpoint) -> String? {
        Directory.entries(Directory.parent(of: checkpoint.path)).first { $0.inode == checkpoint.identity.inode }?.path
    }


    /// Writes the acknowledged offsets of every open file, when they changed (or `force`).
    func saveCheckpoints(force: Bool) throws {
        forgetAcknowledged(&retired, id: \.id, end: \.end)
        forgetAcknowledged(&released, id: \.id, end: \.end)
        var checkpoints: [Checkpoint] = []
        for file in files where file.isOpen {
            // A truncated file whose old lines are still in flight: its old generation's
            // checkpoint stands too (same inode, the old fingerprint), so a restart drains the
            // rotated copy instead of losing them, and resumes the new generation from its own.
            for old in retired where old.identity.inode == file.identity.inode && old.identity.device == file.identity.device {
                let offset = tracker.durableOffset(old.id) ?? old.end
                let exact = offset == old.end
                var identity = old.identity
                if old.end == 0 { identity.key = Checkpoint.keyNotFixed }
                checkpoints.append(Checkpoint(
                    path: old.path, identity: identity, offset: offset,
                    checkLength: exact ? old.checkLength : 0, check: exact ? old.check : 0))
            }
            guard let offset = tracker.durableOffset(file.id) else { continue }
            let previous = lastSaved.first {
                $0.identity.inode == file.identity.inode && $0.identity.device == file.identity.device && $0.identity.key == file.identity.key
            }
            var check = (length: previous?.checkLength ?? 0, hash: previous?.check ?? 0)
            if previous?.offset != offset { check = file.check(before: offset) }
            // A key not fixed yet is not written: a copy recovered from this entry would
            // otherwise take a key its lines were never shipped under.
            var identity = file.identity
            if !file.keyFixed { identity.key = Checkpoint.keyNotFixed }
            checkpoints.append(Checkpoint(path: file.path, identity: identity, offset: offset, checkLength: check.length, check: check.hash))
        }
        // Generations truncated away recently (their copies are not files of their own).
        for generation in truncatedGenerations where generation.checkLength > 0 {
            checkpoints.append(Checkpoint.truncatedGeneration(
                path: generation.path, identity: generation.identity, end: generation.end, checkLength: generation.checkLength, check: generation.check))
        }
        // Rotated files drained and closed recently, unless followed again.
        for finished in finishedRecently where !isFollowed(device: finished.identity.device, inode: finished.identity.inode) {
            checkpoints.append(finished)
        }
        // Files closed for want of descriptors are still followed.
        for key in dormant.keys.sorted(by: { ($0.device, $0.inode) < ($1.device, $1.inode) }) {
            checkpoints.append(contentsOf: dormant[key]!.checkpoints)
        }
        guard force || checkpoints != lastSaved else { return }
        try store.save(checkpoints)
        lastSaved = checkpoints
        metrics.checkpointWrites.increment()
    }
}

/// Why the tailer could not start.
public enum TailerError: Error, CustomStringConvertible {
    case corruptCheckpoints(String)

    public var description: String {
        switch self {
        case .corruptCheckpoints(let text): text
        }
    }
}
