import Foundation
import Glibc
import SluiceTestSupport
import Testing

/// The real binary against a writer at full speed that rotates by rename every 10,000 lines
/// and by copytruncate every 25,000.
@Suite(.serialized) struct TailerStressTests {
    static let total = 200_000

    /// Where each line was written: the file's inode, its generation (a new one after each
    /// rotation or truncation) and the line's byte offset in that generation.
    struct Placement {
        var inode: UInt64
        var generation: Int
        var offset: Int
    }

    final class Writer: @unchecked Sendable {
        let dir: String
        /// The agent's pid: after creating a file, the writer waits until the agent holds it
        /// open (as a running agent does within milliseconds), then goes on at full speed.
        var agentPID: Int32 = 0
        var placements: [Placement] = []
        var latestGeneration: [UInt64: Int] = [:]
        private var handle: FileHandle?
        private var generation = 0
        private var offset = 0
        private var inode: UInt64 = 0
        private var rotations = 0

        init(dir: String) { self.dir = dir }
        var path: String { dir + "/app.log" }

        func openFile() throws {
            if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle!.seekToEnd()
            inode = (try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as! NSNumber).uint64Value
            offset = Int(try handle!.offset())
            latestGeneration[inode] = generation
        }

        /// Writes lines `range` in chunks of 500, rotating on the way.
        func write(_ range: Range<Int>) throws {
            if handle == nil { try openFile() }
            var seq = range.lowerBound
            while seq < range.upperBound {
                var chunk = ""
                let end = min(range.upperBound, (seq / 500 + 1) * 500)
                while seq < end {
                    let line = "{\"seq\":\(seq),\"gen\":\(generation),\"msg\":\"stress line for rotation testing\"}\n"
                    placements.append(Placement(inode: inode, generation: generation, offset: offset))
                    offset += line.utf8.count
                    chunk += line
                    seq += 1
                }
                try handle!.write(contentsOf: Data(chunk.utf8))
                if seq % 10_000 == 500 { waitForAgentToOpen() }
                if seq % 10_000 == 0 {
                    try rotateByRename()
                } else if seq % 25_000 == 0 {
                    try copyTruncate()
                }
            }
        }

        /// Waits (up to 5 s) until /proc/<agent>/fd holds the current file.
        func waitForAgentToOpen() {
            guard agentPID > 0 else { return }
            let fdDir = "/proc/\(agentPID)/fd"
            _ = waitUntil(timeout: 5) {
                let fds = (try? FileManager.default.contentsOfDirectory(atPath: fdDir)) ?? []
                return fds.contains { fd in
                    var st = stat()
                    return stat(fdDir + "/" + fd, &st) == 0 && UInt64(st.st_ino) == inode
                }
            }
        }

        func rotateByRename() throws {
            try handle!.close()
            rotations += 1
            try FileManager.default.moveItem(atPath: path, toPath: path + ".\(rotations)")
            generation += 1
            try openFile()
        }

        func copyTruncate() throws {
            rotations += 1
            try FileManager.default.copyItem(atPath: path, toPath: path + ".\(rotations)")
            try handle!.truncate(atOffset: 0)
            generation += 1
            latestGeneration[inode] = generation
            offset = 0
        }
    }

    /// `[a-b, c-d]` for a sorted list of numbers.
    static func ranges(_ sorted: [Int]) -> String {
        var out: [String] = []
        var start = sorted.first
        var previous = sorted.first
        for n in sorted.dropFirst() {
            if n != previous! + 1 {
                out.append("\(start!)-\(previous!)")
                start = n
            }
            previous = n
        }
        if let start, let previous { out.append("\(start)-\(previous)") }
        return out.prefix(10).joined(separator: ", ")
    }

    func pipeline(_ dir: TempDirectory) throws -> String {
        try dir.write("pipeline.yaml", """
            data_dir: data
            checkpoints: { interval: 200ms }
            sources:
              app:
                type: file
                include: ["logs/app.log"]
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

    @Test func everyLineExactlyOnceInPerFileOrder() throws {
        let dir = try TempDirectory("sluice-stress")
        defer { dir.remove() }
        let config = try pipeline(dir)
        try FileManager.default.createDirectory(atPath: dir.file("logs"), withIntermediateDirectories: true)
        let agent = try RunningBinary(["run", "-c", config])
        #expect(waitUntil(timeout: 30) { agent.stderr.contains(#""msg":"started""#) })
        let writer = Writer(dir: dir.file("logs"))
        writer.agentPID = agent.process.processIdentifier
        try writer.write(0..<Self.total)
        #expect(waitUntil(timeout: 120) { lineCount(dir) >= Self.total }, "\(lineCount(dir)) of \(Self.total) lines arrived")
        _ = waitUntil(timeout: 1) { lineCount(dir) > Self.total }
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

    @Test func killNineAndRestartLosesNothingAndRepeatsOnlyAfterTheCheckpoint() throws {
        let dir = try TempDirectory("sluice-stress")
        defer { dir.remove() }
        let config = try pipeline(dir)
        try FileManager.default.createDirectory(atPath: dir.file("logs"), withIntermediateDirectories: true)
        let writer = Writer(dir: dir.file("logs"))
        var agent = try RunningBinary(["run", "-c", config])
        #expect(waitUntil(timeout: 30) { agent.stderr.contains(#""msg":"started""#) })
        writer.agentPID = agent.process.processIdentifier
        try writer.write(0..<(Self.total / 2))
        _ = waitUntil(timeout: 60) { lineCount(dir) >= Self.total / 4 }
        agent.send(SIGKILL)
        agent.wait()
        let checkpoints = (try? dir.read("data/checkpoints")) ?? ""
        var covered: [UInt64: Int] = [:]  // inode → checkpointed offset (of its latest generation)
        for entry in checkpoints.split(separator: "\n").dropFirst() {
            let f = entry.split(separator: "\t", omittingEmptySubsequences: false)
            if f.count == 9, let inode = UInt64(f[2]), let offset = Int(f[6]) { covered[inode] = offset }
        }
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
        var badDuplicates = 0
        for (seq, _) in lines where !seen.insert(seq).inserted {
            let p = writer.placements[seq]
            let isLatest = writer.latestGeneration[p.inode] == p.generation
            // A repeat is allowed only past the checkpoint of its file as it stood at the kill.
            if isLatest, let offset = covered[p.inode], p.offset < offset { badDuplicates += 1 }
        }
        #expect(badDuplicates == 0, "lines repeated although checkpointed")
        print("kill -9: \(lines.count - Self.total) duplicates of \(Self.total) lines")
    }
}
