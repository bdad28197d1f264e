import Glibc
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceTail

@Suite struct GlobExpansionTests {
    @Test func findsMatchingRegularFilesOnce() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        for name in ["a.json", "b.json", "c.json.gz", "skip.txt", "deep/x/d.jsonl", "deep/e.jsonl"] {
            try dir.write(name, "{}\n")
        }
        let include = try [GlobPattern(dir.path + "/*.json"), GlobPattern(dir.path + "/**/*.jsonl"), GlobPattern(dir.path + "/a.*")]
        let exclude = try [GlobPattern(dir.path + "/b.json")]
        let files = GlobExpansion.files(include: include, exclude: exclude)
        #expect(files == ["a.json", "deep/e.jsonl", "deep/x/d.jsonl"].map(dir.file))
    }

    @Test func missingDirectoriesYieldNothing() throws {
        #expect(GlobExpansion.files(include: [try GlobPattern("/nonexistent-sluice/*.json")], exclude: []).isEmpty)
    }
}

/// `**` follows symlinks to directories (Kubernetes links `/var/log/containers` into
/// `/var/log/pods`), each directory once, and a link back up the tree is no loop.
@Suite struct GlobSymlinkTests {
    @Test func directorySymlinksAreFollowedOnceAndLoopsEnd() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("elsewhere/pod/app.log", "{}\n")
        try dir.write("logs/real/b.log", "{}\n")
        #expect(symlink(dir.file("elsewhere"), dir.file("logs/linked")) == 0)
        #expect(symlink(dir.file("logs"), dir.file("logs/real/loop")) == 0)
        #expect(symlink(dir.file("logs/real"), dir.file("logs/twice")) == 0)
        let files = GlobExpansion.files(include: [try GlobPattern(dir.path + "/logs/**/*.log")], exclude: [])
        #expect(files == [dir.file("logs/linked/pod/app.log"), dir.file("logs/real/b.log")])
        var watched: Set<String> = []
        GlobExpansion.directories(below: dir.file("logs"), depthLeft: nil, into: &watched)
        #expect(watched == [dir.file("logs/linked"), dir.file("logs/linked/pod"), dir.file("logs/real")])
    }
}
