import SluiceCore

/// What a pass over the input did, for the closing log line and the dry-run summary.
public struct RunSummary: Sendable, Equatable {
    public var files = 0
    public var lines = 0
    public var delivered = 0
    public var dropped = 0
    public var deadLettered = 0
}

extension StageChain {
    /// One line per stage: `stages[0] (parse_json): parsed=205 errors{reason="syntax"}=1`.
    public func counterReport() -> [String] {
        counters.map { c in
            let values = c.snapshot().map { "\($0.name)=\($0.value)" }.joined(separator: " ")
            return "\(c.owner): \(values.isEmpty ? "(nothing counted)" : values)"
        }
    }
}
