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
}
