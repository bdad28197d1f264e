import SluiceCore

/// A local, synchronous destination (standard output, a file, a counting sink): it has
/// delivered a batch when ``write(_:)`` returns. ``DirectOutput`` runs one as an ``Output``.
public protocol EventWriter: AnyObject, Sendable {
    /// Delivers `events`; throws when they could not be delivered (the batch is retried).
    func write(_ events: [Event]) throws
    /// Flushes and releases resources.
    func close() throws
}
