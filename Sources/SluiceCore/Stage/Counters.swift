import Synchronization

/// Named monotonic counters owned by one part of the pipeline (a stage, an output, a source).
///
/// Parts count locally while they work through a batch and add the totals once per batch, so
/// the lock is taken per batch, never per event.
public final class Counters: Sendable {
    /// The owner's name, e.g. `stages[0] (parse_json)`.
    public let owner: String
    private let values = Mutex<[String: UInt64]>([:])

    public init(owner: String) { self.owner = owner }

    /// Adds `amount` to the counter `name` (names are fixed strings, never event content).
    public func add(_ name: String, _ amount: Int = 1) {
        guard amount != 0 else { return }
        values.withLock { $0[name, default: 0] &+= UInt64(amount) }
    }

    /// The current value of `name`.
    public func value(_ name: String) -> UInt64 {
        values.withLock { $0[name] ?? 0 }
    }

    /// All counters, sorted by name.
    public func snapshot() -> [(name: String, value: UInt64)] {
        values.withLock { $0.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
    }
}
