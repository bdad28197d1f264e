import Glibc
import SluiceCore

/// Byte-level facts about an open file that opening and copy detection need, and the reads a
/// tailed file makes.
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

    /// A tailed file's small read, in one `preadv`: the bytes before `offset` into a scratch buffer, compared with `expected`
    /// (nil, nothing read, when they differ or are not all there), and up to `count` bytes at
    /// `offset` into a new array that holds exactly the bytes read.
    ///
    /// With many files each read a few lines at a time, reading the bytes before the offset
    /// into the array and copying the rest out cost an allocation and a copy of every read
    /// (perf, the bench's 500-file run).
    static func read(_ fd: Int32, at offset: UInt64, after expected: [UInt8], count: Int, path: String) throws(SystemError) -> [UInt8]? {
        var failure: SystemError?
        var read: Int?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(SystemError) {
                read = try Self.read(fd, at: offset, after: expected, into: UnsafeMutableRawBufferPointer(buffer), path: path)
            } catch {
                failure = error
            }
            initialized = read ?? 0
        }
        if let failure { throw failure }
        return read == nil ? nil : bytes
    }

    /// The same read when the file's size is not known (no `fstat` before it): into
    /// `scratch`, as many bytes as it holds, the bytes read then copied into a new array
    /// that holds exactly them. A copy of what a pass over many files written slowly reads
    /// (a few KB a file) costs less than the `fstat` it saves.
    static func read(_ fd: Int32, at offset: UInt64, after expected: [UInt8], scratch: UnsafeMutableRawBufferPointer, path: String) throws(SystemError) -> [UInt8]? {
        guard let n = try read(fd, at: offset, after: expected, into: scratch, path: path) else { return nil }
        return [UInt8](UnsafeRawBufferPointer(rebasing: scratch[..<n]))
    }

    /// The `preadv` of both reads: the bytes read into `buffer` (at most its size), nil when
    /// the bytes before `offset` are not `expected`.
    private static func read(_ fd: Int32, at offset: UInt64, after expected: [UInt8], into buffer: UnsafeMutableRawBufferPointer, path: String) throws(SystemError) -> Int? {
        let head = expected.count
        precondition(head > 0 && UInt64(head) <= offset, "the bytes before the offset are compared: at least one")
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: head) { headBuffer throws(SystemError) -> Int? in
            var vectors = (
                iovec(iov_base: UnsafeMutableRawPointer(headBuffer.baseAddress!), iov_len: head),
                iovec(iov_base: buffer.baseAddress, iov_len: buffer.count)
            )
            while true {
                let n = withUnsafeMutablePointer(to: &vectors) {
                    $0.withMemoryRebound(to: iovec.self, capacity: 2) { preadv(fd, $0, 2, off_t(offset - UInt64(head))) }
                }
                if n >= 0 {
                    guard n >= head, expected.withUnsafeBytes({ memcmp(headBuffer.baseAddress!, $0.baseAddress!, head) == 0 }) else { return nil }
                    return n - head
                }
                if errno != EINTR { throw SystemError("preadv", path: path) }
            }
        }
    }

    /// A tailed file's read: one `pread` of up to `count` bytes at `offset` into a new array,
    /// without zero-filling it first (one call: a short read is the file's end for now); the
    /// array holds exactly the bytes read.
    static func readOnce(_ fd: Int32, at offset: UInt64, count: Int, path: String) throws(SystemError) -> [UInt8] {
        var failure: SystemError?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = 0
            while true {
                let n = pread(fd, buffer.baseAddress!, count, off_t(offset))
                if n >= 0 {
                    initialized = n
                    return
                }
                if errno != EINTR {
                    failure = SystemError("pread", path: path)
                    return
                }
            }
        }
        if let failure { throw failure }
        return bytes
    }
}
