import SluiceCore

/// A deleted file's lines still in flight after its descriptor was closed: its id stays known
/// to the acknowledgement tracker and to the outputs (paths, event-id key) until they are
/// acknowledged.
struct ReleasedFile {
    var id: UInt32
    var end: UInt64
}

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
    /// is acknowledged (see `forgetAcknowledged`).
    func release(_ file: TailedFile) {
        file.close()
        earlyOpener?.setTracked(file.identity, false)
        released.append(ReleasedFile(id: file.id, end: file.emittedUpTo))
    }

    /// Removes from `list` the generations (retired after a truncation, or released after a
    /// deletion) whose lines are all acknowledged, and forgets their ids.
    func forgetAcknowledged<Entry>(_ list: inout [Entry], id: KeyPath<Entry, UInt32>, end: KeyPath<Entry, UInt64>) {
        list.removeAll { entry in
            let (fileID, fileEnd) = (entry[keyPath: id], entry[keyPath: end])
            guard (tracker.durableOffset(fileID) ?? fileEnd) >= fileEnd else { return false }
            tracker.end(fileID: fileID)
            paths.forget(fileID)
            return true
        }
    }
}
