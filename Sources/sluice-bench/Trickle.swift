import Foundation
import SluiceCore

/// `sluice-bench trickle --dir DIR --files N --lines L --rate R`: appends L generated AI-workflow
/// lines (``WorkflowLineGenerator``, seed 42) to DIR/app-000.log … round-robin over N files, one
/// `write(2)` per line (as a logger writes), at R lines a second in total, paced by the monotonic
/// clock (every 2 ms it writes the lines due by then). Files are created when missing and
/// appended to. Prints the lines, bytes and seconds it took to standard error.
enum Trickle {
    static func run(dir: String, files: Int, lines: Int, rate: Double) -> Int32 {
        let files = max(1, files)
        var fds: [Int32] = []
        for i in 0..<files {
            let path = dir + "/" + String(format: "app-%03d.log", i)
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            if fd < 0 {
                FileHandle.standardError.write(Data("trickle: cannot open \(path): errno \(errno)\n".utf8))
                return 1
            }
            fds.append(fd)
        }
        var generator = WorkflowLineGenerator(seed: 42)
        var line: [UInt8] = []
        line.reserveCapacity(1 << 12)
        var written = 0
        var bytes = 0
        let t0 = Monotonic.now()
        while written < lines {
            let due = min(lines, Int((Monotonic.now() - t0) * rate) + 1)
            while written < due {
                line.removeAll(keepingCapacity: true)
                generator.appendLine(to: &line)
                line.append(0x0A)
                let n = line.withUnsafeBytes { write(fds[written % files], $0.baseAddress, $0.count) }
                if n != line.count {
                    FileHandle.standardError.write(Data("trickle: short write (\(n) of \(line.count) bytes)\n".utf8))
                    return 1
                }
                bytes += n
                written += 1
            }
            if written < lines { usleep(2_000) }
        }
        let seconds = Monotonic.now() - t0
        for fd in fds { close(fd) }
        FileHandle.standardError.write(Data(String(format: "trickle: %d lines, %d bytes to %d files in %.2f s (%.0f lines/s)\n",
            written, bytes, files, seconds, Double(written) / max(seconds, 1e-9)).utf8))
        return 0
    }
}
