import Synchronization

/// Keeps repeated identical log lines from flooding the agent's log: of the lines with the
/// same level and message, at most `burst` are written per `window` seconds; the others are
/// counted, and the first line written after them says how many were suppressed
/// (`suppressed_repeats`). A backend down for an hour therefore writes a handful of lines per
/// minute, not one per attempt.
public final class RepeatLimiter: Sendable {
    struct Entry {
        var windowStart: Double
        var written: Int
        var suppressed: Int
    }

    let burst: Int
    let window: Double
    let clock: any MonotonicClock
    private let entries = Mutex<[String: Entry]>([:])
    /// Distinct messages tracked at most (messages are Sluice's own texts: few kinds).
    static let maxEntries = 1024

    public init(burst: Int = 5, window: Double = 60, clock: any MonotonicClock = SystemClock()) {
        self.burst = burst
        self.window = window
        self.clock = clock
    }

    /// Whether to write a line with this key now, and how many like it were suppressed since
    /// the last one written (nil: write nothing).
    public func admit(_ key: String) -> Int? {
        let now = clock.now()
        return entries.withLock { entries in
            var entry = entries[key] ?? Entry(windowStart: now, written: 0, suppressed: 0)
            if now - entry.windowStart >= window {
                entry.windowStart = now
                entry.written = 0
            }
            guard entry.written < burst else {
                entry.suppressed += 1
                entries[key] = entry
                return nil
            }
            let suppressed = entry.suppressed
            entry.written += 1
            entry.suppressed = 0
            if entries.count >= Self.maxEntries && entries[key] == nil { entries.removeAll() }
            entries[key] = entry
            return suppressed
        }
    }
}
