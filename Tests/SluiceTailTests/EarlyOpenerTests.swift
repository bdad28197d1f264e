import Foundation
import Glibc
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceTail

/// The early opener watches directories for new names only, and a new file on its own for
/// its writes until the tailer follows it.
@Suite struct EarlyOpenerTests {
    /// An opener for `dir/*.log`, watching `dir`, started.
    func startedOpener(following dir: TempDirectory) throws -> EarlyOpener {
        let opener = try EarlyOpener(patterns: [try GlobPattern(dir.path + "/*.log")], excludes: [], fingerprintCap: 1024, maxPending: 16)
        opener.watch([dir.path])
        try opener.start()
        return opener
    }

    func key(_ path: String) -> FileKey? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return FileKey(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }

    /// Created empty (as a logger opening its file), written later: opened at its first write.
    @Test func aFileCreatedEmptyIsOpenedAtItsFirstWrite() throws {
        let dir = try TempDirectory("sluice-opener")
        defer { dir.remove() }
        let opener = try startedOpener(following: dir)
        defer { opener.stop() }
        let path = dir.path + "/app.log"
        let fd = try FileIO.open(path, O_WRONLY | O_CREAT | O_APPEND)
        defer { close(fd) }
        let created = try #require(key(path))
        try FileIO.writeAll(fd, Array("first line\n".utf8), path: path)
        #expect(waitUntil { opener.pendingCount == 1 }, "opened at its first write")
        let snapshot = opener.adopt(device: created.device, inode: created.inode)
        #expect(snapshot?.identity.fingerprintLength == 11)
        if let snapshot { close(snapshot.fd) }
    }

    /// A file the tailer follows is left alone when written; a new file beside it is opened.
    @Test func aFollowedFileIsLeftAloneWhenWritten() throws {
        let dir = try TempDirectory("sluice-opener")
        defer { dir.remove() }
        let opener = try startedOpener(following: dir)
        defer { opener.stop() }
        let path = dir.path + "/app.log"
        let fd = try FileIO.open(path, O_WRONLY | O_CREAT | O_APPEND)
        defer { close(fd) }
        let created = try #require(key(path))
        // Followed before its first write (as a file found by a scan).
        opener.setTracked(device: created.device, inode: created.inode, true)
        for _ in 0..<20 { try FileIO.writeAll(fd, Array("line\n".utf8), path: path) }
        let other = dir.path + "/other.log"
        try Data("other\n".utf8).write(to: URL(fileURLWithPath: other))
        // The other file's snapshot comes after the writes above were handled (one thread, in order).
        #expect(waitUntil { opener.pendingCount == 1 })
        let otherKey = try #require(key(other))
        let snapshot = opener.adopt(device: otherKey.device, inode: otherKey.inode)
        #expect(snapshot != nil)
        if let snapshot { close(snapshot.fd) }
        #expect(opener.adopt(device: created.device, inode: created.inode) == nil)
    }
}
