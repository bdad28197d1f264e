import Glibc
import SluiceCore

/// Finding files: the globs scanned (at start of a pass when the watcher asks, and every
/// `scan_interval`), directories watched, renames and new directories followed.
extension Tailer {
    /// Finds new files; a file already followed under another name (renamed into the glob)
    /// is recognised by device and inode and keeps its position. New files start at
    /// `startAtOverride` (or as their source says), except those `selectedBefore` (the globs
    /// before the sources were replaced) did not select: they start as their source says.
    func scan(startAtOverride: FileSourceConfig.StartAt?, selectedBefore: SourceGlobs? = nil) {
        watcher.scanning(at: settings.clock.now())
        settings.scanned?()
        // Names may have moved: the next pass looks at every file.
        lookAtEveryFile = true
        watchDirectories()
        // Dormant files first: opened again when they changed, by their new name when renamed.
        wakeDormantFiles(rescan: true)
        openWaitingFiles()
        for (source, path) in globs.files() {
            var st = stat()
            guard stat(path, &st) == 0 else { continue }
            if descriptors.dormant[FileKey(st)] != nil {
                // Renamed within the globs while closed: it keeps its checkpoint.
                descriptors.rename(FileKey(st), to: path)
                continue
            }
            if let known = registry.followed(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)) {
                if known.path != path || known.state != .active {
                    registry.rename(known, to: path)
                    known.state = .active
                    paths.record(known.id, path: path)
                }
                continue
            }
            // An empty new file is left to the early opener, which takes it at its first write
            // (with a fingerprint of real content).
            if st.st_size == 0 && watcher.earlyOpener != nil { continue }
            // A copy of a file truncated since it was last read: decided once that is handled.
            if copies.isCopyOfAnUnhandledTruncation(path) {
                watcher.requestRescan()
                continue
            }
            // The name now belongs to a new file: whatever held it before was rotated away.
            for old in registry.files where old.path == path && old.state == .active {
                old.state = .rotated(since: settings.clock.now())
                metrics.rotations.increment()
            }
            let newlySelected = selectedBefore.map { $0.source(for: path) == nil } ?? false
            open(path, source: source, startAt: newlySelected ? source.startAt : startAtOverride ?? source.startAt)
        }
        descriptors.publish(metrics)
    }

    /// Keeps inotify watches on every directory that can hold matches. Directories that
    /// appeared while running: whatever happened in them before their watch was added is seen
    /// by listing them (the scan that follows opens the matching files; files already rotated
    /// out of the globs are taken here).
    func watchDirectories() {
        for dir in watcher.watchDirectories(of: globs) { readRotatedFiles(inNewDirectory: dir) }
    }

    /// A directory that appeared while Sluice runs holds only files written since: a file
    /// created and already rotated out of the globs (`app.log.1` beside `*.log`) before the
    /// directory's watch was added is read whole, like a rotated file; nothing else would
    /// ever see it. Compressed rotations are skipped.
    func readRotatedFiles(inNewDirectory dir: String) {
        for entry in Directory.entries(dir) where globs.source(for: entry.path) == nil {
            guard !RotatedNames.isCompressed(entry.name),
                let source = rotationSource(of: entry.name, in: dir)
            else { continue }
            var st = stat()
            guard stat(entry.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0,
                !registry.isFollowed(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
            else { continue }
            metrics.rotatedInNewDirectory.increment()
            logger.info("a rotated file in a directory that appeared while running; reading it whole", metadata: ["file": "\(entry.path)"])
            open(entry.path, source: source, startAt: .beginning, rotated: true)
        }
    }

    /// The source whose globs select the name `name` is a rotation of (`app.log` for
    /// `app.log.3`, `app.log-20261125` or `app.log_1`; not for `app.logger`), in `dir`.
    func rotationSource(of name: String, in dir: String) -> FileSourceConfig? {
        for base in RotatedNames.bases(of: name) {
            if let source = globs.source(for: dir + "/" + base) { return source }
        }
        return nil
    }

    /// Entries created or moved in: rescan now (new files are picked up at once). A matching
    /// file renamed to a name outside the globs before it was ever opened (a fast writer
    /// rotating quickly) is found through the move's cookie and drained. A followed file
    /// written is looked at in the next pass (returned too, once each); any other change to
    /// an entry (renamed, deleted, attributes) makes the next pass look at every file.
    @discardableResult
    func noteDirectoryEvents(_ events: [Inotify.Event]) -> [TailedFile] {
        guard !events.isEmpty else { return [] }
        var named: [TailedFile] = []
        var seen: Set<ObjectIdentifier> = []
        let writes = Inotify.writeMask
        watcher.note(
            events,
            changed: { path, mask in
                // A dormant file written (wake it), or moved or deleted (look at its name again).
                if descriptors.hasDormantFiles && descriptors.noteEvent(path, mask: mask) { watcher.requestRescan() }
                guard mask & writes != 0, mask & ~writes == 0 else {
                    lookAtEveryFile = true
                    return
                }
                for file in filesNamed(path) where seen.insert(ObjectIdentifier(file)).inserted {
                    registry.want(file)
                    named.append(file)
                }
            },
            moved: { old, new in followUnopenedMove(from: old, to: new) })
        return named
    }

    /// The followed files an event's path names: by the path they were last seen under, else
    /// (a file renamed out of the globs keeps its old path) by the device and inode the path
    /// names now. None for a file not followed.
    func filesNamed(_ path: String) -> [TailedFile] {
        let byPath = registry.followed(at: path)
        if !byPath.isEmpty { return byPath }
        var st = stat()
        guard stat(path, &st) == 0, let file = registry.followed(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)) else { return [] }
        return [file]
    }

    func followUnopenedMove(from old: String, to new: String) {
        guard let source = globs.source(for: old), globs.source(for: new) == nil else { return }
        var st = stat()
        guard stat(new, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return }
        if let sleeping = descriptors.dormant[FileKey(st)] {
            forgetDormant(FileKey(st))
            renamedWhileDormant(sleeping, key: FileKey(st), to: new)
            return
        }
        if registry.isFollowed(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)) { return }
        metrics.rotatedBeforeOpened.increment()
        open(new, source: source, startAt: .beginning, rotated: true)
    }
}
