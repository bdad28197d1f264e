import Glibc

/// Thin, EINTR-safe wrappers over POSIX file calls. Every failure throws a ``SystemError``
/// naming the path.
public enum FileIO {
    /// Opens `path` with `flags` (and `mode` when creating).
    public static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws(SystemError) -> Int32 {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno != EINTR { throw SystemError("open", path: path) }
        }
    }

    /// Reads up to `count` bytes from `fd` into a new array without zero-filling it first;
    /// the array holds exactly the bytes read (empty at end of file).
    public static func readChunk(_ fd: Int32, count: Int, path: String) throws(SystemError) -> [UInt8] {
        var failure: SystemError?
        let chunk = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(SystemError) {
                initialized = try read(fd, into: buffer.baseAddress!, count: count, path: path)
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return chunk
    }

    /// Reads up to `count` bytes into `buffer` at `offset`; returns the number read (0 at end).
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int, path: String) throws(SystemError) -> Int {
        while true {
            let n = Glibc.read(fd, buffer, count)
            if n >= 0 { return n }
            if errno != EINTR { throw SystemError("read", path: path) }
        }
    }

    /// Writes all of `bytes`, retrying short writes and EINTR. `write` is `write(2)` unless
    /// a test replaces it (see ``LineAppender/SystemCalls``).
    public static func writeAll(
        _ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String,
        write: (Int32, UnsafeRawPointer, Int) -> Int = { Glibc.write($0, $1, $2) }
    ) throws(SystemError) {
        guard var p = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = write(fd, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError("write", path: path)
            }
            p += n
            left -= n
        }
    }

    /// Writes all of `bytes`.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        try bytes.withUnsafeBytes { raw in try writeAll(fd, raw, path: path) }
    }

    /// `fsync`, ignoring EINVAL for descriptors that cannot be synced (pipes, terminals).
    /// `fsync` is `fsync(2)` unless a test replaces it.
    public static func sync(_ fd: Int32, path: String, fsync: (Int32) -> Int32 = { Glibc.fsync($0) }) throws(SystemError) {
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            if errno == EINVAL || errno == EROFS { return }
            throw SystemError("fsync", path: path)
        }
    }

    /// Reads a whole file.
    public static func readAll(_ path: String) throws -> [UInt8] {
        let fd = try open(path, O_RDONLY)
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = try chunk.withUnsafeMutableBytes { raw in
                try read(fd, into: raw.baseAddress!, count: raw.count, path: path)
            }
            if n == 0 { return out }
            out.append(contentsOf: chunk[0..<n])
        }
    }

    /// Reads a whole file as UTF-8 text.
    public static func readString(_ path: String) throws -> String {
        String(decoding: try readAll(path), as: UTF8.self)
    }

    /// Creates `path` and its missing parents (like `mkdir -p`), each with `mode` (less the
    /// umask); directories that exist keep theirs.
    public static func makeDirectories(_ path: String, mode: mode_t) throws(SystemError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, mode) != 0 && errno != EEXIST { throw SystemError("mkdir", path: current) }
        }
    }

    /// Current wall-clock time in nanoseconds since the Unix epoch.
    public static func nowNanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return nanoseconds(ts)
    }

    /// A `timespec` (a clock reading, a file's `st_mtim`) in nanoseconds.
    public static func nanoseconds(_ ts: timespec) -> Int64 {
        Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}

extension FileIO {
    /// The process's working directory.
    public static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
