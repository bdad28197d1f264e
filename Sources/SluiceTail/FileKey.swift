import Glibc

/// A file by device and inode: which file a name or a descriptor is, whatever its name.
struct FileKey: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64

    init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }

    /// The file `st` describes.
    init(_ st: stat) {
        self.init(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }

    /// The file an identity (or a checkpoint's identity) names.
    init(_ identity: FileIdentity) {
        self.init(device: identity.device, inode: identity.inode)
    }

    /// The file `path` names now, or nil when it cannot be looked at.
    static func of(_ path: String) -> FileKey? {
        var st = stat()
        return stat(path, &st) == 0 ? FileKey(st) : nil
    }
}
