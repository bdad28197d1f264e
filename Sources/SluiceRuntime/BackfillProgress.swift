import SluiceTail

/// The one-line progress `run --once` shows on a terminal: bytes read of the total, lines
/// per second, and an estimate of the time left.
public struct BackfillProgress {
    let started: Double
    private var lastLines = 0
    private var lastTime: Double
    private var rate = 0.0

    /// Starts measuring at `now` (seconds on a monotonic clock).
    public init(now: Double) {
        started = now
        lastTime = now
    }

    /// The line for `progress` and `linesRead` so far, at `now`.
    public mutating func line(_ progress: TailerProgress, linesRead: Int, now: Double) -> String {
        let total = progress.files.reduce(UInt64(0)) { $0 + $1.size }
        let read = progress.files.reduce(UInt64(0)) { $0 + $1.read }
        let elapsed = now - lastTime
        if elapsed > 0 {
            let instant = Double(linesRead - lastLines) / elapsed
            // Smoothed, so the figure does not jump at every refresh.
            rate = rate == 0 ? instant : 0.7 * rate + 0.3 * instant
        }
        lastLines = linesRead
        lastTime = now
        let percent = total > 0 ? Double(read) / Double(total) * 100 : 100
        var text = "read \(Self.bytes(read)) of \(Self.bytes(total)) (\(Int(percent))%), \(Self.count(Int(rate))) lines/s"
        let bytesPerSecond = now > started ? Double(read) / (now - started) : 0
        if read < total, bytesPerSecond > 0 {
            text += ", about \(Self.duration(Double(total - read) / bytesPerSecond)) left"
        }
        return text
    }

    static func bytes(_ value: UInt64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var amount = Double(value)
        var unit = 0
        while amount >= 1024 && unit < units.count - 1 {
            amount /= 1024
            unit += 1
        }
        return unit == 0 ? "\(value) B" : "\((amount * 10).rounded() / 10) \(units[unit])"
    }

    static func count(_ value: Int) -> String {
        var digits = String(value)
        var out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits.removeLast(3)
        }
        return digits + out
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        if s < 60 { return "\(s)s" }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        if s < 3600 { return "\(s / 60)m\(two(s % 60))s" }
        return "\(s / 3600)h\(two((s % 3600) / 60))m"
    }
}
