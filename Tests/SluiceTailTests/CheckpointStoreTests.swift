import Foundation
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceTail

@Suite struct CheckpointStoreTests {
    static func sample(_ offset: UInt64, path: String = "/app/logs/a\tb%.log") -> Checkpoint {
        Checkpoint(
            path: path, identity: FileIdentity(device: 64769, inode: 1234, fingerprintLength: 1024, fingerprint: 0xDEAD_BEEF, key: 0xFEED),
            offset: offset, checkLength: 64, check: 0xABC)
    }

    @Test func roundTripsAndKeepsThePreviousGeneration() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let store = CheckpointStore(directory: dir.path)
        try store.prepare()
        #expect(try store.load().source == .none)
        try store.save([Self.sample(10)])
        try store.save([Self.sample(20), Self.sample(5, path: "/other\nname")])
        let loaded = try store.load()
        #expect(loaded.source == .current)
        #expect(loaded.checkpoints == [Self.sample(20), Self.sample(5, path: "/other\nname")])
        #expect(try CheckpointStore.decode(FileIO.readAll(store.previousPath)) == [Self.sample(10)])
    }

    /// Peers have crash-looped on a positions file full of NUL bytes.
    @Test(arguments: ["nul", "truncated", "flipped", "empty", "garbage"])
    func corruptCurrentFallsBackToThePreviousGeneration(_ damage: String) throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let store = CheckpointStore(directory: dir.path)
        try store.prepare()
        try store.save([Self.sample(10)])
        try store.save([Self.sample(20)])
        var bytes = try FileIO.readAll(store.currentPath)
        switch damage {
        case "nul": bytes = [UInt8](repeating: 0, count: bytes.count)
        case "truncated": bytes = Array(bytes.prefix(bytes.count - 7))
        case "flipped": bytes[bytes.count - 3] ^= 0x01
        case "empty": bytes = []
        default: bytes = Array("{\"positions\": {}}".utf8)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: store.currentPath))
        let loaded = try store.load()
        #expect(loaded.source == .previous)
        #expect(loaded.checkpoints == [Self.sample(10)])
        #expect(loaded.problems.count == 1 && loaded.problems[0].hasPrefix(store.currentPath))
    }

    @Test func bothCorruptIsAnErrorNotASilentRestart() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let store = CheckpointStore(directory: dir.path)
        try store.prepare()
        try Data(repeating: 0, count: 100).write(to: URL(fileURLWithPath: store.currentPath))
        try Data(repeating: 0, count: 100).write(to: URL(fileURLWithPath: store.previousPath))
        #expect(throws: CheckpointStore.Failure.self) { try store.load() }
    }

    @Test func unwritableDataDirectoryIsAClearError() throws {
        guard getuid() != 0 else { return verifyReadOnlyAsRoot() }
        let dir = try TempDirectory()
        defer { dir.remove() }
        chmod(dir.path, 0o500)
        defer { chmod(dir.path, 0o700) }
        #expect { try CheckpointStore(directory: dir.path + "/data").prepare() } throws: { "\($0)".contains("Permission denied") }
    }

    /// Root ignores permissions; a path under a regular file still cannot be a directory.
    func verifyReadOnlyAsRoot() {
        #expect { try CheckpointStore(directory: "/proc/version/data").prepare() } throws: { "\($0)".hasPrefix("mkdir /proc/version") }
    }

    /// The checkpoint files name log files: their directory and every generation are the agent
    /// user's only (compared after the umask, so the test holds under any umask that keeps the
    /// owner's bits; `DataDirectoryModeCLITests` runs the agent under umask 0).
    @Test func theDirectoryIsCreated0700AndEveryGeneration0600() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let store = CheckpointStore(directory: dir.file("state/data"))
        try store.prepare()
        for created in [dir.file("state"), dir.file("state/data")] {
            #expect(FileModes.permissions(created) == FileModes.created(0o700), "\(created) is \(FileModes.octal(FileModes.permissions(created)))")
        }
        _ = store.markStart()
        try store.save([Self.sample(10)])
        try store.save([Self.sample(20)])
        for path in [store.currentPath, store.previousPath, store.startedPath] {
            #expect(FileModes.permissions(path) == FileModes.created(0o600), "\(path) is \(FileModes.octal(FileModes.permissions(path)))")
        }
    }
}
