import SluiceCore

/// `drop`: drops the events its `when:` condition selects, and counts them (`dropped`).
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

        public func makeStage(name: String, counters: Counters) -> any Stage {
            DropStage(name: name, counters: counters)
        }
    }

    public let name: String
    let counters: Counters

    public init(name: String = "drop", counters: Counters? = nil) {
        self.name = name
        self.counters = counters ?? Counters(owner: name)
    }

    public func process(_ batch: inout Batch) {
        let n = batch.events.count
        guard n > 0 else { return }
        batch.events.removeAll(keepingCapacity: true)
        batch.droppedCount += n
        counters.add("dropped", n)
    }
}
