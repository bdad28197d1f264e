import Foundation
import Glibc
import SluiceCore

/// A small tmpfs mounted on a directory, that a test fills to provoke `ENOSPC` in the agent's
/// writes and frees again. Mounting needs root.
final class FullFilesystem {
    let path: String
    private var filler: String { path + "/.filler" }

    /// Mounts a tmpfs of `kibibytes` on `path` (created when missing).
    init(at path: String, kibibytes: Int) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kibibytes)k", "tmpfs", path])
    }

    /// Writes a file until the filesystem has no byte left.
    func fill() throws {
        let fd = open(filler, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard fd >= 0 else { throw SystemError("open", path: filler) }
        defer { close(fd) }
        // Large writes first, then smaller ones down to a byte, so nothing is left over.
        var chunk = 64 << 10
        let bytes = [UInt8](repeating: 0x2E, count: chunk)
        while chunk > 0 {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, chunk) }
            if n < 0 {
                guard errno == ENOSPC else { throw SystemError("write", path: filler) }
                chunk /= 2
            }
        }
    }

    /// Removes what ``fill()`` wrote.
    func free() {
        unlink(filler)
    }

    /// Unmounts (lazily: the agent may still hold a file open when a test fails).
    func unmount() {
        try? Self.run("/bin/umount", ["-l", path])
    }

    private static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SystemError(tool, path: arguments.joined(separator: " "), code: process.terminationStatus)
        }
    }
}
