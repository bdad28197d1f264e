import Glibc
import SluiceCore

extension Tailer {
    /// The file is now shorter than what was read: it was truncated (copytruncate, or
    /// truncated and rewritten). What had not been read yet is taken from the rotated copy
    /// when one can be found beside it; then reading restarts at 0 as a new generation.
    func handleTruncation(_ file: TailedFile, size: UInt64) {
        metrics.truncations.increment()
        logger.debug("file truncated", metadata: ["file": "\(file.path)", "id": "\(file.id)", "read_offset": "\(file.readOffset)", "size": "\(size)", "last_size": "\(file.lastSize)"])
        let now = settings.clock.now()
        let readTime = FileIO.nowNanoseconds()
        if let (copyFD, copyPath) = findCopy(of: file) {
            metrics.truncationsRecoveredFromCopy.increment()
            var offset = file.readOffset
            while let bytes = try? FileIdentity.readAt(copyFD, offset: offset, count: settings.chunkSize, path: copyPath), !bytes.isEmpty {
                emit(file, file.split(bytes, readTime: readTime, counters: metrics.lines))
                offset += UInt64(bytes.count)
            }
            close(copyFD)
            if let followed = copyFollowed(of: file, path: copyPath) { copyWasDrained(followed, to: offset) }
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
        let generation = RetiredGeneration(
            id: file.id, end: file.emittedUpTo, path: file.path, openedPath: file.openedPath, identity: file.identity,
            checkLength: file.lastBytes.count, check: file.lastBytes.withUnsafeBytes { FNV1a.hash($0) })
        retired.append(generation)
        truncatedGenerations.append(generation)
        if truncatedGenerations.count > 32 { truncatedGenerations.removeFirst() }
        let identity = (try? FileIdentity.of(file.fd, path: file.path, cap: settings.fingerprintBytes)) ?? file.identity
        file.restart(newID: newID(), identity: identity, fingerprintCap: settings.fingerprintBytes, now: now)
        tracker.begin(fileID: file.id, at: 0)
        paths.record(file.id, path: file.path)
        file.lastSize = 0
        if size > 0 { readAvailable(file) }
    }

    /// A regular file in the same directory that holds this file's content up to the read
    /// offset: same leading bytes (fingerprint) and the same bytes just before the offset.
    func findCopy(of file: TailedFile) -> (Int32, String)? {
        // With nothing read yet, only the fingerprint vouches for a copy: ask for a real one.
        guard file.identity.fingerprintLength >= (file.lastBytes.isEmpty ? 32 : 1) else { return nil }
        let expectedTail = file.lastBytes
        var best: (fd: Int32, path: String, mtime: Int)?
        for entry in Directory.entries(Directory.parent(of: file.path)) {
            let path = entry.path
            var st = stat()
            guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG,
                UInt64(st.st_ino) != file.identity.inode, UInt64(st.st_size) >= file.readOffset,
                !isFollowed(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)) || copyFollowed(of: file, path: path) != nil
            else { continue }
            guard let fd = try? FileIO.open(path, O_RDONLY) else { continue }
            let tailStart = file.readOffset - UInt64(expectedTail.count)
            if (try? file.identity.fingerprintMatches(fd, path: path)) == true,
                let tail = try? FileIdentity.readAt(fd, offset: tailStart, count: expectedTail.count, path: path), tail == expectedTail,
                best == nil || st.st_mtim.tv_sec > best!.mtime
            {
                if let previous = best { close(previous.fd) }
                best = (fd, path, st.st_mtim.tv_sec)
                continue
            }
            close(fd)
        }
        return best.map { ($0.fd, $0.path) }
    }

    /// Extends the fingerprint of a file that was shorter than the cap; a changed prefix means
    /// the file was rewritten in place, handled like a truncation.
    func growFingerprint(_ file: TailedFile) {
        guard let size = file.size(), size > UInt64(file.identity.fingerprintLength) else { return }
        guard (try? file.identity.fingerprintMatches(file.fd, path: file.path)) == true else {
            handleTruncation(file, size: size)
            return
        }
        if let (length, hash) = try? FileIdentity.fingerprint(file.fd, size: size, cap: settings.fingerprintBytes, path: file.path) {
            file.identity.fingerprintLength = length
            file.identity.fingerprint = hash
            file.fingerprintGrowing = length < settings.fingerprintBytes
        }
    }
}

extension Tailer {
    /// The followed file at `path` when it is a recognised copy of `file`'s generation.
    func copyFollowed(of file: TailedFile, path: String) -> TailedFile? {
        var st = stat()
        guard stat(path, &st) == 0, let copy = followed(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)), copy.isOpen,
            copy.copyOf?.inode == file.identity.inode, copy.copyOf?.device == file.identity.device
        else { return nil }
        return copy
    }
}

/// A generation retired after a truncation, with what its checkpoint needs.
struct RetiredGeneration {
    var id: UInt32
    var end: UInt64
    var path: String
    /// The name its file had when opened (a copy is named after it: `app.log.1`).
    var openedPath: String
    var identity: FileIdentity
    var checkLength: Int
    var check: UInt64
}

extension Tailer {
    /// True when a followed file is this device and inode.
    func isFollowed(device: UInt64, inode: UInt64) -> Bool {
        followed(device: device, inode: inode) != nil
    }

    /// The followed file with this device and inode (closed, when it was finished in this pass).
    func followed(device: UInt64, inode: UInt64) -> TailedFile? {
        files.first { $0.identity.device == device && $0.identity.inode == inode }
    }
}
