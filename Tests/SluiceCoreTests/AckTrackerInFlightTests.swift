import Testing
@testable import SluiceCore

/// What was read and not acknowledged (the shutdown report): batches, their bytes from the
/// start, their lines as they are cut, all gone once every party acknowledged.
@Suite struct AckTrackerInFlightTests {
    @Test func countsBatchesLinesAndBytesUntilAcknowledged() {
        let tracker = AckTracker()
        tracker.begin(fileID: 0, at: 0)
        let first = Acknowledgement(fileID: 0, start: 0, end: 30, tracker: tracker, parties: 2)
        let second = Acknowledgement(fileID: 0, start: 30, end: 40, tracker: tracker, parties: 2)
        var batch = Batch(
            events: [Event("a")],
            lines: LineBlock(bytes: Array("bb\ncc\n".utf8)[...], offset: 2, fileID: 0, readTime: 0, maxLineBytes: 100, counters: nil),
            acknowledgement: first)
        #expect(tracker.inFlight == AckTracker.InFlight(batches: 2, lines: 1, bytes: 40))
        batch.cutLines()
        #expect(batch.events.count == 3)
        #expect(tracker.inFlight == AckTracker.InFlight(batches: 2, lines: 3, bytes: 40))
        first.acknowledge()
        #expect(tracker.inFlight.batches == 2, "one party of two")
        first.acknowledge()
        #expect(tracker.inFlight == AckTracker.InFlight(batches: 1, lines: 0, bytes: 10))
        second.acknowledge()
        second.acknowledge()
        #expect(tracker.inFlight == AckTracker.InFlight(batches: 0, lines: 0, bytes: 0))
        #expect(tracker.durableOffset(0) == 40)
    }
}
