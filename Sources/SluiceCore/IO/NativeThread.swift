import Glibc

/// A plain POSIX thread for blocking work (inotify waits, file reads, blocking queues): such
/// work never runs on Swift's cooperative pool.
public struct NativeThread: Sendable {
    let id: pthread_t

    /// Starts `body` on a new thread; `name` identifies it in errors.
    public static func start(name: String, _ body: @escaping @Sendable () -> Void) throws -> NativeThread {
        final class Box: @unchecked Sendable {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        let box = Unmanaged.passRetained(Box(body))
        var id = pthread_t()
        let rc = pthread_create(&id, nil, { raw in
            Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, box.toOpaque())
        guard rc == 0 else {
            box.release()
            throw SystemError("pthread_create", path: name, code: rc)
        }
        return NativeThread(id: id)
    }

    /// Waits for the thread to end.
    public func join() {
        pthread_join(id, nil)
    }

    /// Lets the thread end on its own (nobody will join it).
    public func detach() {
        pthread_detach(id)
    }
}
