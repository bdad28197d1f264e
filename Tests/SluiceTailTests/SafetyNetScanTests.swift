import Foundation
import Glibc
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceTail

/// The scan of the globs every `scan_interval` (besides inotify) lists directories only when
/// one of them changed since the last scan; a rotation seen by a pass asks for a scan at once.
@Suite struct SafetyNetScanTests {
    final class Count: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() {
            lock.lock()
            count += 1
            lock.unlock()
        }
        var value: Int {
            lock.lock()
            defer { lock.unlock() }
            return count
        }
    }

    /// Moves the clock past the scan interval and waits for the passes that follow.
    func passTheScanInterval(_ h: TailerHarness, _ clock: ManualClock) -> Bool {
        guard let tailer = h.tailer else { return false }
        let before = tailer.passesCompleted
        clock.advance(by: h.settings.scanInterval + 1)
        return waitUntil { tailer.passesCompleted >= before + 2 }
    }

    @Test func aScanIsPassedWhileNoDirectoryChangedAndDoneWhenOneDid() throws {
        let h = try TailerHarness(include: ["app.log"])
        defer { h.finish() }
        let clock = ManualClock()
        h.settings.clock = clock
        h.settings.scanInterval = 5
        h.settings.racyWindow = 0
        let scans = Count()
        h.settings.scanned = { scans.add() }
        try h.append("app.log", "one\n")
        try h.start()
        #expect(h.waitFor(1))
        #expect(h.waitUntilQuiet())
        let settled = scans.value
        #expect(settled >= 1)

        #expect(passTheScanInterval(h, clock))
        #expect(passTheScanInterval(h, clock))
        #expect(scans.value == settled, "nothing changed: no listing")

        // A change inotify does not report as a new name (the directory's own mode): the
        // next periodic scan lists it.
        #expect(chmod(h.dir.path + "/logs", 0o700) == 0)
        #expect(passTheScanInterval(h, clock))
        #expect(scans.value == settled + 1)
        try h.stop()
        #expect(h.received.map(\.text) == ["one"])
    }

    /// A followed name that now names another file, in a directory no watch or snapshot
    /// covers (the target of a symlink, as Kubernetes links container logs): the new file is
    /// found at once, not at the next periodic scan.
    @Test func aSymlinkedFileRotatedBehindItsLinkIsFoundWithoutWaitingForTheScan() throws {
        let h = try TailerHarness(include: ["app.log"])
        defer { h.finish() }
        let clock = ManualClock()
        h.settings.clock = clock
        h.settings.scanInterval = 3600
        h.source.rotateWait = 3600
        let target = h.dir.path + "/pods"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        try Data("first\n".utf8).write(to: URL(fileURLWithPath: target + "/0.log"))
        #expect(symlink(target + "/0.log", h.log("app.log")) == 0)
        try h.start()
        #expect(h.waitFor(1))
        #expect(h.waitUntilQuiet())
        // The runtime rotates: the old file renamed away, a new one in its place.
        #expect(rename(target + "/0.log", target + "/0.log.20261207") == 0)
        try Data("second\n".utf8).write(to: URL(fileURLWithPath: target + "/0.log"))
        #expect(h.waitFor(2))
        try h.stop()
        #expect(h.received.map(\.text) == ["first", "second"])
    }
}
