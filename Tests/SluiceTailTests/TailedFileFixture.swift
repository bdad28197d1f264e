import Glibc
import SluiceCore
@testable import SluiceTail

/// A ``TailedFile`` over `path` from its start, as the tailer opens one (id 1, a 1 KB
/// fingerprint cap); the caller closes `fd`.
func tailedFile(_ path: String) throws -> (file: TailedFile, fd: Int32) {
    let fd = try FileIO.open(path, O_RDONLY)
    let identity = try FileIdentity.of(fd, path: path, cap: 1024)
    let file = TailedFile(
        id: 1, path: path, source: FileSourceConfig(name: "test", include: [path]), fd: fd,
        identity: identity, offset: 0, now: 0, fingerprintCap: 1024)
    return (file, fd)
}
