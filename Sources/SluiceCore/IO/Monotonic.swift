#if canImport(Glibc)
import Glibc
#endif

/// Monotonic seconds, for timers and deadlines that must not jump with the wall clock.
public enum Monotonic {
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// `seconds` (a time on ``now()``, finite) as a `CLOCK_MONOTONIC` time for timed waits.
    public static func time(at seconds: Double) -> timespec {
        let whole = seconds.rounded(.down)
        return timespec(tv_sec: Int(whole), tv_nsec: Int((seconds - whole) * 1e9))
    }
}
