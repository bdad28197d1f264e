import Glibc
import SluiceCore

/// Who a file is, beyond its name.
///
/// `(device, inode)` says which file a descriptor is; the fingerprint (a hash of the first
/// bytes, up to a cap, growing with the file) tells a new file that reuses an inode, or a
/// rewritten one, from the file we knew; `key` is fixed at first sight and names the file in
/// event ids, so replays produce the same ids.
public struct FileIdentity: Sendable, Equatable {
    public var device: UInt64
    public var inode: UInt64
    /// How many leading bytes the fingerprint covers (at most the cap).
    public var fingerprintLength: Int
    public var fingerprint: UInt64
    /// Stable name of the file for event ids: device, inode and the fingerprint at first sight.
    public var key: UInt64

    /// Reads up to `count` bytes at `offset` with `pread`.
    static func readAt(_ fd: Int32, offset: UInt64, count: Int, path: String) throws -> [UInt8] {
        // Into uninitialised room: zero-filling it first cost a memset of every byte asked
        // for (64 KB a file at start for its first line).
        var failure: SystemError?
        let out = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(SystemError) {
                initialized = try readAt(fd, offset: offset, into: UnsafeMutableRawBufferPointer(buffer), path: path)
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return out
    }

    /// Reads up to `buffer.count` bytes at `offset` into `buffer` with `pread` (until the end
    /// of the file); returns how many.
    static func readAt(_ fd: Int32, offset: UInt64, into buffer: UnsafeMutableRawBufferPointer, path: String) throws(SystemError) -> Int {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError("pread", path: path)
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// The fingerprint of the first `min(size, cap)` bytes of `fd`.
    static func fingerprint(_ fd: Int32, size: UInt64, cap: Int, path: String) throws -> (length: Int, hash: UInt64) {
        let bytes = try readAt(fd, offset: 0, count: Int(min(size, UInt64(cap))), path: path)
        return (bytes.count, bytes.withUnsafeBytes { FNV1a.hash($0) })
    }

    /// The identity of the open file `fd` now.
    public static func of(_ fd: Int32, path: String, cap: Int) throws -> FileIdentity {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw SystemError("fstat", path: path) }
        let (length, fp) = try fingerprint(fd, size: UInt64(st.st_size), cap: cap, path: path)
        var seed = [UInt64(st.st_dev), UInt64(st.st_ino), fp]
        let key = seed.withUnsafeBytes { FNV1a.hash($0) }
        seed.removeAll()
        return FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), fingerprintLength: length, fingerprint: fp, key: key)
    }

    /// The key that names one generation of a file in event ids: the device and inode it was
    /// written under (the original's, when its bytes are read from a copy) and its first line
    /// as its event holds it (without `\r`, at most `maxLineBytes`). A function of the
    /// generation alone, so its lines get the same ids whichever name or copy they are read
    /// from, before or after a restart.
    static func generationKey(device: UInt64, inode: UInt64, firstLine: UnsafeRawBufferPointer) -> UInt64 {
        let seed = [device, inode, FNV1a.hash(firstLine)]
        return seed.withUnsafeBytes { FNV1a.hash($0) }
    }

    /// The first line of `fd` as its event would hold it, or nil while the file holds no
    /// complete first line (no newline yet, and shorter than `maxLineBytes`).
    static func firstLine(_ fd: Int32, maxLineBytes: Int, path: String) -> [UInt8]? {
        var line: [UInt8] = []
        var offset: UInt64 = 0
        while line.count < maxLineBytes {
            guard let bytes = try? readAt(fd, offset: offset, count: min(64 * 1024, maxLineBytes + 1 - line.count), path: path), !bytes.isEmpty else {
                return nil
            }
            if let newline = bytes.firstIndex(of: 0x0A) {
                line.append(contentsOf: bytes[..<newline])
                if line.count > maxLineBytes { return Array(line.prefix(maxLineBytes)) }
                if line.last == 0x0D { line.removeLast() }
                return line
            }
            line.append(contentsOf: bytes)
            offset += UInt64(bytes.count)
        }
        return Array(line.prefix(maxLineBytes))
    }

    /// The generation key of the file open as `fd` (see ``generationKey(device:inode:firstLine:)``),
    /// named by `device` and `inode`; nil without a complete first line.
    static func generationKey(of fd: Int32, device: UInt64, inode: UInt64, maxLineBytes: Int, path: String) -> UInt64? {
        firstLine(fd, maxLineBytes: maxLineBytes, path: path).map { line in
            line.withUnsafeBytes { generationKey(device: device, inode: inode, firstLine: $0) }
        }
    }

    /// True when the first `fingerprintLength` bytes of `fd` still hash to `fingerprint`.
    func fingerprintMatches(_ fd: Int32, path: String) throws -> Bool {
        guard fingerprintLength > 0 else { return true }
        let bytes = try FileIdentity.readAt(fd, offset: 0, count: fingerprintLength, path: path)
        return bytes.count == fingerprintLength && bytes.withUnsafeBytes { FNV1a.hash($0) } == fingerprint
    }
}
