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
    /// The first line written in each generation of each file.
    var firstLine: [Generation: Int] = [:]
    /// The text of line `seq` (without its newline) written in `generation`.
    var line: (_ seq: Int, _ generation: Int) -> String = { seq, gen in
        "{\"seq\":\(seq),\"gen\":\(gen),\"msg\":\"stress line for rotation testing\"}"
    }
    /// The inode of the copy copytruncate made of a generation (its bytes at the same offsets).
    var copies: [Generation: UInt64] = [:]
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
                if firstLine[Generation(inode: inode, number: generation)] == nil {
                    firstLine[Generation(inode: inode, number: generation)] = seq
                }
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
        let copied = try FileManager.default.attributesOfItem(atPath: path + ".\(rotations)")[.systemFileNumber] as! NSNumber
        copies[Generation(inode: inode, number: generation)] = copied.uint64Value
        try handle!.truncate(atOffset: 0)
        generation += 1
        offset = 0
    }

    /// One entry of `<data_dir>/checkpoints`: a file (inode) in one of its generations (told
    /// apart by the fingerprint of its first bytes) and the offset acknowledged in it.
    struct CheckpointEntry {
        var inode: UInt64
        var fingerprintLength: Int
        var fingerprint: UInt64
        var offset: Int
    }

    /// The entries of a checkpoint file's text.
    static func checkpointEntries(_ checkpoints: String) -> [CheckpointEntry] {
        checkpoints.split(separator: "\n").dropFirst().compactMap { entry in
            let f = entry.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count == 9, let inode = UInt64(f[2]), let length = Int(f[3]), let fingerprint = UInt64(f[4], radix: 16),
                let offset = Int(f[6])
            else { return nil }
            return CheckpointEntry(inode: inode, fingerprintLength: length, fingerprint: fingerprint, offset: offset)
        }
    }

    /// A generation of a file: its inode and the writer's generation number.
    struct Generation: Hashable {
        var inode: UInt64
        var number: Int
    }

    /// The generation `entry` is of: the one of its inode whose first bytes hash to the
    /// entry's fingerprint (FNV-1a, as the agent computes it).
    func generation(of entry: CheckpointEntry) -> Generation? {
        let key = "\(entry.inode):\(entry.fingerprintLength):\(entry.fingerprint)"
        if let known = generations[key] { return known }
        let found = firstLine.keys.first { $0.inode == entry.inode && fingerprint($0, length: entry.fingerprintLength) == entry.fingerprint }
        generations[key] = .some(found)
        return found
    }
    private var generations: [String: Generation?] = [:]

    /// FNV-1a of the first `length` bytes of a generation (nil when it has fewer).
    func fingerprint(_ generation: Generation, length: Int) -> UInt64? {
        guard var seq = firstLine[generation] else { return nil }
        var prefix: [UInt8] = []
        while prefix.count < length, seq < placements.count,
            placements[seq].inode == generation.inode, placements[seq].generation == generation.number
        {
            prefix += Array((line(seq, generation.number) + "\n").utf8)
            seq += 1
        }
        guard prefix.count >= length else { return nil }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in prefix.prefix(length) {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01B3
        }
        return hash
    }

    /// Kills the agent with SIGKILL, first stopping it (SIGSTOP) to take its checkpoints and
    /// the inodes it holds open at one instant.
    static func kill(_ agent: RunningBinary, _ dir: TempDirectory) -> (checkpoints: [CheckpointEntry], open: Set<UInt64>) {
        agent.send(SIGSTOP)
        let open = RotatingLogWriter.inodesOpen(by: agent.process.processIdentifier)
        let checkpoints = RotatingLogWriter.checkpointEntries((try? dir.read("data/checkpoints")) ?? "")
        agent.send(SIGKILL)
        agent.wait()
        return (checkpoints, open)
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

    /// Whether line `seq` was behind the checkpoint (``checkpointEntries(_:)``) of an agent
    /// that held the inodes `open` (both taken while it was stopped): true when it was
    /// acknowledged for good, false when a restart must send it again, nil when either may
    /// happen (its generation of the file was not in the checkpoint yet).
    ///
    /// An entry of the line's generation decides by its offset. A generation with no entry
    /// of its own that copytruncate copied is decided by its copy's entry: the copy has the
    /// same bytes at the same offsets, and its entry is at its end when it was recognised as
    /// a copy (the original was read whole), or where reading it got to when the generation
    /// was truncated before any of it was read (its lines then come from the copy alone).
    /// Otherwise a generation older than the one checkpointed for its inode was acknowledged
    /// whole (a generation truncated away keeps its own entry until then). A file neither
    /// checkpointed nor held open was closed after all its lines were acknowledged (a rotated
    /// file, drained).
    func isCheckpointed(_ seq: Int, checkpoints: [CheckpointEntry], open: Set<UInt64>) -> Bool? {
        let p = placements[seq]
        let own = Generation(inode: p.inode, number: p.generation)
        let ofInode = checkpoints.filter { $0.inode == p.inode }
        guard !ofInode.isEmpty else { return open.contains(p.inode) ? nil : true }
        if let entry = ofInode.first(where: { generation(of: $0) == own }) { return p.offset < entry.offset }
        if let copy = copies[own] {
            let ofCopy = checkpoints.filter { $0.inode == copy }
            if !ofCopy.isEmpty { return ofCopy.contains { p.offset < $0.offset } }
            if open.contains(copy) { return nil }
        }
        var newest: Int?
        for entry in ofInode {
            guard let generation = generation(of: entry) else { continue }
            newest = max(newest ?? generation.number, generation.number)
        }
        guard let newest else { return nil }
        return p.generation < newest ? true : nil
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
