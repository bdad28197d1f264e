import SluiceCore

/// Closing followed files: drained rotated (or deleted) files once done, and files given up.
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
        if !contentStillMatches(file) {
            handleTruncation(file, size: file.size() ?? 0)
            return false
        }
        rememberFinished(file)
        file.close()
        earlyOpener?.setTracked(file.identity, false)
        tracker.end(fileID: file.id)
        paths.forget(file.id)
        metrics.filesClosed.increment()
        return true
    }

    /// Keeps a drained rotated file's checkpoint, at its end, among the recently finished.
    func rememberFinished(_ file: TailedFile) {
        let check = file.check(before: file.emittedUpTo)
        var identity = file.identity
        if !file.keyFixed { identity.key = Checkpoint.keyNotFixed }
        finishedRecently.removeAll { FileKey($0.identity) == FileKey(identity) }
        finishedRecently.append(Checkpoint(path: file.path, identity: identity, offset: file.emittedUpTo, checkLength: check.length, check: check.hash))
        if finishedRecently.count > 32 { finishedRecently.removeFirst() }
    }

    func abandon(_ file: TailedFile, reason: String) {
        let unread = (file.size() ?? file.readOffset) &- file.readOffset
        metrics.abandonedBytes.add(Int(unread))
        logger.warning("abandoning a file", metadata: ["file": "\(file.path)", "reason": "\(reason)", "unread_bytes": "\(unread)"])
        file.close()
        earlyOpener?.setTracked(file.identity, false)
        tracker.end(fileID: file.id)
        paths.forget(file.id)
    }
}
