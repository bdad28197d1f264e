import Testing
@testable import SluiceCore

@Suite struct DeliveryHealthTests {
    @Test func failuresAreTimedFromTheFirstAndClearedBySuccess() {
        let clock = ManualClock()
        let health = DeliveryHealth(clock: clock)
        #expect(health.failingFor() == nil)
        health.failed()
        clock.advance(by: 30)
        health.failed()
        #expect(health.failingFor() == 30)
        #expect(health.snapshot().consecutiveFailures == 2)
        clock.advance(by: 45)
        #expect(health.failingFor() == 75)
        health.succeeded()
        #expect(health.failingFor() == nil)
        #expect(health.snapshot().consecutiveFailures == 0)
        #expect(health.snapshot().lastSuccess == clock.now())
    }

    @Test func recordsTheGauges() {
        let registry = MetricsRegistry()
        let health = DeliveryHealth(metrics: registry.scope(["output": "es"]))
        health.failed()
        health.failed()
        #expect(registry.gauge("sluice_output_consecutive_failures", ["output": "es"]) == 2)
        health.succeeded()
        #expect(registry.gauge("sluice_output_consecutive_failures", ["output": "es"]) == 0)
        #expect((registry.gauge("sluice_output_last_delivery_timestamp_seconds", ["output": "es"]) ?? 0) > 1_700_000_000)
    }
}

@Suite struct HeartbeatTests {
    @Test func workingTooLongIsStalledWaitingNeverIs() {
        let clock = ManualClock()
        let beat = Heartbeat("worker", clock: clock)
        #expect(beat.state == .waiting)
        beat.working()
        clock.advance(by: 5)
        #expect(beat.state == .working(seconds: 5))
        #expect(!beat.isStalled(after: 10))
        clock.advance(by: 10)
        #expect(beat.isStalled(after: 10))
        beat.waiting()
        clock.advance(by: 3600)
        #expect(!beat.isStalled(after: 10), "waiting (backpressure, no input) is never stalled")
        beat.end()
        #expect(beat.state == .ended && beat.isStalled(after: 10))
    }
}
