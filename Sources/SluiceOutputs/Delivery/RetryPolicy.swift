import SluiceCore

/// Exponential backoff with full jitter between attempts, capped; unbounded by default.
///
/// Attempt `n` (from 0) waits a uniformly random time in `[0, min(max, initial·2ⁿ)]`
/// ("full jitter"), so many agents recovering together do not hammer a backend in step. A
/// server's `Retry-After` is honoured as a lower bound, even above `max` (up to 10 minutes):
/// the server knows when it will take more.
public struct RetryPolicy: Sendable, Equatable {
    /// First delay bound, in seconds.
    public var initial: Double
    /// Largest delay, in seconds.
    public var max: Double
    /// Attempts before giving up on an event (it is then dead-lettered); 0 retries forever
    /// (backpressure holds the rest).
    public var maxAttempts: Int

    public init(initial: Double = 0.1, max: Double = 30, maxAttempts: Int = 0) {
        self.initial = initial
        self.max = max
        self.maxAttempts = maxAttempts
    }

    /// The delay before retry number `attempt` (0 for the first retry), in seconds.
    public func delay(attempt: Int, retryAfter: Double? = nil, using random: inout some RandomNumberGenerator) -> Double {
        let bound = Swift.min(max, initial * Double(1 << Swift.min(attempt, 40)))
        let jittered = Double.random(in: 0...bound, using: &random)
        guard let retryAfter else { return jittered }
        return Swift.max(jittered, Swift.min(retryAfter, 600))
    }

    /// Whether `attempts` made so far exhaust the policy.
    public func exhausted(after attempts: Int) -> Bool {
        maxAttempts > 0 && attempts >= maxAttempts
    }
}

extension RetryPolicy {
    /// For local writes (an output's file, the dead-letter file): 0.1 s doubling up to 5 s,
    /// never giving up (a full disk holds the pipeline, and so reading).
    public static let localWrites = RetryPolicy(initial: 0.1, max: 5)

    /// Runs `attempt` until it succeeds, waiting this policy's backoff after each failure;
    /// `failed` is told each error and the delay that follows (to log and count it). Returns
    /// false when `stop` ended the waiting first. `maxAttempts` does not apply: this is for
    /// writes that hold the pipeline rather than lose events.
    public func untilDone(stop: StopSignal, _ attempt: () throws -> Void, failed: (_ error: any Error, _ delay: Double) -> Void) -> Bool {
        var random = SystemRandomNumberGenerator()
        var attempts = 0
        while !stop.isStopped {
            do {
                try attempt()
                return true
            } catch {
                let delay = self.delay(attempt: attempts, using: &random)
                failed(error, delay)
                attempts += 1
                guard stop.sleep(delay) else { return false }
            }
        }
        return false
    }
}
