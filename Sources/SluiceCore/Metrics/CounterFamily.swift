import CoreMetrics
import Synchronization

/// Counters of one family told apart by one label whose values are only known as they come
/// (an HTTP status, a parse error's reason): each value's handle is made the first time it
/// is seen and kept. Values must be content-free and few (the family's series are capped,
/// see ``MetricsRegistry``).
public final class CounterFamily: Sendable {
    let scope: MetricsScope
    /// The family, e.g. `sluice_output_responses_total`.
    public let name: String
    /// The label told apart, e.g. `status`.
    public let label: String
    private let handles = Mutex<[String: Counter]>([:])

    init(scope: MetricsScope, name: String, label: String) {
        self.scope = scope
        self.name = name
        self.label = label
    }

    /// The counter for `value`.
    public func counter(_ value: String) -> Counter {
        handles.withLock { handles in
            if let made = handles[value] { return made }
            let made = scope.counter(name, [label: value])
            handles[value] = made
            return made
        }
    }

    /// Adds `amount` to the counter for `value` (nothing when it is zero).
    public func add(_ amount: Int, _ value: String) {
        guard amount > 0 else { return }
        counter(value).increment(by: amount)
    }
}
