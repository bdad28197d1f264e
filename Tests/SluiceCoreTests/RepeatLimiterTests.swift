import Testing
@testable import SluiceCore

@Suite struct RepeatLimiterTests {
    @Test func aBurstPerWindowThenACountOfWhatWasSuppressed() {
        let clock = ManualClock()
        let limiter = RepeatLimiter(burst: 3, window: 60, clock: clock)
        #expect((0..<3).map { _ in limiter.admit("error cannot reach") } == [0, 0, 0])
        #expect((0..<1000).allSatisfy { _ in limiter.admit("error cannot reach") == nil })
        #expect(limiter.admit("error another message") == 0, "other messages are not held back")
        clock.advance(by: 60)
        #expect(limiter.admit("error cannot reach") == 1000, "the next line says how many were suppressed")
        #expect(limiter.admit("error cannot reach") == 0)
    }
}
