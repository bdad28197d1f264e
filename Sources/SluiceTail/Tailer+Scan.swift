import Glibc
import SluiceCore

extension Tailer {
    /// Finds new files; a file already followed under another name (renamed into the glob)
    /// is recognised by device and inode and keeps its position.
    func scan(startAtOverride: FileSourceConfig.StartAt?) {
        lastScan = settings.clock.now()
        watchDirectories()
        // Dormant files first: opened again when they changed, by their new name when renamed.
        wakeDormantFiles(rescan: true)
        openWaitingFiles()
        for (source, path) in globs.files() {
            var st = stat()
            guard stat(path, &st) == 0 else { continue }
            if let sleeping = dormant[FileKey(st)] {
                // Renamed within the globs while closed: it keeps its checkpoint.
                if sleeping.path != path {
                    dormantPaths.removeValue(forKey: sleeping.path)
                    for index in sleeping.checkpoints.indices { dormant[FileKey(st)]?.checkpoints[index].path = path }
                    dormantPaths[path] = FileKey(st)
                }
                continue
            }
            if let known = followed(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)) {
                if known.path != path || known.state != .active {
                    known.path = path
                    known.state = .active
                    paths.record(known.id, path: path)
                }
                continue
            }
            // An empty new file is left to the early opener, which takes it at its first write
            // (with a fingerprint of real content).
            if st.st_size == 0 && earlyOpener != nil { continue }
            // A copy of a file truncated since it was last read: decided once that is handled.
            if isCopyOfAnUnhandledTruncation(path) {
                rescanRequested = true
                continue
            }
            // The name now belongs to a new file: whatever held it before was rotated away.
            for old in files where old.path == path && old.state == .active {
                old.state = .rotated(since: settings.clock.now())
                metrics.rotations.increment()
            }
            open(path, source: source, startAt: startAtOverride ?? source.startAt)
        }
        publishDescriptorWaits()
    }

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
        if known { earlyOpener?.setTracked(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), true) }
        if known, let snapshot = earlyOpener?.adopt(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)) {
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
                if known { earlyOpener?.setTracked(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), !waiting.isEmpty) }
                return nil
            }
            var opened: Int32 = -1
            do {
                opened = try FileIO.open(path, O_RDONLY)
                fd = opened
                identity = try FileIdentity.of(opened, path: path, cap: settings.fingerprintBytes)
            } catch {
                if opened >= 0 { close(opened) }
                if known { earlyOpener?.setTracked(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), false) }
                metrics.openErrors.increment()
                logger.warning("cannot open a file", metadata: ["file": "\(path)", "error": "\(error)"])
                return nil
            }
        }
        // Drained and closed already (a quiet file renamed, then closed in the pass that saw
        // it renamed, before the rename's event or a scan found it under its new name):
        // resumed at its end, not read again.
        let checkpoints = checkpoints.isEmpty ? finishedRecently.filter { FileKey($0.identity) == FileKey(identity) } : checkpoints
        var offset: UInt64 = 0
        var copyOf: FileIdentity?
        let size = sizeOf(fd)
        let resumed = checkpoints.lastIndex { resumable($0, fd: fd, size: size, path: path) }
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
        } else if recognizeCopy, let original = originalOf(fd, size: size, identity: identity, path: path) {
            copyOf = original
            offset = lastLineBoundary(fd, size: size, path: path)
            metrics.copiesRecognized.increment()
            logger.debug("a copy of a followed file; its lines are the original's", metadata: ["file": "\(path)", "inode": "\(original.inode)"])
        } else if startAt == .end {
            offset = lastLineBoundary(fd, size: size, path: path)
        }
        if offset > 0 { lseek(fd, off_t(offset), SEEK_SET) }
        let file = TailedFile(id: newID(), path: path, source: source, fd: fd, identity: identity, offset: offset, now: settings.clock.now(), fingerprintCap: settings.fingerprintBytes)
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
        earlyOpener?.setTracked(identity, true)
        files.append(file)
        openedSinceSave = true
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
            if resumable(checkpoint, fd: fd, size: UInt64(st.st_size), path: path) { found = path }
            close(fd)
        }
        guard let found else { return }
        var st = stat()
        guard stat(found, &st) == 0 else { return }
        let copy: TailedFile
        if let followed = followed(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)), followed.isOpen {
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
        let offset = startAt == .end ? lastLineBoundary(fd, size: sizeOf(fd), path: path) : 0
        return Checkpoint(path: path, identity: identity, offset: offset, checkLength: 0, check: 0)
    }

    func sizeOf(_ fd: Int32) -> UInt64 {
        var st = stat()
        return fstat(fd, &st) == 0 ? UInt64(st.st_size) : 0
    }

    /// The checkpoint still describes the open file: same leading bytes, not shorter than the
    /// offset, and the same bytes just before the offset.
    func resumable(_ checkpoint: Checkpoint, fd: Int32, size: UInt64, path: String) -> Bool {
        guard size >= checkpoint.offset, (try? checkpoint.identity.fingerprintMatches(fd, path: path)) == true else { return false }
        guard checkpoint.checkLength > 0 else { return true }
        guard UInt64(checkpoint.checkLength) <= checkpoint.offset else { return false }
        guard let bytes = try? FileIdentity.readAt(fd, offset: checkpoint.offset - UInt64(checkpoint.checkLength), count: checkpoint.checkLength, path: path) else { return false }
        return bytes.count == checkpoint.checkLength && bytes.withUnsafeBytes { FNV1a.hash($0) } == checkpoint.check
    }

    /// The offset just after the last newline before `size` (0 when there is none in the last
    /// 1 MiB): where `start_at: end` begins, so no line is cut.
    func lastLineBoundary(_ fd: Int32, size: UInt64, path: String) -> UInt64 {
        let window = min(size, 1 << 20)
        guard window > 0, let tail = try? FileIdentity.readAt(fd, offset: size - window, count: Int(window), path: path) else { return 0 }
        guard let newline = tail.lastIndex(of: 0x0A) else { return size - window == 0 ? 0 : size }
        return size - window + UInt64(newline) + 1
    }

    /// Keeps inotify watches on every directory that can hold matches (and on the nearest
    /// existing parent of a directory that does not exist yet, to see it appear).
    func watchDirectories() {
        guard let inotify else { return }
        var wanted: Set<String> = []
        for pattern in globs.includes {
            for (root, depth) in pattern.roots {
                var dir = root
                while access(dir, F_OK) != 0, dir != "/" { dir = Directory.parent(of: dir) }
                wanted.insert(dir)
                if dir == root { GlobExpansion.directories(below: root, depthLeft: depth.map { $0 - 1 }, into: &wanted) }
            }
        }
        let watched = Set(watches.values)
        var added: [String] = []
        for dir in wanted.sorted() where !watched.contains(dir) {
            if let wd = try? inotify.watch(dir) {
                watches[wd] = dir
                added.append(dir)
            }
        }
        earlyOpener?.watch(wanted)
        // Directories that appeared while running: whatever happened in them before their
        // watch was added is seen by listing them (the scan that follows opens the matching
        // files; files already rotated out of the globs are taken here).
        if directoriesWatched {
            for dir in added { readRotatedFiles(inNewDirectory: dir) }
        }
        directoriesWatched = true
    }

    /// A directory that appeared while Sluice runs holds only files written since: a file
    /// created and already rotated out of the globs (`app.log.1` beside `*.log`) before the
    /// directory's watch was added is read whole, like a rotated file; nothing else would
    /// ever see it. Compressed rotations are skipped.
    func readRotatedFiles(inNewDirectory dir: String) {
        for entry in Directory.entries(dir) where globs.source(for: entry.path) == nil {
            guard !Self.compressedSuffixes.contains(where: { entry.name.hasSuffix($0) }),
                let source = rotationSource(of: entry.name, in: dir)
            else { continue }
            var st = stat()
            guard stat(entry.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0,
                !isFollowed(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
            else { continue }
            metrics.rotatedInNewDirectory.increment()
            logger.info("a rotated file in a directory that appeared while running; reading it whole", metadata: ["file": "\(entry.path)"])
            open(entry.path, source: source, startAt: .beginning, rotated: true)
        }
    }

    /// The source whose globs select the name `name` is a rotation of (`app.log` for
    /// `app.log.3`, `app.log-20261125` or `app.log_1`; not for `app.logger`), in `dir`.
    func rotationSource(of name: String, in dir: String) -> FileSourceConfig? {
        for index in name.indices where index > name.startIndex && Self.isRotationSeparator(name[index]) {
            if let source = globs.source(for: dir + "/" + String(name[..<index])) { return source }
        }
        return nil
    }

    /// Whether `name` is a rotated form of `base`: `base` followed by `.`, `-` or `_` and more.
    static func isRotation(_ name: String, of base: String) -> Bool {
        name.count > base.count && name.hasPrefix(base) && isRotationSeparator(name.dropFirst(base.count).first!)
    }

    static func isRotationSeparator(_ character: Character) -> Bool {
        character == "." || character == "-" || character == "_"
    }

    /// Entries created or moved in: rescan now (new files are picked up at once). A matching
    /// file renamed to a name outside the globs before it was ever opened (a fast writer
    /// rotating quickly) is found through the move's cookie and drained.
    func noteDirectoryEvents(_ events: [Inotify.Event]) {
        for event in events {
            if event.mask & UInt32(IN_CREATE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF) != 0 {
                rescanRequested = true
            }
            if event.mask & UInt32(IN_IGNORED) != 0 { watches.removeValue(forKey: event.watch) }
            guard let dir = watches[event.watch], !event.name.isEmpty else { continue }
            let path = dir == "/" ? "/" + event.name : dir + "/" + event.name
            if !dormantPaths.isEmpty { noteDormantEvent(path, mask: event.mask) }
            if event.mask & UInt32(IN_MOVED_FROM) != 0 {
                movesFrom.note(cookie: event.cookie, path: path)
            } else if event.mask & UInt32(IN_MOVED_TO) != 0, let old = movesFrom.take(cookie: event.cookie) {
                followUnopenedMove(from: old, to: path)
            }
        }
    }

    func followUnopenedMove(from old: String, to new: String) {
        guard let source = globs.source(for: old), globs.source(for: new) == nil else { return }
        var st = stat()
        guard stat(new, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return }
        if let sleeping = dormant[FileKey(st)] {
            forgetDormant(FileKey(st))
            renamedWhileDormant(sleeping, key: FileKey(st), to: new)
            return
        }
        if isFollowed(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)) { return }
        metrics.rotatedBeforeOpened.increment()
        open(new, source: source, startAt: .beginning, rotated: true)
    }
}
