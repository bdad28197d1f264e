import Glibc

/// A file that whole batches of lines are appended to (the file output, the dead-letter file),
/// all or nothing per batch.
///
/// ```
///  append(batch) ── length before ──▶ write all ──▶ fsync (optional) ──▶ done
///                                        │ fails       │ fails
///                                        ▼             ▼
///                        ftruncate back to the length before, then throw (the caller retries)
/// ```
///
/// A full disk fails a write part-way: without the cut back, the retry would append the whole
/// batch again after the part already written (duplicated lines, and a line run into the
/// next). When the cut back itself fails, it is done again before the next batch is written.
/// Opening cuts a last line left unterminated by a crash (see ``LineFile``).
///
/// Owned by one thread at a time (the caller serialises calls).
public final class LineAppender: @unchecked Sendable {
    /// The system calls an appender makes on its descriptor. Tests replace them to fail
    /// part-way (a disk that fills in the middle of a batch, an fsync that reports EIO).
    public struct SystemCalls: Sendable {
        /// `write(2)`: bytes written, or -1 with `errno` set.
        public var write: @Sendable (Int32, UnsafeRawPointer, Int) -> Int
        /// `fsync(2)`: 0, or -1 with `errno` set.
        public var fsync: @Sendable (Int32) -> Int32
        /// `ftruncate(2)`: 0, or -1 with `errno` set.
        public var truncate: @Sendable (Int32, off_t) -> Int32

        public init(
            write: @escaping @Sendable (Int32, UnsafeRawPointer, Int) -> Int,
            fsync: @escaping @Sendable (Int32) -> Int32,
            truncate: @escaping @Sendable (Int32, off_t) -> Int32
        ) {
            self.write = write
            self.fsync = fsync
            self.truncate = truncate
        }

        /// The real calls.
        public static let system = SystemCalls(
            write: { fd, bytes, count in Glibc.write(fd, bytes, count) },
            fsync: { fd in Glibc.fsync(fd) },
            truncate: { fd, length in Glibc.ftruncate(fd, length) })
    }

    public let path: String
    /// Bytes of an unterminated last line removed when the file was opened.
    public let cutOnOpen: Int
    private var fd: Int32
    private let calls: SystemCalls
    private var buffer: [UInt8] = []
    /// The length to cut the file back to before the next batch: a failed batch's cut back
    /// that failed too.
    private var pendingCut: off_t?

    /// Opens (creating with `mode`) `path` for appending.
    public init(path: String, mode: mode_t = 0o644, calls: SystemCalls = .system) throws(SystemError) {
        let (fd, cut) = try LineFile.openForAppending(path, mode: mode)
        self.path = path
        self.fd = fd
        self.cutOnOpen = cut
        self.calls = calls
    }

    deinit { close() }

    /// Appends the bytes `encode` adds to an empty buffer (whole lines), then syncs them to
    /// disk when `sync` is set.
    public func append(sync: Bool, _ encode: (inout [UInt8]) -> Void) throws(SystemError) {
        buffer.removeAll(keepingCapacity: true)
        encode(&buffer)
        defer { if buffer.capacity > 8 << 20 { buffer = [] } }  // a huge batch must not pin memory
        let before = try lengthBeforeBatch()
        var failure: SystemError?
        buffer.withUnsafeBytes { raw in
            do throws(SystemError) { try writeAll(raw) } catch { failure = error }
        }
        if failure == nil && sync {
            do throws(SystemError) { try self.sync() } catch { failure = error }
        }
        guard let failure else { return }
        pendingCut = before
        try? cutPending()  // failing, it is done again before the next batch
        throw failure
    }

    /// The file's length before a batch, after cutting back what a failed batch left.
    private func lengthBeforeBatch() throws(SystemError) -> off_t {
        try cutPending()
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw SystemError("fstat", path: path) }
        return info.st_size
    }

    private func cutPending() throws(SystemError) {
        guard let length = pendingCut else { return }
        while calls.truncate(fd, length) != 0 {
            if errno == EINTR { continue }
            throw SystemError("ftruncate", path: path)
        }
        pendingCut = nil
    }

    /// Syncs what was appended to disk.
    public func sync() throws(SystemError) {
        try FileIO.sync(fd, path: path, fsync: calls.fsync)
    }

    /// Closes the file (later appends fail with EBADF).
    public func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(SystemError) {
        try FileIO.writeAll(fd, bytes, path: path, write: calls.write)
    }
}
