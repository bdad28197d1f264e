import Glibc
import SluiceCore

/// Copies of followed files inside the globs (`include: app.log*` with copytruncate, or a
/// `cp` of a log beside it): their lines are the original's, so they are followed without
/// being read, and drained only for what the original lost to its truncation. Without this,
/// every rotated copy would be shipped again whole.
extension Tailer {
    /// The generation the new file `fd` is a copy of: a followed file, or a generation
    /// truncated away recently, with the same first bytes (at least 64) and the same bytes
    /// where one of the two was read or ends. nil for a file of its own.
    func originalOf(_ fd: Int32, size: UInt64, identity: FileIdentity, path: String) -> FileIdentity? {
        for file in files where file.isOpen && file.copyOf == nil && file.identity.inode != identity.inode {
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
        for generation in truncatedGenerations.reversed() where generation.identity.inode != identity.inode {
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
        let namedAsItsRotation = originalNames.contains {
            Directory.parent(of: path) == Directory.parent(of: $0) && Self.isRotation(Directory.name(of: path), of: Directory.name(of: $0))
        }
        let enough = namedAsItsRotation ? 1 : 64
        guard original.fingerprintLength >= enough, size >= UInt64(original.fingerprintLength) else { return false }
        if let identity, identity.fingerprintLength == original.fingerprintLength { return identity.fingerprint == original.fingerprint }
        return (try? original.fingerprintMatches(fd, path: path)) == true
    }

    /// A new file in the globs that starts like a followed file whose own first bytes have
    /// changed (truncated, not handled yet): wait until the truncation is handled, which
    /// drains the copy, before deciding what the new file is. The followed file is looked at
    /// again at the next pass even if its size and modification time tell nothing.
    func isCopyOfAnUnhandledTruncation(_ path: String) -> Bool {
        guard let fd = try? FileIO.open(path, O_RDONLY) else { return false }
        defer { close(fd) }
        let size = sizeOf(fd)
        let identity = try? FileIdentity.of(fd, path: path, cap: settings.fingerprintBytes)
        var waiting = false
        for file in files where file.isOpen && file.copyOf == nil && startsLike(fd, path: path, size: size, identity: identity, original: file.identity, originalNames: [file.path, file.openedPath]) {
            if (try? file.identity.fingerprintMatches(file.fd, path: file.path)) != true {
                file.lastModified = .min
                waiting = true
            }
        }
        return waiting
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
