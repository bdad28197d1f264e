import Glibc
import SluiceCore

/// Opening a file: adopted from the early opener or opened here (a descriptor permitting),
/// resumed from the checkpoint that still describes it, recognised as a copy, or started as
/// `start_at` says; a checkpointed generation truncated away is drained from its copy.
extension Tailer {
    /// Opens `path`; resumes from the one of `checkpoints` (its inode's) that still describes
    /// this file, else starts as `startAt` says (from the beginning when there were
    /// checkpoints). A checkpoint that does not describe it is of a generation truncated away:
    /// its rotated copy is drained. Returns the new file, or nil when it cannot be opened.
    @discardableResult
    func open(
        _ path: String, source: FileSourceConfig, startAt: FileSourceConfig.StartAt, checkpoints: [Checkpoint] = [], rotated: Bool = false,
        recognizeCopy: Bool = true
    ) -> TailedFile? {
        let fd: Int32
        var identity: FileIdentity
        var st = stat()
        let known = stat(path, &st) == 0
        if known { watcher.earlyOpener?.setTracked(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), true) }
        if known, let snapshot = watcher.earlyOpener?.adopt(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)) {
            // Opened at its first write: its identity is from before any truncation since.
            fd = snapshot.fd
            identity = snapshot.identity
            metrics.filesOpenedEarly.increment()
        } else {
            guard makeRoomForAFile() else {
                // Known from now on, also to a restart after a crash: checkpointed where
                // reading will begin.
                let waiting = checkpoints.isEmpty ? firstCheckpoint(path, startAt: startAt).map { [$0] } ?? [] : checkpoints
                waitForDescriptor(path, source: source, checkpoints: waiting, key: known ? FileKey(st) : nil, rotated: rotated)
                if known { watcher.earlyOpener?.setTracked(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), !waiting.isEmpty) }
                return nil
            }
            var opened: Int32 = -1
            do {
                opened = try FileBytes.openForReading(path)
                fd = opened
                identity = try FileIdentity.of(opened, path: path, cap: settings.fingerprintBytes)
            } catch {
                if opened >= 0 { close(opened) }
                if known { watcher.earlyOpener?.setTracked(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), false) }
                metrics.openErrors.increment()
                logger.warning("cannot open a file", metadata: ["file": "\(path)", "error": "\(error)"])
                return nil
            }
        }
        // Drained and closed already (a quiet file renamed, then closed in the pass that saw
        // it renamed, before the rename's event or a scan found it under its new name):
        // resumed at its end, not read again.
        let checkpoints = checkpoints.isEmpty ? checkpointer.finished(FileKey(identity)) : checkpoints
        var offset: UInt64 = 0
        var copyOf: FileIdentity?
        let size = FileBytes.size(fd)
        let resumed = checkpoints.lastIndex { CopyDetector.resumable($0, fd: fd, size: size, path: path) }
        for (index, checkpoint) in checkpoints.enumerated() where index != resumed {
            recoverCopy(of: checkpoint, source: source)
        }
        // The generation's key as soon as its first line is there, so that the checkpoint
        // written at open already holds it (a copy recovered after a crash gets the same).
        var keyFixed = false
        if let resumed, checkpoints[resumed].identity.key != Checkpoint.keyNotFixed {
            // Its lines are shipped under the checkpoint's key (a copy's is its original's).
            identity.key = checkpoints[resumed].identity.key
            keyFixed = true
        } else if (try? identity.fingerprintMatches(fd, path: path)) == true,
            let key = FileIdentity.generationKey(of: fd, device: identity.device, inode: identity.inode, maxLineBytes: source.maxLineBytes, path: path)
        {
            identity.key = key
            keyFixed = true
        }
        if let resumed {
            offset = checkpoints[resumed].offset
            metrics.filesResumed.increment()
        } else if !checkpoints.isEmpty {
            metrics.checkpointMismatches.increment()
            logger.info("file changed since its checkpoint; reading it from the start", metadata: ["file": "\(path)"])
        } else if recognizeCopy, let original = copies.originalOf(fd, size: size, identity: identity, path: path) {
            copyOf = original
            offset = FileBytes.lastLineBoundary(fd, size: size, path: path)
            metrics.copiesRecognized.increment()
            logger.debug("a copy of a followed file; its lines are the original's", metadata: ["file": "\(path)", "inode": "\(original.inode)"])
        } else if startAt == .end {
            offset = FileBytes.lastLineBoundary(fd, size: size, path: path)
        }
        if offset > 0 { lseek(fd, off_t(offset), SEEK_SET) }
        let file = TailedFile(id: registry.newID(), path: path, source: source, fd: fd, identity: identity, offset: offset, now: settings.clock.now(), fingerprintCap: settings.fingerprintBytes)
        if rotated { file.state = .rotated(since: settings.clock.now()) }
        file.copyOf = copyOf
        file.keyFixed = keyFixed
        file.lastSize = size
        // Resumed (or started at the end): the bytes before the offset, as if just read, so
        // that a copy made before the next read is recognised as one.
        if offset > 0 { file.loadLastBytes() }
        logger.debug("opened a file", metadata: ["file": "\(path)", "id": "\(file.id)", "offset": "\(offset)", "size": "\(size)", "inode": "\(identity.inode)", "rotated": "\(rotated)"])
        tracker.begin(fileID: file.id, at: offset)
        paths.record(file.id, path: path)
        watcher.earlyOpener?.setTracked(identity, true)
        registry.add(file)
        checkpointer.fileOpened()
        metrics.filesOpened.increment()
        return file
    }

    /// A checkpointed file was truncated (copytruncate) while Sluice was down or before it
    /// caught up: drain the rotated copy beside it from the checkpointed offset. A copy that
    /// the globs select may already be followed (from its own checkpoint, further on): it is
    /// moved back to where the generation it copies was acknowledged.
    func recoverCopy(of checkpoint: Checkpoint, source: FileSourceConfig) {
        guard checkpoint.identity.fingerprintLength > 0 else { return }
        var found: String?
        for entry in Directory.entries(Directory.parent(of: checkpoint.path)) where found == nil {
            let path = entry.path
            var st = stat()
            guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG,
                UInt64(st.st_ino) != checkpoint.identity.inode, UInt64(st.st_size) >= checkpoint.offset,
                let fd = try? FileIO.open(path, O_RDONLY)
            else { continue }
            if CopyDetector.resumable(checkpoint, fd: fd, size: UInt64(st.st_size), path: path) { found = path }
            close(fd)
        }
        guard let found else { return }
        var st = stat()
        guard stat(found, &st) == 0 else { return }
        let copy: TailedFile
        if let followed = registry.followed(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)), followed.isOpen {
            // Followed already (opened before the checkpointed file, or read on its own
            // before the crash): moved to where the generation was acknowledged, with
            // nothing of its own in flight.
            guard tracker.durableOffset(followed.id) == followed.emittedUpTo else { return }
            copy = followed
        } else {
            guard let opened = open(found, source: source, startAt: .beginning, rotated: globs.source(for: found) == nil, recognizeCopy: false) else { return }
            copy = opened
        }
        metrics.truncationsRecoveredFromCopy.increment()
        // The generation's key, whichever name its bytes are read under now. A checkpoint
        // written before its first line was read holds none: computed from the copy then.
        let key =
            checkpoint.identity.key != Checkpoint.keyNotFixed
            ? checkpoint.identity.key
            : FileIdentity.generationKey(
                of: copy.fd, device: checkpoint.identity.device, inode: checkpoint.identity.inode, maxLineBytes: source.maxLineBytes,
                path: copy.path) ?? checkpoint.identity.key
        copy.identity.key = key
        copy.keyFixed = true
        copy.copyOf = nil
        move(copy, to: checkpoint.offset)
    }

    /// A checkpoint of a file not read yet, where reading it will begin (a descriptor is
    /// taken for a moment, from the reserve).
    func firstCheckpoint(_ path: String, startAt: FileSourceConfig.StartAt) -> Checkpoint? {
        guard let fd = try? FileIO.open(path, O_RDONLY) else { return nil }
        defer { close(fd) }
        guard var identity = try? FileIdentity.of(fd, path: path, cap: settings.fingerprintBytes) else { return nil }
        identity.key = Checkpoint.keyNotFixed
        let offset = startAt == .end ? FileBytes.lastLineBoundary(fd, size: FileBytes.size(fd), path: path) : 0
        return Checkpoint(path: path, identity: identity, offset: offset, checkLength: 0, check: 0)
    }
}
