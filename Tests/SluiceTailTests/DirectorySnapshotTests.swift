import Foundation
import Glibc
import SluiceTestSupport
import Testing
@testable import SluiceTail

/// A snapshot tells a directory changed by a name added, removed or renamed, a change of
/// mode, a replacement, an appearance or a disappearance; and trusts no time stamp from just
/// before it was taken.
@Suite struct DirectorySnapshotTests {
    /// Sets the access and modification times of `path` an hour back (its change time moves to now).
    func age(_ path: String) {
        var past = timespec()
        clock_gettime(CLOCK_REALTIME, &past)
        past.tv_sec -= 3600
        let times = [past, past]
        #expect(utimensat(AT_FDCWD, path, times, 0) == 0)
    }

    @Test func unchangedDirectoriesAreUnchanged() throws {
        let dir = try TempDirectory("sluice-snapshot")
        defer { dir.remove() }
        try dir.write("a/one.log", "x\n")
        try dir.write("b/two.log", "y\n")
        let snapshot = DirectorySnapshot([dir.file("a"), dir.file("b"), dir.file("absent")], racyWindow: 0)
        #expect(snapshot.isUnchanged())
        // Writing to a file changes the file, not its directory.
        try dir.write("a/one.log", "x\nmore\n")
        #expect(snapshot.isUnchanged())
    }

    @Test func aNameAddedRemovedOrRenamedIsAChange() throws {
        let dir = try TempDirectory("sluice-snapshot")
        defer { dir.remove() }
        try dir.write("a/one.log", "x\n")
        age(dir.file("a"))
        let before = DirectorySnapshot([dir.file("a")], racyWindow: 0)
        try dir.write("a/two.log", "y\n")
        #expect(!before.isUnchanged(), "a name added")

        age(dir.file("a"))
        let beforeRename = DirectorySnapshot([dir.file("a")], racyWindow: 0)
        #expect(rename(dir.file("a/two.log"), dir.file("a/two.log.1")) == 0)
        #expect(!beforeRename.isUnchanged(), "a name renamed")

        age(dir.file("a"))
        let beforeRemoval = DirectorySnapshot([dir.file("a")], racyWindow: 0)
        #expect(unlink(dir.file("a/two.log.1")) == 0)
        #expect(!beforeRemoval.isUnchanged(), "a name removed")
    }

    /// An unreadable directory made readable lists names it did not before.
    @Test func aChangeOfModeIsAChange() throws {
        let dir = try TempDirectory("sluice-snapshot")
        defer { dir.remove() }
        try dir.write("a/one.log", "x\n")
        age(dir.file("a"))
        let snapshot = DirectorySnapshot([dir.file("a")], racyWindow: 0)
        #expect(chmod(dir.file("a"), 0o700) == 0)
        #expect(!snapshot.isUnchanged())
    }

    @Test func aDirectoryThatAppearsVanishesOrIsReplacedIsAChange() throws {
        let dir = try TempDirectory("sluice-snapshot")
        defer { dir.remove() }
        let absent = DirectorySnapshot([dir.file("later")], racyWindow: 0)
        #expect(absent.isUnchanged())
        try dir.write("later/one.log", "x\n")
        #expect(!absent.isUnchanged(), "appeared")

        let present = DirectorySnapshot([dir.file("later")], racyWindow: 0)
        try FileManager.default.removeItem(atPath: dir.file("later"))
        #expect(!present.isUnchanged(), "vanished")

        // Another directory renamed over it, with the very same time stamps.
        try dir.write("old/one.log", "x\n")
        try dir.write("new/one.log", "x\n")
        age(dir.file("old"))
        var st = stat()
        #expect(stat(dir.file("old"), &st) == 0)
        let replaced = DirectorySnapshot([dir.file("old")], racyWindow: 0)
        let times = [st.st_atim, st.st_mtim]
        #expect(utimensat(AT_FDCWD, dir.file("new"), times, 0) == 0)
        try FileManager.default.removeItem(atPath: dir.file("old"))
        #expect(rename(dir.file("new"), dir.file("old")) == 0)
        #expect(!replaced.isUnchanged(), "replaced")
    }

    /// A directory changed within the window may change again within the same tick of a
    /// coarse clock without its time stamps moving: not trusted.
    @Test func aDirectoryChangedJustBeforeIsNotTrusted() throws {
        let dir = try TempDirectory("sluice-snapshot")
        defer { dir.remove() }
        try dir.write("a/one.log", "x\n")
        #expect(!DirectorySnapshot([dir.file("a")], racyWindow: 3600).isUnchanged())
        age(dir.file("a"))
        // Its change time is now (setting times changes it): still too recent.
        #expect(!DirectorySnapshot([dir.file("a")], racyWindow: 3600).isUnchanged())
        #expect(DirectorySnapshot([dir.file("a")], racyWindow: 0).isUnchanged())
    }
}
