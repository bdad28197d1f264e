import Foundation
import Glibc
import SluiceTestSupport

/// A writer at full speed into `<dir>/app.log` that rotates by rename every 10,000 lines and
/// by copytruncate every 25,000 (shared by the tailer stress tests and the output end-to-end
/// tests). Each line is `line(seq, generation)`; by default
/// `{"seq":…,"gen":…,"msg":"stress line for rotation testing"}`.
final class RotatingLogWriter: @unchecked Sendable {
    /// Where each line was written: the file's inode, its generation (a new one after each
    /// rotation or truncation) and the line's byte offset in that generation.
    struct Placement {
        var inode: UInt64
        var generation: Int
        var offset: Int
    }

    let dir: String
    /// The agent's pid: after creating a file, the writer waits until the agent holds it
    /// open (as a running agent does within milliseconds), then goes on at full speed.
    var agentPID: Int32 = 0
    var placements: [Placement] = []
    var latestGeneration: [UInt64: Int] = [:]
    /// The text of line `seq` (without its newline) written in `generation`.
    var line: (_ seq: Int, _ generation: Int) -> String = { seq, gen in
        "{\"seq\":\(seq),\"gen\":\(gen),\"msg\":\"stress line for rotation testing\"}"
    }
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
                let text = line(seq, generation) + "\n"
                placements.append(Placement(inode: inode, generation: generation, offset: offset))
                offset += text.utf8.count
                chunk += text
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
        _ = waitUntil(timeout: 5) { Self.inodesOpen(by: agentPID).contains(inode) }
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

    /// The checkpointed offset by inode in `<data_dir>/checkpoints` (its text).
    static func checkpointedOffsets(_ checkpoints: String) -> [UInt64: Int] {
        var covered: [UInt64: Int] = [:]
        for entry in checkpoints.split(separator: "\n").dropFirst() {
            let f = entry.split(separator: "\t", omittingEmptySubsequences: false)
            if f.count == 9, let inode = UInt64(f[2]), let offset = Int(f[6]) { covered[inode] = offset }
        }
        return covered
    }

    /// The inodes of the files a process holds open (its `/proc/<pid>/fd`).
    static func inodesOpen(by pid: Int32) -> Set<UInt64> {
        let fdDir = "/proc/\(pid)/fd"
        var inodes: Set<UInt64> = []
        for fd in (try? FileManager.default.contentsOfDirectory(atPath: fdDir)) ?? [] {
            var st = stat()
            if stat(fdDir + "/" + fd, &st) == 0 { inodes.insert(UInt64(st.st_ino)) }
        }
        return inodes
    }

    /// Whether line `seq` was behind the checkpoint `covered` (from ``checkpointedOffsets(_:)``)
    /// of an agent that held the inodes `open` (both taken while it was stopped); only
    /// decidable for the latest generation of its inode, nil otherwise. A file the agent no
    /// longer held and no longer checkpointed was closed after all its lines were acknowledged
    /// (a rotated file, drained): all of it counts as checkpointed.
    func isCheckpointed(_ seq: Int, covered: [UInt64: Int], open: Set<UInt64>) -> Bool? {
        let p = placements[seq]
        guard latestGeneration[p.inode] == p.generation else { return nil }
        guard let offset = covered[p.inode] else { return !open.contains(p.inode) }
        return p.offset < offset
    }

    /// `[a-b, c-d]` for a sorted list of numbers (the first ten ranges).
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
}
