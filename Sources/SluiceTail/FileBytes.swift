import Glibc
import SluiceCore

/// Byte-level facts about an open file that opening and copy detection need.
enum FileBytes {
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
