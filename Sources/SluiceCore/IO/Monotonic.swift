import Glibc

/// The one monotonic clock (`CLOCK_MONOTONIC`), for timers and deadlines that must not jump
/// with the wall clock.
public enum Monotonic {
    /// Seconds since an arbitrary start (boot).
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Nanoseconds on the same clock as ``now()``: the default clock of time windows (tests
    /// inject their own).
    @Sendable public static func nanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// `seconds` (a time on ``now()``, finite) as a `CLOCK_MONOTONIC` time for timed waits.
    public static func time(at seconds: Double) -> timespec {
        let whole = seconds.rounded(.down)
        return timespec(tv_sec: Int(whole), tv_nsec: Int((seconds - whole) * 1e9))
    }
}
