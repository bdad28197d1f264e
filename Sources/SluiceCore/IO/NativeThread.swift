import CSluiceSystem
import Glibc

/// A plain POSIX thread for blocking work (inotify waits, file reads, blocking queues): such
/// work never runs on Swift's cooperative pool.
public struct NativeThread: Sendable {
    let id: pthread_t

    /// Starts `body` on a new thread; `name` identifies it in errors and, cut to the 15 bytes
    /// Linux keeps, in `top -H` and `/proc/<pid>/task/*/comm` (`sluice-tailer`, `sluice-out-es`).
    public static func start(name: String, _ body: @escaping @Sendable () -> Void) throws -> NativeThread {
        final class Box: @unchecked Sendable {
            let name: String
            let body: @Sendable () -> Void
            init(_ name: String, _ body: @escaping @Sendable () -> Void) {
                self.name = name
                self.body = body
            }
        }
        let box = Unmanaged.passRetained(Box(threadName(name), body))
        var id = pthread_t()
        let rc = pthread_create(&id, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            _ = sluice_set_thread_name(box.name)
            box.body()
            return nil
        }, box.toOpaque())
        guard rc == 0 else {
            box.release()
            throw SystemError("pthread_create", path: name, code: rc)
        }
        return NativeThread(id: id)
    }

    /// `name` cut to at most 15 bytes at a character boundary (the kernel's limit for a
    /// thread's name).
    static func threadName(_ name: String) -> String {
        var out = ""
        for character in name {
            guard out.utf8.count + String(character).utf8.count <= 15 else { break }
            out.append(character)
        }
        return out
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
