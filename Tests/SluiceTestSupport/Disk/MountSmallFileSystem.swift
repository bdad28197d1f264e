import Glibc
import SluiceCore
import Testing

/// Mounts a ``SmallFileSystem`` for a test of a real full disk. Without the privilege to mount
/// (not root), returns `nil` and records a known issue saying that the real full disk was not
/// tested; the tests through ``FillingDisk`` still cover the behaviour.
public func mountSmallFileSystem(bytes: Int) throws -> SmallFileSystem? {
    do {
        return try SmallFileSystem(bytes: bytes)
    } catch let error as SystemError where error.code == EPERM || error.code == EACCES {
        withKnownIssue("a real full disk is not tested: mounting a tmpfs needs root (CAP_SYS_ADMIN)") {
            throw error
        }
        return nil
    }
}
