import SluiceTestSupport
import Testing
@testable import SluiceCore

/// The durable offset: the end of the longest acknowledged prefix, whatever order the
/// outputs finish batches in.
@Suite struct AckTrackerTests {
    @Test func aRangeAckedBeforeTheOnesBeforeItWaitsForThem() {
        let tracker = AckTracker()
        tracker.begin(fileID: 1, at: 100)
        tracker.complete(fileID: 1, start: 120, end: 130)
        #expect(tracker.durableOffset(1) == 100)
        tracker.complete(fileID: 1, start: 110, end: 120)
        #expect(tracker.durableOffset(1) == 100, "a gap at 100..<110 still holds it")
        tracker.complete(fileID: 1, start: 100, end: 110)
        #expect(tracker.durableOffset(1) == 130)
    }

    @Test func filesAreTrackedApartAndForgottenAtTheirEnd() {
        let tracker = AckTracker()
        tracker.begin(fileID: 1, at: 0)
        tracker.begin(fileID: 2, at: 50)
        tracker.complete(fileID: 2, start: 50, end: 60)
        #expect(tracker.durableOffset(1) == 0)
        #expect(tracker.durableOffset(2) == 60)
        tracker.end(fileID: 2)
        #expect(tracker.durableOffset(2) == nil)
        tracker.complete(fileID: 2, start: 60, end: 70)
        #expect(tracker.durableOffset(2) == nil, "an acknowledgement for a forgotten file changes nothing")
    }

    /// A range already behind the durable offset (acknowledged again, or overlapping it)
    /// never moves the offset back.
    @Test func aRangeBehindTheDurableOffsetNeverMovesItBack() {
        let tracker = AckTracker()
        tracker.begin(fileID: 1, at: 0)
        tracker.complete(fileID: 1, start: 0, end: 40)
        tracker.complete(fileID: 1, start: 10, end: 20)
        #expect(tracker.durableOffset(1) == 40)
        tracker.complete(fileID: 1, start: 30, end: 50)
        #expect(tracker.durableOffset(1) == 50)
    }

    /// Contiguous batches acknowledged in every order a seeded shuffle gives: after each
    /// acknowledgement, the durable offset is the end of the longest acknowledged prefix.
    @Test func anyOrderGivesTheLongestAcknowledgedPrefix() {
        var rng = SplitMix(seed: 0x5EED_AC4)
        for _ in 0..<200 {
            let count = Int(rng.next() % 30) + 1
            var ends: [UInt64] = []
            var offset: UInt64 = 7
            for _ in 0..<count {
                offset += rng.next() % 100 + 1
                ends.append(offset)
            }
            let tracker = AckTracker()
            tracker.begin(fileID: 0, at: 7)
            var done = Array(repeating: false, count: count)
            for index in (0..<count).shuffled(using: &rng) {
                tracker.complete(fileID: 0, start: index == 0 ? 7 : ends[index - 1], end: ends[index])
                done[index] = true
                let prefix = done.firstIndex(of: false) ?? count
                #expect(tracker.durableOffset(0) == (prefix == 0 ? 7 : ends[prefix - 1]))
            }
        }
    }
}

/// The runner fans each batch's acknowledgement out to its outputs: the range completes
/// once every one of them acknowledged.
@Suite struct AcknowledgementFanOutTests {
    @Test func aRangeCompletesOnlyWhenEveryPartyAcknowledged() {
        let tracker = AckTracker()
        tracker.begin(fileID: 3, at: 0)
        let ack = Acknowledgement(fileID: 3, start: 0, end: 10, tracker: tracker)
        ack.fanOut(to: 3)
        ack.acknowledge()
        ack.acknowledge()
        #expect(tracker.durableOffset(3) == 0, "two of three")
        ack.acknowledge()
        #expect(tracker.durableOffset(3) == 10)
    }

    @Test func withOneOutputItIsTheReadersOwn() {
        let tracker = AckTracker()
        tracker.begin(fileID: 1, at: 0)
        let ack = Acknowledgement(fileID: 1, start: 0, end: 5, tracker: tracker)
        ack.fanOut(to: 1)
        ack.acknowledge()
        #expect(tracker.durableOffset(1) == 5)
    }
}
