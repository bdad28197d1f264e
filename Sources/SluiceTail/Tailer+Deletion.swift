import SluiceCore

/// Deleted files: closed once drained, or after `rotate_wait` when the outputs hold reading back.
extension Tailer {
    /// Bounds how long a deleted file keeps its disk space: once it has had no name for
    /// `rotate_wait` and is still not read to its end (the outputs are slow or down,
    /// so reading is held back), the rest — unread bytes and a held partial last line — is
    /// abandoned: counted in `abandoned_bytes`, logged with the byte count, never silent; the
    /// descriptor is closed. Returns true when the file was closed.
    func abandonIfDeletedTooLong(_ file: TailedFile, now: Double) -> Bool {
        guard file.isOpen, file.isDeleted() else { return false }
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
