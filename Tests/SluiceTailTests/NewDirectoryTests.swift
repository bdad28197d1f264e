import Foundation
import Glibc
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceTail

/// A directory that appears while the tailer runs, with files already written and rotated
/// in it before its watch could be added: listing it when the watch is added finds them.
@Suite struct NewDirectoryTests {
    func numbered(_ stream: String, _ range: Range<Int>) -> String {
        range.map { "\(stream)-\($0)\n" }.joined()
    }

    /// The directory is prepared outside the globs and moved in whole, so it appears with its
    /// files at once (what a fast writer does within the milliseconds before the watch).
    @Test(arguments: [("*/*.log", "run-1"), ("**/*.log", "run-2/inner")])
    func filesRotatedBeforeTheWatchAreRead(include: String, directory: String) throws {
        let h = try TailerHarness(include: [include])
        defer { h.finish() }
        try FileManager.default.createDirectory(atPath: h.log("existing"), withIntermediateDirectories: true)
        try h.start()
        try h.append("existing/before.log", numbered("before", 0..<10))
        #expect(h.waitFor(10))
        let staging = h.dir.path + "/staging/" + directory
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let files = [
            ("app.log.2", numbered("a", 0..<100)), ("app.log.1", numbered("a", 100..<200)), ("app.log", numbered("a", 200..<300)),
            ("worker.log-20261203", numbered("w", 0..<100)), ("worker.log", numbered("w", 100..<150)),
            // Not logs of the globs: compressed rotations, other names.
            ("app.log.3.gz", "compressed\n"), ("notes.txt", "not a log\n"), ("app.logger", "not a rotation\n"),
        ]
        for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: staging + "/" + name)) }
        let top = String(directory.split(separator: "/")[0])
        #expect(rename(h.dir.path + "/staging/" + top, h.log(top)) == 0)
        #expect(h.waitFor(460))
        #expect(waitUntil { h.tailer?.isCaughtUp == true })
        try h.stop()
        let texts = h.received.map(\.text)
        let expected = Set(numbered("before", 0..<10).split(separator: "\n").map(String.init))
            .union(numbered("a", 0..<300).split(separator: "\n").map(String.init))
            .union(numbered("w", 0..<150).split(separator: "\n").map(String.init))
        #expect(texts.count == 460, "\(texts.count) lines for 460")
        #expect(Set(texts) == expected)
        #expect(h.metrics.counter("sluice_tailer_rotation_cases_total", ["case": "new_directory"]) == 3)
    }
}
