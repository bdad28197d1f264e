import Glibc
import SluiceCore

/// Truncations (copytruncate, or a file truncated and rewritten) and copies: what the old
/// generation had not handed on yet is taken from its rotated copy (found by the
/// ``CopyDetector``), then reading restarts at 0 as a new generation.
extension Tailer {
    /// The file is now shorter than what was read: it was truncated (copytruncate, or
    /// truncated and rewritten). What had not been read yet is taken from the rotated copy
    /// when one can be found beside it; then reading restarts at 0 as a new generation.
    func handleTruncation(_ file: TailedFile, size: UInt64) {
        metrics.truncations.increment()
        logger.debug("file truncated", metadata: ["file": "\(file.path)", "id": "\(file.id)", "read_offset": "\(file.readOffset)", "size": "\(size)", "last_size": "\(file.lastSize)"])
        let now = settings.clock.now()
        let readTime = FileIO.nowNanoseconds()
        if let (copyFD, copyPath) = copies.findCopy(of: file) {
            metrics.truncationsRecoveredFromCopy.increment()
            var offset = file.readOffset
            while let bytes = try? FileIdentity.readAt(copyFD, offset: offset, count: settings.chunkSize, path: copyPath), !bytes.isEmpty {
                emit(file, file.split(bytes, readTime: readTime, counters: metrics.sources.of(file.source.name).lines))
                offset += UInt64(bytes.count)
            }
            close(copyFD)
            if let followed = copies.copyFollowed(of: file, path: copyPath) { copyWasDrained(followed, to: offset) }
        } else {
            let lost = file.lastSize &- file.readOffset
            if file.lastSize > file.readOffset {
                metrics.truncatedUnreadBytes.add(Int(lost))
                logger.warning("a file was truncated before it was fully read and no rotated copy was found", metadata: [
                    "file": "\(file.path)", "unread_bytes": "\(lost)",
                ])
            }
        }
        emit(file, file.flushPartial(readTime: readTime))
        // Its end is its read offset now (the partial line was flushed): the check is of the
        // bytes just before it.
        registry.retire(RetiredGeneration(
            id: file.id, end: file.emittedUpTo, path: file.path, openedPath: file.openedPath, identity: file.identity,
            checkLength: file.lastBytes.count, check: file.lastBytes.withUnsafeBytes { FNV1a.hash($0) }))
        let identity = (try? FileIdentity.of(file.fd, path: file.path, cap: settings.fingerprintBytes)) ?? file.identity
        file.restart(newID: registry.newID(), identity: identity, fingerprintCap: settings.fingerprintBytes, now: now)
        tracker.begin(fileID: file.id, at: 0)
        paths.record(file.id, path: file.path)
        file.lastSize = 0
        if size > 0 { readAvailable(file) }
    }

    /// Extends the fingerprint of a file that was shorter than the cap; a changed prefix means
    /// the file was rewritten in place, handled like a truncation.
    func growFingerprint(_ file: TailedFile) {
        guard let size = file.size() else { return }
        if !extendFingerprint(file, size: size) { handleTruncation(file, size: size) }
    }

    /// Extends the fingerprint over the file's first bytes, up to `fingerprint_bytes` (`size`
    /// from `fstat`). Returns false, changing nothing, when the file no longer starts with the
    /// bytes fingerprinted so far (truncated).
    func extendFingerprint(_ file: TailedFile, size: UInt64) -> Bool {
        guard size > UInt64(file.identity.fingerprintLength) else { return true }
        guard (try? file.identity.fingerprintMatches(file.fd, path: file.path)) == true else { return false }
        if let (length, hash) = try? FileIdentity.fingerprint(file.fd, size: size, cap: settings.fingerprintBytes, path: file.path) {
            file.identity.fingerprintLength = length
            file.identity.fingerprint = hash
            file.fingerprintGrowing = length < settings.fingerprintBytes
        }
        return true
    }

    /// The followed copy of `original`'s generation, read to `end` on its behalf: it moves
    /// there, so neither it nor a restart reads those lines again.
    func copyWasDrained(_ copy: TailedFile, to end: UInt64) {
        if end > copy.emittedUpTo { move(copy, to: end) }
    }

    /// Moves a file that has nothing in flight to `offset`: reading and its acknowledged
    /// offset start there.
    func move(_ file: TailedFile, to offset: UInt64) {
        file.moveTo(offset)
        tracker.begin(fileID: file.id, at: offset)
    }
}
