/// When a resting agent gives back the file pages it touched since it last did: once it has
/// read nothing for ``quietSeconds``, once per quiet spell.
///
/// A burst of lines, a reload, a backend that went away: each runs code (its pages stay
/// resident, file-backed) that an agent at rest does not run again. Handed back
/// (`sluice_release_clean_file_pages`, MADV_PAGEOUT), they come back from the page cache on
/// the next touch, a minor fault each. `sluice run` asks every ``checkSeconds``.
public struct QuietPageRelease: Sendable {
    /// Seconds without a line read before pages are given back.
    public static let quietSeconds = 30.0
    /// How often `sluice run` asks.
    public static let checkSeconds = 10.0

    var linesRead: Int
    var quietSince: Double
    var released = false

    /// Starts counting at `now`, with the lines read so far.
    public init(linesRead: Int, now: Double) {
        self.linesRead = linesRead
        quietSince = now
    }

    /// True when the pages should be given back now: nothing was read for ``quietSeconds``
    /// and they were not given back yet in this quiet spell.
    public mutating func due(linesRead count: Int, now: Double) -> Bool {
        if count != linesRead {
            linesRead = count
            quietSince = now
            released = false
            return false
        }
        guard !released, now - quietSince >= Self.quietSeconds else { return false }
        released = true
        return true
    }
}
