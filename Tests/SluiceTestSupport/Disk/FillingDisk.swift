import Glibc
import SluiceCore
import Synchronization

/// System calls for a ``LineAppender`` over a disk that fills up: once `free` bytes are
/// written, a write writes what still fits and the next one fails with ENOSPC, as `write(2)`
/// does on a full file system. fsync and ftruncate can be made to fail once.
public final class FillingDisk: Sendable {
    private struct State {
        var free: Int?
        var fsyncFailure: Int32?
        var truncateFailure: Int32?
        var truncates = 0
    }
    private let state = Mutex(State())

    /// A disk with no limit until ``setFree(_:)``.
    public init() {}

    /// Bytes that can still be written (`nil`: no limit).
    public func setFree(_ bytes: Int?) { state.withLock { $0.free = bytes } }

    /// The next fsync fails with `code`.
    public func failNextFsync(_ code: Int32) { state.withLock { $0.fsyncFailure = code } }

    /// The next ftruncate fails with `code`.
    public func failNextTruncate(_ code: Int32) { state.withLock { $0.truncateFailure = code } }

    /// How many times ftruncate was called.
    public var truncates: Int { state.withLock { $0.truncates } }

    /// The calls to give the appender.
    public var calls: LineAppender.SystemCalls {
        LineAppender.SystemCalls(
            write: { [self] fd, bytes, count in
                let allowed = state.withLock { s -> Int in
                    guard let free = s.free else { return count }
                    let n = min(count, free)
                    s.free = free - n
                    return n
                }
                guard allowed > 0 else {
                    errno = ENOSPC
                    return -1
                }
                return Glibc.write(fd, bytes, allowed)
            },
            fsync: { [self] fd in
                if let code = state.withLock({ s in defer { s.fsyncFailure = nil }; return s.fsyncFailure }) {
                    errno = code
                    return -1
                }
                return Glibc.fsync(fd)
            },
            truncate: { [self] fd, length in
                let failure = state.withLock { s in
                    defer { s.truncateFailure = nil }
                    s.truncates += 1
                    return s.truncateFailure
                }
                if let failure {
                    errno = failure
                    return -1
                }
                return Glibc.ftruncate(fd, length)
            })
    }
}
