import Glibc
import SluiceCore

/// Tells, by their bytes, copies and truncations of the followed generations apart from files
/// of their own.
///
/// - A *copy* inside the globs (`include: app.log*` with copytruncate, or a `cp` of a log
///   beside it) holds lines that are its original's: it is followed without being read, and
///   drained only for what the original lost to its truncation. Without this, every rotated
///   copy would be shipped again whole.
/// - A *truncation* (or a rewrite in place) shows as a file that no longer starts with its
///   fingerprinted bytes, or no longer holds the bytes last read just before its read offset;
///   what was not read yet is then found in the rotated copy beside it.
///
/// Only looks (reads files, never changes what is followed); the tailer acts on the answers
/// (`Tailer+Truncation`). Touched by the tailer thread only.
struct CopyDetector {
    let registry: FileRegistry
    let fingerprintCap: Int

    /// Whether the file still starts with the fingerprinted bytes and still holds, just before
    /// the read offset, the bytes last read: a file truncated and refilled past its old size
    /// between two looks fails this. Not asked when a read follows, which checks both itself
    /// (``TailedFile/readChunk(chunkSize:size:scratch:readTime:counters:)``).
    func contentStillMatches(_ file: TailedFile) -> Bool {
        guard (try? file.prefixStillMatches()) == true else { return false }
        let expected = file.lastBytes
        guard !expected.isEmpty else { return true }
        guard let bytes = try? FileIdentity.readAt(file.fd, offset: file.readOffset - UInt64(expected.count), count: expected.count, path: file.path) else { return false }
        return FileBytes.same(bytes, expected)
    }

    /// The generation the new file `fd` is a copy of: a followed file, or a generation
    /// truncated away recently, with the same first bytes (at least 64) and the same bytes
    /// where one of the two was read or ends. nil for a file of its own.
    func originalOf(_ fd: Int32, size: UInt64, identity: FileIdentity, path: String) -> FileIdentity? {
        for file in registry.files where file.isOpen && file.copyOf == nil && file.identity.inode != identity.inode {
            guard startsLike(fd, path: path, size: size, identity: identity, original: file.identity, originalNames: [file.path, file.openedPath]) else { continue }
            if size >= file.readOffset, !file.lastBytes.isEmpty {
                let expected = file.lastBytes
                guard !expected.isEmpty,
                    let bytes = try? FileIdentity.readAt(fd, offset: file.readOffset - UInt64(expected.count), count: expected.count, path: path),
                    bytes == expected
                else { continue }
            } else {
                // A copy shorter than what was read (still being written), or of a file not
                // read yet (a copy made before the original's first read, as under load or
                // at start): the original's bytes where the copy ends, while the original
                // still starts as it did.
                let count = Int(min(size, 64))
                guard let copied = try? FileIdentity.readAt(fd, offset: size - UInt64(count), count: count, path: path),
                    let original = try? FileIdentity.readAt(file.fd, offset: size - UInt64(count), count: count, path: file.path),
                    copied == original, (try? file.identity.fingerprintMatches(file.fd, path: file.path)) == true
                else { continue }
            }
            return file.identity
        }
        for generation in registry.truncatedGenerations.reversed() where generation.identity.inode != identity.inode {
            guard generation.checkLength > 0, size >= generation.end,
                startsLike(fd, path: path, size: size, identity: identity, original: generation.identity, originalNames: [generation.path, generation.openedPath]),
                let bytes = try? FileIdentity.readAt(
                    fd, offset: generation.end - UInt64(generation.checkLength), count: generation.checkLength, path: path),
                bytes.withUnsafeBytes({ FNV1a.hash($0) }) == generation.check
            else { continue }
            return generation.identity
        }
        return nil
    }

    /// Whether `fd` (fingerprinted as `identity`, when known) starts with the bytes `original`
    /// was fingerprinted on: at least 64 of them, or any number when the new file's name is
    /// a rotated form, beside it, of a name the original had (`app.log.1` for `app.log`,
    /// also once `app.log` was renamed on: a log of a few short lines, copytruncated, is a
    /// copy too, and the name says so).
    func startsLike(_ fd: Int32, path: String, size: UInt64, identity: FileIdentity?, original: FileIdentity, originalNames: [String]) -> Bool {
        // The lengths first: this runs for every followed file each time a file is opened (at
        // start, once per pair of files), and most originals are ruled out by them. Names are
        // only compared for a fingerprint shorter than 64 bytes.
        let length = original.fingerprintLength
        guard length >= 1, size >= UInt64(length) else { return false }
        // Fingerprints of the same length compare first (two integers): 500 short files at
        // start, each a line of its own, otherwise compared their names pair by pair.
        let sameStart = identity.flatMap { $0.fingerprintLength == length ? $0.fingerprint == original.fingerprint : nil }
        if sameStart == false { return false }
        if length < 64 {
            let (parent, name) = (Directory.parent(of: path), Directory.name(of: path))
            let namedAsItsRotation = originalNames.contains {
                parent == Directory.parent(of: $0) && RotatedNames.isRotation(name, of: Directory.name(of: $0))
            }
            guard namedAsItsRotation else { return false }
        }
        return sameStart ?? ((try? original.fingerprintMatches(fd, path: path)) == true)
    }

    /// Whether the file at `path` is a copy of a followed file or of a generation truncated
    /// away recently (kept in the checkpoints): its lines are that generation's.
    func isCopyOfAKnownGeneration(_ path: String) -> Bool {
        guard let fd = try? FileIO.open(path, O_RDONLY) else { return false }
        defer { close(fd) }
        guard let identity = try? FileIdentity.of(fd, path: path, cap: fingerprintCap) else { return false }
        return originalOf(fd, size: FileBytes.size(fd), identity: identity, path: path) != nil
    }

    /// A new file in the globs that starts like a followed file whose own first bytes have
    /// changed (truncated, not handled yet): wait until the truncation is handled, which
    /// drains the copy, before deciding what the new file is. The followed file is looked at
    /// again at the next pass even if its size and modification time tell nothing.
    func isCopyOfAnUnhandledTruncation(_ path: String) -> Bool {
        guard let fd = try? FileIO.open(path, O_RDONLY) else { return false }
        defer { close(fd) }
        let size = FileBytes.size(fd)
        let identity = try? FileIdentity.of(fd, path: path, cap: fingerprintCap)
        var waiting = false
        for file in registry.files where file.isOpen && file.copyOf == nil && startsLike(fd, path: path, size: size, identity: identity, original: file.identity, originalNames: [file.path, file.openedPath]) {
            if (try? file.identity.fingerprintMatches(file.fd, path: file.path)) != true {
                file.lastModified = .min
                waiting = true
            }
        }
        return waiting
    }

    /// A regular file in the same directory that holds this file's content up to the read
    /// offset: same leading bytes (fingerprint) and the same bytes just before the offset.
    /// The caller closes the descriptor.
    func findCopy(of file: TailedFile) -> (fd: Int32, path: String)? {
        // With nothing read yet, only the fingerprint vouches for a copy: ask for a real one.
        guard file.identity.fingerprintLength >= (file.lastBytes.isEmpty ? 32 : 1) else { return nil }
        let expectedTail = file.lastBytes
        var best: (fd: Int32, path: String, mtime: Int)?
        for entry in Directory.entries(Directory.parent(of: file.path)) {
            let path = entry.path
            var st = stat()
            guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG,
                UInt64(st.st_ino) != file.identity.inode, UInt64(st.st_size) >= file.readOffset,
                !registry.isFollowed(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)) || copyFollowed(of: file, path: path) != nil
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

    /// The followed file at `path` when it is a recognised copy of `file`'s generation.
    func copyFollowed(of file: TailedFile, path: String) -> TailedFile? {
        var st = stat()
        guard stat(path, &st) == 0, let copy = registry.followed(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)), copy.isOpen,
            copy.copyOf?.inode == file.identity.inode, copy.copyOf?.device == file.identity.device
        else { return nil }
        return copy
    }

    /// Whether the checkpoint still describes the open file: same leading bytes, not shorter
    /// than the offset, and the same bytes just before the offset.
    static func resumable(_ checkpoint: Checkpoint, fd: Int32, size: UInt64, path: String) -> Bool {
        guard size >= checkpoint.offset, (try? checkpoint.identity.fingerprintMatches(fd, path: path)) == true else { return false }
        guard checkpoint.checkLength > 0 else { return true }
        guard UInt64(checkpoint.checkLength) <= checkpoint.offset else { return false }
        guard let bytes = try? FileIdentity.readAt(fd, offset: checkpoint.offset - UInt64(checkpoint.checkLength), count: checkpoint.checkLength, path: path) else { return false }
        return bytes.count == checkpoint.checkLength && bytes.withUnsafeBytes { FNV1a.hash($0) } == checkpoint.check
    }
}
