import Glibc
import SluiceCore

/// A tmpfs of a few KiB mounted on a fresh temporary directory: a real file system that
/// fills up. Mounting needs root (CAP_SYS_ADMIN); without it ``init(bytes:)`` throws a
/// ``SystemError`` with EPERM.
public final class SmallFileSystem: Sendable {
    public let path: String
    private let directory: TempDirectory

    /// Mounts a tmpfs of `bytes` (rounded up to whole pages by the kernel).
    public init(bytes: Int) throws {
        directory = try TempDirectory("sluice-tmpfs")
        path = directory.path
        guard mount("tmpfs", path, "tmpfs", UInt(MS_NOSUID | MS_NODEV), "size=\(bytes),mode=0700") == 0 else {
            let error = SystemError("mount tmpfs", path: path)
            directory.remove()
            throw error
        }
    }

    /// `path/name`.
    public func file(_ name: String) -> String { path + "/" + name }

    /// Writes a file of `bytes` bytes to take up space.
    public func fill(_ name: String, bytes: Int) throws {
        let fd = try FileIO.open(file(name), O_WRONLY | O_CREAT | O_TRUNC)
        defer { close(fd) }
        try FileIO.writeAll(fd, [UInt8](repeating: 0x2E, count: bytes), path: file(name))
    }

    /// Deletes `name`, giving its space back.
    public func remove(_ name: String) throws {
        guard unlink(file(name)) == 0 else { throw SystemError("unlink", path: file(name)) }
    }

    /// Unmounts the file system and removes the directory.
    public func unmount() {
        umount2(path, Int32(MNT_DETACH))
        directory.remove()
    }
}
