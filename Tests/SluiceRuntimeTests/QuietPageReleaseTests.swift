import Testing
@testable import SluiceRuntime

/// When a resting agent gives its touched file pages back: after 30 quiet seconds, once per
/// quiet spell, never while lines come in.
@Suite struct QuietPageReleaseTests {
    /// The answers at each (lines read, now) in turn.
    func answers(_ steps: [(Int, Double)], from start: (Int, Double)) -> [Bool] {
        var quiet = QuietPageRelease(linesRead: start.0, now: start.1)
        return steps.map { quiet.due(linesRead: $0.0, now: $0.1) }
    }

    @Test func onceAfterThirtyQuietSecondsAndAgainAfterTheNextBurst() {
        let steps: [(Int, Double)] = [
            (0, 110), (0, 129.9), (0, 130), (0, 140), (0, 1_000),
            // Lines again: a new spell starts with the last of them seen.
            (500, 1_010), (500, 1_039), (500, 1_040), (500, 1_050),
        ]
        #expect(answers(steps, from: (0, 100)) == [false, false, true, false, false, false, false, true, false])
    }

    @Test func neverWhileLinesKeepComing() {
        let steps = (1...100).map { ($0, Double($0) * QuietPageRelease.checkSeconds) }
        #expect(answers(steps, from: (0, 0)).allSatisfy { !$0 })
    }

    @Test func aSignalWaitWithNothingPendingAnswersNil() {
        ShutdownSignals.block()
        #expect(ShutdownSignals.wait(seconds: 0) == nil)  // a poll: returns at once
    }
}
