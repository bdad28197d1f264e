import Logging
import SluiceCore
import SluiceTestSupport
import Synchronization
@testable import SluiceOutputs

/// Dead letters kept in memory.
final class MemoryDeadLetters: DeadLetterSink {
    private let stored = Mutex<[DeadLetter]>([])
    func write(_ letters: [DeadLetter]) throws { stored.withLock { $0 += letters } }
    var letters: [DeadLetter] { stored.withLock { $0 } }
    /// The events' lines as serialised.
    var lines: [String] {
        letters.map { letter in
            var out: [UInt8] = []
            letter.event.serialize(into: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }
}

/// Runs an output the way the pipeline does: events of one file (id 0) submitted with an
/// acknowledgement of their byte range; the test waits for the durable offset.
final class OutputHarness {
    let tracker = AckTracker()
    let deadLetters = MemoryDeadLetters()
    /// The shutdown deadline the output's waits take.
    let stop = StopSignal()
    /// What the output recorded, as `output="out"`, `type="<its type>"`.
    let metrics = MetricsRegistry()
    let output: any Output
    private var offset: UInt64 = 0
    let fileKey: UInt64 = 0xC0FFEE

    init<Options: OutputOptions>(_ options: Options) throws {
        tracker.begin(fileID: 0, at: 0)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let context = OutputContext(logger: logger, deadLetters: deadLetters, stop: stop)
        output = try options.makeOutput(name: "out", context: context.scoped(output: "out", type: Options.typeName, in: metrics))
    }

    /// Parsed events for `lines`, at consecutive offsets after what was submitted before.
    func events(_ lines: [String]) throws -> [Event] {
        try lines.map { line in
            let length = UInt64(line.utf8.count + 1)
            var event = Event(line, origin: Origin(fileID: 0, offset: offset, length: UInt32(length), fileKey: fileKey))
            event.fields = try JSONObject(parsing: event.line)
            event.flags.remove(.raw)
            if let ts = event.fields.index(of: "ts").flatMap({ i in event.fields.withValue(at: i) { _, raw in Int64(String(decoding: raw, as: UTF8.self)) } }) {
                event.timestamp = ts
            }
            offset += length
            return event
        }
    }

    /// Submits `lines` as one batch; returns the end of its range.
    @discardableResult
    func submit(_ lines: [String]) throws -> UInt64 {
        let start = offset
        let batch = try events(lines)
        let ack = Acknowledgement(fileID: 0, start: start, end: offset, tracker: tracker, parties: 1)
        _ = output.submit(batch, acknowledging: [ack])
        return offset
    }

    /// Waits until everything up to `end` is acknowledged.
    func waitAcknowledged(_ end: UInt64, timeout: Double = 20) -> Bool {
        waitUntil(timeout: timeout) { tracker.durableOffset(0) == end }
    }

    var durable: UInt64 { tracker.durableOffset(0) ?? 0 }

    func close() {
        output.abandon()
        output.close()
    }
}
