import SluiceCore

/// Ships one batch to a backend and settles every event in it: delivered, dead-lettered, or
/// (where the backend's answer says so) counted as delivered. Retries what failed, with the
/// output's backoff, until that is done or the output gives up. Runs on its output's thread.
/// Records what it did in its output's metrics (``OutputContext/metrics``).
public protocol BatchSender: AnyObject {
    /// Called once on the output's thread before the first batch (e.g. a startup check that
    /// logs whether the backend answers; never fatal).
    func start()
    /// Settles every event of `events`. Returns false when the output's stop signal ended it
    /// first (then nothing of the batch counts as settled).
    func send(_ events: [Event]) -> Bool
}

extension BatchSender {
    /// No startup check by default.
    public func start() {}
}
