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
    /// One line per stage, with every series of its metrics that recorded something (its
    /// `component` and `type` labels left out, the line names them):
    /// `stages[0] (parse_json): sluice_parse_json_errors_total{reason="syntax"}=1 sluice_parse_json_events_parsed_total=205`.
    public func counterReport() -> [String] {
        let all = metrics.series()
        return zip(stages, components).map { stage, component in
            let values = all.filter { $0.label("component") == component && !$0.isZero }
                .flatMap { $0.samples(omitting: ["component", "type"]) }
                .map { "\($0.name)=\($0.value)" }
                .joined(separator: " ")
            return "\(stage.name): \(values.isEmpty ? "(nothing counted)" : values)"
        }
    }
}
