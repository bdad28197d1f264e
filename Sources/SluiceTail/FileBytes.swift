import Glibc
import SluiceCore

/// Byte-level facts about an open file that opening and copy detection need.
enum FileBytes {
    /// Opens a file to follow it, without updating its access time when the kernel allows
    /// (`O_NOATIME`: the owner's files, or with CAP_FOWNER): a log written between reads is
    /// newer than its access time at every read, so each read would otherwise write the
    /// inode (relatime), a journal update per file read, per line when many files are
    /// written slowly. Falls back to a plain open when refused.
    static func openForReading(_ path: String) throws(SystemError) -> Int32 {
        do {
            return try FileIO.open(path, O_RDONLY | noAccessTime)
        } catch let error where error.code == EPERM {
            return try FileIO.open(path, O_RDONLY)
        }
    }

    /// `O_NOATIME` (Linux; not exported by the Glibc module).
    static let noAccessTime: Int32 = 0o1000000

    /// Two byte arrays hold the same bytes (memcmp, not an element-wise loop).
    static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && a.withUnsafeBytes { x in b.withUnsafeBytes { y in x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
    }

    /// Its size (0 when fstat fails).
    static func size(_ fd: Int32) -> UInt64 {
        var st = stat()
        return fstat(fd, &st) == 0 ? UInt64(st.st_size) : 0
    }

    /// The offset just after the last newline before `size` (0 when there is none in the last
    /// 1 MiB): where `start_at: end` begins, so no line is cut.
    static func lastLineBoundary(_ fd: Int32, size: UInt64, path: String) -> UInt64 {
        let window = min(size, 1 << 20)
        guard window > 0, let tail = try? FileIdentity.readAt(fd, offset: size - window, count: Int(window), path: path) else { return 0 }
        guard let newline = tail.lastIndex(of: 0x0A) else { return size - window == 0 ? 0 : size }
        return size - window + UInt64(newline) + 1
    }
}
