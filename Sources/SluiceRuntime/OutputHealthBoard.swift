import SluiceCore
import Synchronization

/// Each output's ``DeliveryHealth`` by output name: an output reopened by a reload under the
/// same name goes on with the same record (a backend failing since before the reload is
/// still failing since then).
final class OutputHealthBoard: Sendable {
    private let byName = Mutex<[String: DeliveryHealth]>([:])

    /// The record of output `name`, made (recording into `metrics`) the first time.
    func health(for name: String, metrics: MetricsScope) -> DeliveryHealth {
        byName.withLock { byName in
            if let existing = byName[name] { return existing }
            let made = DeliveryHealth(metrics: metrics)
            byName[name] = made
            return made
        }
    }

    /// The record of output `name`, if it was ever opened.
    subscript(name: String) -> DeliveryHealth? {
        byName.withLock { $0[name] }
    }
}
