import SluiceCore

/// Closing followed files: drained rotated files once done, deleted files at once (or after
/// `rotate_wait` when the outputs hold reading back), and files given up.
extension Tailer {
    /// A rotated file is drained and quiet: close it once its lines are acknowledged (a
    /// restart would find a renamed file again and needs its checkpoint). A deleted file is
    /// closed at once, freeing its disk space: nothing can read it again after a restart, and
    /// its lines in flight are in memory. Returns true when it was closed.
    func finish(_ file: TailedFile) -> Bool {
        if file.isDeleted() {
            release(file)
            metrics.filesClosed.increment()
            return true
        }
        guard tracker.durableOffset(file.id) ?? file.emittedUpTo >= file.emittedUpTo else { return false }
        // Truncated and refilled to exactly the size read, within one tick of the clock that
        // stamps modification times: the last look before closing.
        if !copies.contentStillMatches(file) {
            handleTruncation(file, size: file.size() ?? 0)
            return false
        }
        checkpointer.rememberFinished(file)
        file.close()
        watcher.earlyOpener?.setTracked(file.identity, false)
        tracker.end(fileID: file.id)
        paths.forget(file.id)
        metrics.filesClosed.increment()
        return true
    }

    /// Gives a file up (it cannot be looked at any more): what it still held is counted.
    func abandon(_ file: TailedFile, reason: String) {
        let unread = (file.size() ?? file.readOffset) &- file.readOffset
        metrics.abandonedBytes.add(Int(unread))
        logger.warning("abandoning a file", metadata: ["file": "\(file.path)", "reason": "\(reason)", "unread_bytes": "\(unread)"])
        file.close()
        watcher.earlyOpener?.setTracked(file.identity, false)
        tracker.end(fileID: file.id)
        paths.forget(file.id)
    }

    /// Bounds how long a deleted file keeps its disk space: once it has had no name for
    /// `rotate_wait` and is still not read to its end (the outputs are slow or down,
    /// so reading is held back), the rest — unread bytes and a held partial last line — is
    /// abandoned: counted in `abandoned_bytes`, logged with the byte count, never silent; the
    /// descriptor is closed. Returns true when the file was closed.
    /// `deleted`: whether it had no name left at an `fstat` just made (nil: looked at here).
    func abandonIfDeletedTooLong(_ file: TailedFile, now: Double, deleted: Bool? = nil) -> Bool {
        guard file.isOpen, deleted ?? file.isDeleted() else { return false }
        guard let since = file.deletedSince else {
            file.deletedSince = now
            if case .active = file.state { file.state = .rotated(since: now) }
            return false
        }
        guard now - since >= file.source.rotateWait, let size = file.size(), size > file.readOffset else { return false }
        let abandoned = size - file.emittedUpTo
        metrics.abandonedBytes.add(Int(abandoned))
        metrics.filesAbandoned.increment()
        logger.warning("a deleted file was not read to its end within rotate_wait; the rest is abandoned to free its disk space", metadata: [
            "file": "\(file.path)", "abandoned_bytes": "\(abandoned)", "rotate_wait_seconds": "\(file.source.rotateWait)",
        ])
        release(file)
        return true
    }

    /// Closes a deleted file's descriptor now; its id is forgotten once what was handed on
    /// is acknowledged (see ``FileRegistry/forgetAcknowledged(tracker:)``).
    func release(_ file: TailedFile) {
        file.close()
        watcher.earlyOpener?.setTracked(file.identity, false)
        registry.release(file)
    }
}
