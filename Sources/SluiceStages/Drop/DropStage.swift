import CoreMetrics
import SluiceCore

/// `drop`: drops the events its `when:` condition selects, and counts them
/// (`sluice_stage_events_dropped_total{reason="condition"}`).
///
/// ```yaml
/// - type: drop
///   when: { event: { in: [heartbeat, health_check] } }
/// ```
///
/// The condition is required (the loader reports a `drop` without one); the stage chain
/// hands the stage only the events the condition selects.
public final class DropStage: Stage {
    /// The stage's options: none besides `when:`.
    public struct Options: StageOptions {
        public static let typeName = "drop"
        public static var requiresCondition: Bool { true }

        public init() {}

        public init?(from map: ConfigMapping) {
            map.finish()
            guard map.isValid else { return nil }
        }

        public func makeStage(context: StageContext) -> any Stage {
            DropStage(context: context)
        }
    }

    public let name: String
    let dropped: Counter

    public init(context: StageContext = StageContext(name: "drop")) {
        self.name = context.name
        dropped = context.metrics.counter("sluice_stage_events_dropped_total", ["reason": "condition"])
    }

    public func process(_ batch: inout Batch) {
        let n = batch.events.count
        guard n > 0 else { return }
        batch.events.removeAll(keepingCapacity: true)
        batch.droppedCount += n
        dropped.add(n)
    }
}
