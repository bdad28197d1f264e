import Foundation
import Logging
import SluiceCore
import SluiceTestSupport
import Synchronization
import Testing
@testable import SluiceOutputs

/// How ``BatchingOutput`` cuts submissions into batches: whole submissions while they fit,
/// cut only when one alone is larger than a batch, in order, acknowledged once settled.
@Suite struct BatchingOutputTests {
    /// Records the `n` of every event of every batch it is given.
    final class RecordingSender: BatchSender, @unchecked Sendable {
        private let batches = Mutex<[[Int]]>([])
        var sent: [[Int]] { batches.withLock { $0 } }
        func send(_ events: [Event]) -> Bool {
            let ns = events.map { Int(String(decoding: $0.line, as: UTF8.self))! }
            batches.withLock { $0.append(ns) }
            return true
        }
    }

    static func events(_ range: Range<Int>) -> [Event] { range.map { Event(String($0)) } }

    @Test func wholeSubmissionsShareABatchWhileTheyFitAndLargeOnesAreCut() throws {
        let sender = RecordingSender()
        let output = try BatchingOutput(
            name: "test", limits: BatchLimits(maxEvents: 1000, maxBytes: 1 << 30, maxAge: 60), sender: sender,
            stop: StopSignal(), logger: Logger(label: "test"))
        defer { output.close() }
        let tracker = AckTracker()
        tracker.begin(fileID: 0, at: 0)
        func ack(_ start: UInt64, _ end: UInt64) -> Acknowledgement {
            Acknowledgement(fileID: 0, start: start, end: end, tracker: tracker, parties: 1)
        }
        #expect(output.submit(Self.events(0..<300), acknowledging: [ack(0, 300)]))
        #expect(output.submit(Self.events(300..<600), acknowledging: [ack(300, 600)]))
        #expect(output.submit(Self.events(600..<900), acknowledging: [ack(600, 900)]))
        // Does not fit beside the 900 pending: they go first, unwaited for, as one batch.
        #expect(output.submit(Self.events(900..<1200), acknowledging: [ack(900, 1200)]))
        #expect(waitUntil(timeout: 5) { sender.sent.count == 1 })
        #expect(tracker.durableOffset(0) == 900)
        // Larger than a batch: cut at 1000 events.
        #expect(output.submit(Self.events(1200..<3700), acknowledging: [ack(1200, 3700)]))
        // The age limit is a minute away: flushSoon sends the rest now.
        #expect(waitUntil(timeout: 5) { sender.sent.count == 4 })
        output.flushSoon()
        #expect(waitUntil(timeout: 5) { output.isIdle })
        #expect(sender.sent.map(\.count) == [900, 300, 1000, 1000, 500])
        #expect(sender.sent.flatMap { $0 } == Array(0..<3700))
        #expect(tracker.durableOffset(0) == 3700)
    }
}
