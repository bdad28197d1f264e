import Foundation
import Logging
import SluiceCore
import SluiceTestSupport
@testable import SluiceTail

/// Runs a real ``Tailer`` over a temporary directory, with a consumer thread that records
/// every line it receives (with the path it came from) and acknowledges each batch.
final class TailerHarness: @unchecked Sendable {
    let dir: TempDirectory
    var source: FileSourceConfig
    var settings = TailerSettings()
    private(set) var tailer: Tailer?
    /// The metrics of the tailer that ran last (kept after it stopped; each start has new ones).
    private(set) var metrics = MetricsRegistry()
    private var queue: BlockingQueue<Batch>?
    private var tracker: AckTracker?
    private var consumer: Thread?
    private let lock = NSLock()
    private var lines: [Received] = []
    /// One line as the consumer got it: where from, its text, and what names it in event ids.
    struct Received {
        var path: String
        var text: String
        /// The file's stable key and the line's offset: an Elasticsearch output's `_id`.
        var key: UInt64
        var offset: UInt64
        /// Bytes of the file the event covers (a multiline group: all its lines).
        var length: UInt32 = 0
    }
    private let consumerDone = DispatchSemaphore(value: 0)
    /// Whether the test thread holds `lock` (``stallConsumer()``).
    private var stalled = false

    init(include: [String] = ["*.log"], startAt: FileSourceConfig.StartAt = .beginning, maxLineBytes: Int = 1 << 20) throws {
        let dir = try TempDirectory("sluice-tail")
        self.dir = dir
        source = FileSourceConfig(name: "test", include: include.map { dir.path + "/logs/" + $0 }, startAt: startAt, maxLineBytes: maxLineBytes)
        source.rotateWait = 0.5
        source.partialLineTimeout = 0.4
        settings.pollInterval = 0.05
        settings.scanInterval = 0.5
        settings.checkpointInterval = 0.1
        try FileManager.default.createDirectory(atPath: dir.path + "/logs", withIntermediateDirectories: true)
    }

    var dataDir: String { dir.path + "/data" }
    func log(_ name: String) -> String { dir.path + "/logs/" + name }

    func start() throws {
        let queue = BlockingQueue<Batch>(capacity: 4)
        let tracker = AckTracker()
        self.tracker = tracker
        let metrics = MetricsRegistry()
        self.metrics = metrics
        let tailer = Tailer(
            sources: [source], settings: settings, store: CheckpointStore(directory: dataDir), tracker: tracker, queue: queue,
            logger: Self.logger, metrics: metrics.scope())
        try tailer.start()
        self.queue = queue
        self.tailer = tailer
        let paths = tailer.paths
        let thread = Thread { [self] in
            while var batch = queue.take() {
                batch.cutLines()
                lock.lock()
                for event in batch.events {
                    lines.append(Received(
                        path: paths.path(event.origin.fileID) ?? "?", text: String(decoding: event.line, as: UTF8.self),
                        key: event.origin.fileKey, offset: event.origin.offset, length: event.origin.length))
                }
                lock.unlock()
                batch.acknowledgement?.acknowledge()
            }
            consumerDone.signal()
        }
        thread.start()
        consumer = thread
    }

    /// Graceful stop: stop reading, finish queued batches, persist checkpoints.
    func stop() throws {
        guard let tailer, let queue else { return }
        tailer.stop()
        queue.close()
        consumerDone.wait()
        try tailer.persistCheckpoints()
        tailer.closeAll()
        self.tailer = nil
    }

    /// Like `kill -9`: reading stops and nothing more is acknowledged or persisted; the
    /// checkpoints on disk are whatever the last periodic write left.
    func crash() {
        guard let tailer, let queue else { return }
        if !stalled { lock.lock() }  // the consumer acknowledges nothing more
        stalled = false
        tailer.stop()
        tailer.closeAll()
        queue.close()
        while queue.take(timeout: 0) != nil {}
        lock.unlock()
        consumerDone.wait()
        self.tailer = nil
    }

    /// Stalls the consumer (like an output that is down): it takes at most one more batch and
    /// acknowledges nothing until ``resumeConsumer()``; the tailer then blocks on the full queue.
    func stallConsumer() {
        lock.lock()
        stalled = true
    }

    func resumeConsumer() {
        stalled = false
        lock.unlock()
    }

    /// Whether this process still holds a descriptor on the deleted file once named `name`.
    func holdsDeleted(_ name: String) -> Bool {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return fds.contains { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0)) == log(name) + " (deleted)" }
    }

    var received: [Received] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }

    /// The tailer's logger: at `SLUICE_TEST_LOG_LEVEL` (e.g. `debug`, to see why a test failed).
    static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = ProcessInfo.processInfo.environment["SLUICE_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        return logger
    }

    /// Waits until the tailer is quiescent: a whole pass that began after this call (with a
    /// rescan of the globs) found every file read to its end, and every batch read was
    /// acknowledged. What arrived then is all that will, until a time rule fires (the clock
    /// moves) or a file changes: tests assert exact counts instead of waiting out a timeout.
    @discardableResult
    func waitUntilQuiet(timeout: Double = 15) -> Bool {
        guard let tailer, let tracker else { return false }
        let start = tailer.passesCompleted
        tailer.look(rescan: true)
        return waitUntil(timeout: timeout) {
            tailer.passesCompleted >= start + 2 && tailer.isCaughtUp && tracker.inFlight.batches == 0
        }
    }

    /// Waits until `count` lines arrived.
    @discardableResult
    func waitFor(_ count: Int, timeout: Double = 15) -> Bool {
        waitUntil(timeout: timeout) { received.count >= count }
    }

    func append(_ name: String, _ text: String) throws {
        let path = log(name)
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    func finish() {
        if tailer != nil { try? stop() }
        dir.remove()
    }
}
