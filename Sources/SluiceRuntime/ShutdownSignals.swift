import Glibc

/// SIGTERM and SIGINT (stop) and SIGHUP (reload), received synchronously: blocked in every
/// thread (call ``block()`` before starting any), then awaited with `sigwait` on the main
/// thread.
public enum ShutdownSignals {
    static func set() -> sigset_t {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGHUP)
        return signals
    }

    /// Blocks the signals in the calling thread and the threads it starts afterwards.
    public static func block() {
        var signals = set()
        pthread_sigmask(SIG_BLOCK, &signals, nil)
    }

    /// True when SIGTERM or SIGINT arrived (and is waiting to be taken).
    public static func pending() -> Bool {
        var waiting = sigset_t()
        sigpending(&waiting)
        return sigismember(&waiting, SIGTERM) == 1 || sigismember(&waiting, SIGINT) == 1
    }

    /// Waits for SIGTERM, SIGINT or SIGHUP and returns its number.
    /// The next shutdown or reload signal, or nil when none came within `seconds`.
    public static func wait(seconds: Double) -> Int32? {
        var signals = set()
        var timeout = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
        let received = sigtimedwait(&signals, nil, &timeout)
        return received > 0 ? received : nil
    }

    public static func wait() -> Int32 {
        var signals = set()
        var received: Int32 = 0
        sigwait(&signals, &received)
        return received
    }
}
