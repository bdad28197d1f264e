import Glibc
import SluiceCore
import Synchronization

/// One `sluice run` per `data_dir`: an exclusive `flock` on `<data_dir>/sluice.lock`, holding
/// the holder's PID, kept until ``release()``, the lock's deinit or the process exits (the kernel drops it then,
/// even after kill -9, so a stale file never blocks a restart).
///
/// Two agents on one data_dir would both ship every line and race on the checkpoint files.
/// Commands that write no checkpoints (dry-run, validate, test) do not take it.
public final class DataDirectoryLock: Sendable {
    /// The lock is held by another process.
    public struct Held: Error, CustomStringConvertible {
        public var dataDir: String
        /// The holder's PID as it wrote it (nil when it could not be read yet).
        public var pid: Int32?

        public var description: String {
            let holder = pid.map { "sluice (PID \($0))" } ?? "sluice process"
            return "another \(holder) is running on data_dir \(dataDir) (it holds \(dataDir)/sluice.lock); "
                + "stop it, or give this pipeline its own data_dir"
        }
    }

    public let path: String
    /// The locked descriptor; -1 once released.
    private let fd: Mutex<Int32>

    /// Takes the lock on `dataDir` (created when missing, ``PrivateMode/directory``) and writes
    /// this process's PID into it (``PrivateMode/file``); throws ``Held`` when another process
    /// holds it.
    public init(dataDir: String) throws {
        try FileIO.makeDirectories(dataDir, mode: PrivateMode.directory)
        path = dataDir + "/sluice.lock"
        let fd = try FileIO.open(path, O_RDWR | O_CREAT, mode: PrivateMode.file)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            let code = errno
            let holder = Self.pid(in: fd)
            close(fd)
            if code == EWOULDBLOCK { throw Held(dataDir: dataDir, pid: holder) }
            throw SystemError("flock", path: path, code: code)
        }
        do {
            guard ftruncate(fd, 0) == 0 else { throw SystemError("ftruncate", path: path) }
            try FileIO.writeAll(fd, Array("\(getpid())\n".utf8), path: path)
        } catch {
            close(fd)
            throw error
        }
        self.fd = Mutex(fd)
    }

    deinit { release() }

    /// Lets another agent take the data_dir.
    public func release() {
        fd.withLock { fd in
            if fd >= 0 { close(fd) }
            fd = -1
        }
    }

    /// The PID written in the lock file (read from its start).
    static func pid(in fd: Int32) -> Int32? {
        var bytes = [UInt8](repeating: 0, count: 32)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, 0) }
        guard n > 0 else { return nil }
        let text = String(decoding: bytes[..<n], as: UTF8.self)
        return Int32(text.prefix { $0.isNumber })
    }
}
