import Glibc

/// A file that lines are appended to (NDJSON outputs, dead letters).
public enum LineFile {
    /// Opens `path` for appending whole lines, creating it with `mode`. A last line left
    /// without its newline (the writer was killed in the middle of a write; those lines were
    /// never acknowledged and are written again) is cut off first, so the next line does not
    /// run on from it. Returns the descriptor and how many bytes were cut.
    public static func openForAppending(_ path: String, mode: mode_t = 0o644) throws(SystemError) -> (fd: Int32, cut: Int) {
        let fd = try FileIO.open(path, O_RDWR | O_APPEND | O_CREAT, mode: mode)
        do throws(SystemError) {
            let end = lseek(fd, 0, SEEK_END)
            guard end > 0 else { return (fd, 0) }
            let keep = try lastLineEnd(fd, size: end, path: path)
            guard keep < end else { return (fd, 0) }
            guard ftruncate(fd, keep) == 0 else { throw SystemError("ftruncate", path: path) }
            return (fd, Int(end - keep))
        } catch {
            close(fd)
            throw error
        }
    }

    /// The offset just after the last newline before `size` (0 when there is none).
    static func lastLineEnd(_ fd: Int32, size: off_t, path: String) throws(SystemError) -> off_t {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var end = size
        while end > 0 {
            let start = max(0, end - off_t(buffer.count))
            let count = Int(end - start)
            var done = 0
            while done < count {
                let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, start + off_t(done)) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw SystemError("pread", path: path)
                }
                if n == 0 { break }
                done += n
            }
            if let newline = buffer[..<done].lastIndex(of: 0x0A) { return start + off_t(newline) + 1 }
            end = start
        }
        return 0
    }
}
