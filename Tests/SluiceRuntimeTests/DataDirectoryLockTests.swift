import Glibc
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceRuntime

/// `<data_dir>/sluice.lock`: the data_dir it creates is 0700 and the lock file 0600 (compared
/// after the umask; `DataDirectoryModeCLITests` runs the agent under umask 0).
@Suite struct DataDirectoryLockTests {
    @Test func createsTheDataDir0700AndTheLockFile0600() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let lock = try DataDirectoryLock(dataDir: dir.file("state/data"))
        defer { lock.release() }
        for created in [dir.file("state"), dir.file("state/data")] {
            #expect(FileModes.permissions(created) == FileModes.created(0o700), "\(created) is \(FileModes.octal(FileModes.permissions(created)))")
        }
        #expect(FileModes.permissions(lock.path) == FileModes.created(0o600), "\(FileModes.octal(FileModes.permissions(lock.path)))")
        #expect(try FileIO.readString(lock.path) == "\(getpid())\n")
    }
}
