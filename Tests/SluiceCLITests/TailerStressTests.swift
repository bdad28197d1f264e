import Foundation
import Glibc
import SluiceTestSupport
import Testing

/// The real binary against a writer at full speed that rotates by rename every 10,000 lines
/// and by copytruncate every 25,000.
@Suite(.serialized) struct TailerStressTests {
    static let total = 200_000

    typealias Placement = RotatingLogWriter.Placement
    typealias Writer = RotatingLogWriter

    static func ranges(_ sorted: [Int]) -> String { RotatingLogWriter.ranges(sorted) }

    /// Only the live name, or the rotated names too (the copies copytruncate leaves are then
    /// in the globs, and must not be shipped again).
    static let includes = ["logs/app.log", "logs/app.log*"]

    func pipeline(_ dir: TempDirectory, include: String) throws -> String {
        try dir.write("pipeline.yaml", """
            data_dir: data
            checkpoints: { interval: 200ms }
            sources:
              app:
                type: file
                include: ["\(include)"]
                rotate_wait: 2s
            stages:
              - type: parse_json
            outputs:
              out:
                type: file
                path: out.ndjson
                fsync: false
            """)
    }

    /// (seq, gen) of every output line.
    func delivered(_ dir: TempDirectory) -> [(seq: Int, gen: Int)] {
        let text = (try? dir.read("out.ndjson")) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let data = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let seq = data["seq"] as? Int, let gen = data["gen"] as? Int
            else { return nil }
            return (seq, gen)
        }
    }

    func lineCount(_ dir: TempDirectory) -> Int {
        guard let data = FileManager.default.contents(atPath: dir.file("out.ndjson")) else { return 0 }
        return data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    @Test(arguments: includes)
    func everyLineExactlyOnceInPerFileOrder(include: String) throws {
        let dir = try TempDirectory("sluice-stress")
        defer { dir.remove() }
        let config = try pipeline(dir, include: include)
        try FileManager.default.createDirectory(atPath: dir.file("logs"), withIntermediateDirectories: true)
        let agent = try RunningBinary(["run", "-c", config])
        #expect(waitUntil(timeout: 30) { agent.stderr.contains(#""msg":"started""#) })
        let writer = Writer(dir: dir.file("logs"))
        writer.agentPID = agent.process.processIdentifier
        try writer.write(0..<Self.total)
        #expect(waitUntil(timeout: 120) { lineCount(dir) >= Self.total }, "\(lineCount(dir)) of \(Self.total) lines arrived")
        // A clean stop delivers whatever is still on its way: the counts below are final.
        agent.send(SIGTERM)
        #expect(agent.wait() == 0, "\(agent.stderr.suffix(2000))")
        let lines = delivered(dir)
        #expect(lines.count == Self.total, "duplicates or losses: \(lines.count) lines for \(Self.total)")
        #expect(Set(lines.map(\.seq)).count == Self.total, "every line exactly once")
        var lastByGeneration: [Int: Int] = [:]
        var outOfOrder = 0
        for (seq, gen) in lines {
            if let last = lastByGeneration[gen], last >= seq { outOfOrder += 1 }
            lastByGeneration[gen] = seq
        }
        #expect(outOfOrder == 0, "lines out of order within their file")
    }

    @Test(arguments: includes)
    func killNineAndRestartLosesNothingAndRepeatsOnlyAfterTheCheckpoint(include: String) throws {
        let dir = try TempDirectory("sluice-stress")
        defer { dir.remove() }
        let config = try pipeline(dir, include: include)
        try FileManager.default.createDirectory(atPath: dir.file("logs"), withIntermediateDirectories: true)
        let writer = Writer(dir: dir.file("logs"))
        var agent = try RunningBinary(["run", "-c", config])
        #expect(waitUntil(timeout: 30) { agent.stderr.contains(#""msg":"started""#) })
        writer.agentPID = agent.process.processIdentifier
        try writer.write(0..<(Self.total / 2))
        _ = waitUntil(timeout: 60) { lineCount(dir) >= Self.total / 4 }
        let (checkpointsAtKill, openAtKill) = Writer.kill(agent, dir)
        // Restarted at once, as a supervisor does; the writer resumes when it is up.
        agent = try RunningBinary(["run", "-c", config])
        #expect(waitUntil(timeout: 30) { agent.stderr.contains(#""msg":"started""#) })
        writer.agentPID = agent.process.processIdentifier
        try writer.write((Self.total / 2)..<Self.total)
        _ = waitUntil(timeout: 60) { Set(delivered(dir).map(\.seq)).count >= Self.total }
        agent.send(SIGTERM)
        #expect(agent.wait() == 0)
        let lines = delivered(dir)
        let missing = Set(0..<Self.total).subtracting(lines.map(\.seq)).sorted()
        #expect(missing.isEmpty, "every line at least once: \(missing.count) missing, from \(missing.first ?? -1) to \(missing.last ?? -1); \(Self.ranges(missing))")
        var seen: Set<Int> = []
        var badDuplicates: [Int] = []
        for (seq, _) in lines where !seen.insert(seq).inserted {
            // A repeat is allowed only past the checkpoint of its file as it stood at the kill.
            if writer.isCheckpointed(seq, checkpoints: checkpointsAtKill, open: openAtKill) == true { badDuplicates.append(seq) }
        }
        #expect(badDuplicates.isEmpty, "lines repeated although checkpointed: \(badDuplicates.count), \(Self.ranges(badDuplicates.sorted()))")
        print("kill -9: \(lines.count - Self.total) duplicates of \(Self.total) lines")
    }
}
