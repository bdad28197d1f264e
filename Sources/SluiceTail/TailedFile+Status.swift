import Glibc
import SluiceCore

/// A followed file's state on disk, from `fstat` on its descriptor (the truth; inotify only
/// hints) and `stat` on its path.
extension TailedFile {
    /// Current size from `fstat` (the truth; inotify only hints).
    func size() -> UInt64? {
        status()?.size
    }

    /// Current size and modification time (nanoseconds) from `fstat`.
    func status() -> (size: UInt64, modified: Int64)? {
        statusAndLinks().map { ($0.size, $0.modified) }
    }

    /// Current size, modification time (nanoseconds) and whether it has no name left
    /// (deleted), from one `fstat`.
    func statusAndLinks() -> (size: UInt64, modified: Int64, deleted: Bool)? {
        var st = stat()
        guard isOpen, fstat(fd, &st) == 0 else { return nil }
        return (UInt64(st.st_size), FileIO.nanoseconds(st.st_mtim), st.st_nlink == 0)
    }

    /// Whether the file has no name left (deleted; only open descriptors keep its blocks).
    func isDeleted() -> Bool {
        var st = stat()
        guard isOpen, fstat(fd, &st) == 0 else { return false }
        return st.st_nlink == 0
    }

    /// Whether the path still names this file (same device and inode).
    func pathStillNamesIt() -> Bool {
        var st = stat()
        guard stat(path, &st) == 0 else { return false }
        return UInt64(st.st_dev) == identity.device && UInt64(st.st_ino) == identity.inode
    }
}
