import Glibc
import Logging
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceRuntime

/// Saving and restoring the state of stateful stages (`<data_dir>/state/<name>`).
@Suite struct StageStateStoreTests {
    /// A stateful stage whose state is a list of words.
    final class Words: StatefulStage, @unchecked Sendable {
        let name = "words"
        let stateName: String
        var words: [String] = []
        var changed = false
        init(_ stateName: String) { self.stateName = stateName }
        func process(_ batch: inout Batch) {}
        func encodeState(changedOnly: Bool) -> [[String]]? {
            guard changed || !changedOnly else { return nil }
            changed = false
            return words.map { [$0] }
        }
        struct Refused: Error {}
        /// Refuses a record `refuse me`, changing nothing.
        func restoreState(_ records: [[String]]) throws {
            guard !records.contains(["refuse me"]) else { throw Refused() }
            words = records.map { $0[0] }
        }
    }

    func chain(_ stages: [any Stage]) -> [any Stage] { stages }
    func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    @Test func savesWhatChangedAndRestoresItByName() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let store = StageStateStore(dataDir: dir.path, logger: Logger(label: "test"))
        let a = Words("workflow-id"), b = Words("workflow-id")
        store.restore(chain([a, b]))
        try store.save()
        #expect(!exists(dir.file("state/workflow-id")), "nothing changed, nothing written")
        a.words = ["one", "tab\there"]
        a.changed = true
        b.words = ["two"]
        b.changed = true
        try store.save()
        let restoredA = Words("workflow-id"), restoredB = Words("workflow-id")
        StageStateStore(dataDir: dir.path, logger: Logger(label: "test")).restore(chain([restoredA, restoredB]))
        #expect(restoredA.words == ["one", "tab\there"])
        #expect(restoredB.words == ["two"], "a second stage of the same name has a numbered file")
        #expect(exists(dir.file("state/workflow-id-2")))
        #expect(StageStateStore.named([Words("../etc/x y")]).map(\.file) == [".._etc_x_y"], "names made safe as file names")
    }

    /// A failed write is retried whole at the next save, though the stage no longer says it changed.
    @Test func aFailedWriteIsRetriedAtTheNextSave() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let store = StageStateStore(dataDir: dir.path, logger: Logger(label: "test"))
        let a = Words("w")
        store.restore(chain([a]))
        try FileIO.makeDirectories(dir.file("state/w.tmp"), mode: 0o700)  // the temp file cannot be created
        a.words = ["kept"]
        a.changed = true
        #expect(throws: (any Error).self) { try store.save() }
        rmdir(dir.file("state/w.tmp"))
        try store.save()
        let restored = Words("w")
        StageStateStore(dataDir: dir.path, logger: Logger(label: "test")).restore(chain([restored]))
        #expect(restored.words == ["kept"])
    }

    /// State the stage cannot take (well-formed, checksum right): the previous generation is used.
    @Test func stateTheStageRefusesFallsBackToThePreviousGeneration() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let store = StageStateStore(dataDir: dir.path, logger: Logger(label: "test"))
        let a = Words("w")
        store.restore(chain([a]))
        a.words = ["good"]
        a.changed = true
        try store.save()
        a.words = ["refuse me"]
        a.changed = true
        try store.save()
        let restored = Words("w")
        StageStateStore(dataDir: dir.path, logger: Logger(label: "test")).restore(chain([restored]))
        #expect(restored.words == ["good"])
    }

    @Test func aReloadHandsTheStateToTheStageOfTheSameName() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let store = StageStateStore(dataDir: dir.path, logger: Logger(label: "test"))
        let old = Words("w"), other = Words("other")
        old.words = ["open run"]
        store.restore(chain([old]))
        let new = Words("w")
        store.follow(chain([other, new]), handingOverFrom: chain([old]))
        #expect(new.words == ["open run"])
        #expect(other.words.isEmpty)
    }
}
