import Foundation
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceTail

/// Model-based: seeded random sequences of writes, partial writes, renames, copytruncates,
/// deletions, clock moves, restarts and crashes (kill -9) against the real tailer, checked
/// against a model of what must arrive. Every line written arrives; a line arrives twice
/// only after a crash and only if it was not yet covered by a checkpoint that the model
/// knows was written; nothing arrives that was not written.
///
/// Explore with `SLUICE_FUZZ_SEED` and `SLUICE_FUZZ_ITERATIONS` (sequences per shard); a
/// failure names its shard, sequence and the operations that led to it, and
/// `SLUICE_MODEL_REPLAY=<shard>:<sequence>` runs that sequence alone.
@Suite struct TailerModelTests {
    static let shards = 8

    @Test(arguments: 0..<shards)
    func randomSequencesDeliverEveryLineAsTheModelSays(shard: Int) throws {
        let run = FuzzRun("tailer-model-\(shard)", defaultIterations: 250)
        // SLUICE_MODEL_REPLAY=<shard>:<sequence> runs that one sequence alone.
        let replay = ProcessInfo.processInfo.environment["SLUICE_MODEL_REPLAY"].map { $0.split(separator: ":").compactMap { Int($0) } }
        if let replay, replay.count == 2, replay[0] != shard { return }
        for i in 0..<run.iterations where replay?.count != 2 || replay?[1] == i {
            var rng = run.rng(i)
            var sequence = try TailerModelSequence(include: Bool.random(using: &rng) ? ["app.log*"] : ["*.log"])
            defer { sequence.finish() }
            let steps = Int.random(in: 4...14, using: &rng)
            for _ in 0..<steps { try sequence.step(&rng) }
            try sequence.check(final: true)
            if let failure = sequence.failure {
                Issue.record("\(run.at(i)): \(failure)\noperations: \(sequence.log.joined(separator: ", "))")
                return
            }
        }
    }
}

/// One random sequence: the harness, the model of what was written, and what a check allows.
struct TailerModelSequence {
    let h: TailerHarness
    let clock = ManualClock()
    /// Every line written whole (with its newline), in order.
    var written: [String] = []
    /// A line begun without its newline; its rest comes with the next write.
    var partial: String?
    var rotations = 0
    var rotated: [String] = []
    /// Lines a checkpoint is known to cover (written, at a quiet point, after the clock passed
    /// the checkpoint interval).
    var checkpointed: Set<String> = []
    /// Lines a crash may have sent twice: read but not covered by a known checkpoint.
    var mayRepeat: Set<String> = []
    var next = 0
    var log: [String] = []
    var failure: String?

    init(include: [String]) throws {
        h = try TailerHarness(include: include)
        log.append("include \(include[0])")
        h.settings.clock = clock
        h.source.rotateWait = 0.5
        h.source.partialLineTimeout = 0.4
        h.settings.checkpointInterval = 0.1
        h.settings.scanInterval = 0.5
        try h.start()
    }

    func finish() { h.finish() }

    mutating func step(_ rng: inout SplitMix) throws {
        guard failure == nil else { return }
        // A partial line is completed before anything but a write (the clock must not pass
        // partial_line_timeout with it pending: the model would not know where it splits).
        let roll = partial != nil ? 0 : Int.random(in: 0..<100, using: &rng)
        switch roll {
        case 0..<38: try write(Int.random(in: 1...40, using: &rng))
        case 38..<46: try writePartial()
        case 46..<56: try renameAway()
        case 56..<63: try copyTruncate()
        case 63..<67: try deleteRotated(&rng)
        case 67..<77: advance(Double.random(in: 0.05...1.2, using: &rng))
        case 77..<82: try restart()
        case 82..<87: try crash()
        case 87..<93: try checkpointAtAQuietPoint()
        default: try check(final: false)
        }
    }

    mutating func write(_ count: Int) throws {
        var text = ""
        if let head = partial {
            text += "-rest\n"
            written.append(head + "-rest")
            partial = nil
        }
        for _ in 0..<count {
            text += "line-\(next)\n"
            written.append("line-\(next)")
            next += 1
        }
        try h.append("app.log", text)
        log.append("write \(count)")
    }

    mutating func writePartial() throws {
        let head = "part-\(next)"
        next += 1
        try h.append("app.log", head)
        partial = head
        log.append("partial")
    }

    mutating func renameAway() throws {
        guard FileManager.default.fileExists(atPath: h.log("app.log")) else { return }
        rotations += 1
        try FileManager.default.moveItem(atPath: h.log("app.log"), toPath: h.log("app.log.\(rotations)"))
        rotated.append("app.log.\(rotations)")
        log.append("rename to .\(rotations)")
    }

    /// copytruncate after the tailer read everything (a reader that lags behind a
    /// copytruncate loses what the truncation cut, with every shipper).
    mutating func copyTruncate() throws {
        guard FileManager.default.fileExists(atPath: h.log("app.log")) else { return }
        guard quiet("before copytruncate") else { return }
        rotations += 1
        let path = h.log("app.log")
        try FileManager.default.copyItem(atPath: path, toPath: path + ".\(rotations)")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 0)
        try handle.close()
        rotated.append("app.log.\(rotations)")
        log.append("copytruncate to .\(rotations)")
    }

    /// Deletes a rotated file once read (deleting one that was not read loses its lines).
    mutating func deleteRotated(_ rng: inout SplitMix) throws {
        guard !rotated.isEmpty, quiet("before delete") else { return }
        let name = rotated.remove(at: Int.random(in: 0..<rotated.count, using: &rng))
        try FileManager.default.removeItem(atPath: h.log(name))
        log.append("delete \(name)")
    }

    mutating func advance(_ seconds: Double) {
        clock.advance(by: seconds)
        log.append("advance \(String(format: "%.2f", seconds))s")
    }

    mutating func restart() throws {
        try h.stop()
        try h.start()
        log.append("restart")
    }

    /// kill -9: whatever was read and not covered by a known checkpoint may come again.
    mutating func crash() throws {
        mayRepeat.formUnion(Set(written).subtracting(checkpointed))
        h.crash()
        try h.start()
        log.append("crash")
    }

    /// A quiet point, then the clock past the checkpoint interval, then a quiet point again:
    /// the pass after the clock moved wrote checkpoints with every line acknowledged.
    mutating func checkpointAtAQuietPoint() throws {
        guard quiet("before checkpoint") else { return }
        clock.advance(by: h.settings.checkpointInterval)
        guard quiet("after checkpoint") else { return }
        checkpointed = Set(written)
        log.append("checkpoint")
    }

    /// Waits for quiescence; records a failure when it never comes.
    mutating func quiet(_ when: String) -> Bool {
        if h.waitUntilQuiet(timeout: 20) { return true }
        failure = "never quiescent \(when)"
        return false
    }

    /// At a quiet point, what arrived is exactly what the model allows.
    mutating func check(final: Bool) throws {
        guard failure == nil else { return }
        if final, partial != nil { try write(0) }
        guard quiet("at a check") else { return }
        log.append("check")
        var counts: [String: Int] = [:]
        for line in h.received { counts[line.text, default: 0] += 1 }
        let expected = Set(written)
        let missing = written.filter { counts[$0] == nil }
        let unknown = counts.keys.filter { !expected.contains($0) }
        let repeated = counts.filter { $0.value > 1 && !mayRepeat.contains($0.key) }.map(\.key)
        if !missing.isEmpty || !unknown.isEmpty || !repeated.isEmpty {
            failure = "\(written.count) lines written, \(h.received.count) received; missing \(missing.prefix(5)) (\(missing.count)), "
                + "unknown \(unknown.prefix(5)) (\(unknown.count)), repeated without a crash to explain it \(repeated.sorted().prefix(5)) (\(repeated.count))" + "; received \(h.received.prefix(40).map { "\(Directory.name(of: $0.path)):\($0.text)@\($0.offset)" })"
        }
    }
}
