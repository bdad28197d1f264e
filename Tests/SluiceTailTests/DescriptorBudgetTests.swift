import Foundation
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceTail

/// Followed files share a budget of descriptors: idle files are closed and opened again by
/// identity when they change; nothing is lost or read twice, across a restart too.
@Suite struct DescriptorBudgetTests {
    func numbered(_ stream: String, _ range: Range<Int>) -> String {
        range.map { "\(stream)-\($0)\n" }.joined()
    }

    /// Descriptors this process holds on files under `directory`.
    func descriptors(under directory: String) -> Int {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return fds.filter { ((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0)) ?? "").hasPrefix(directory) }.count
    }

    @Test func moreFilesThanDescriptorsAreReadOnceAndReopenedWhenTheyChange() throws {
        let h = try TailerHarness(include: ["*.log"])
        defer { h.finish() }
        h.settings.maxOpenFiles = 8
        let files = 40
        for file in 0..<files { try h.append("f\(file).log", numbered("f\(file)", 0..<20)) }
        try h.start()
        #expect(h.waitFor(files * 20))
        #expect(waitUntil { h.tailer?.isCaughtUp == true })
        #expect(descriptors(under: h.log("")) <= 8 + 2, "the budget, and the early opener's few")
        let followed = try #require(h.metrics.gauge("sluice_tailer_files_followed"))
        #expect(followed <= 8, "files held open: within the budget")
        #expect(h.metrics.gauge("sluice_tailer_files_waiting_for_descriptor") == 0)

        // Every file written again, one renamed away and written under its new name.
        for file in 0..<files { try h.append("f\(file).log", numbered("f\(file)", 20..<30)) }
        #expect(h.waitFor(files * 30))
        #expect(waitUntil { h.tailer?.isCaughtUp == true })
        #expect(rename(h.log("f0.log"), h.log("f0.log.1")) == 0)
        try h.append("f0.log.1", numbered("f0", 30..<35))
        #expect(h.waitFor(files * 30 + 5))
        #expect(waitUntil { h.tailer?.isCaughtUp == true })
        try h.stop()
        #expect(h.metrics.counter("sluice_tailer_files_closed_total", ["reason": "idle"]) > 0)
        #expect(h.metrics.counter("sluice_tailer_files_reopened_total") > 0)

        // Restarted: the closed files' checkpoints were kept; only new lines are read.
        try h.start()
        for file in 1..<files { try h.append("f\(file).log", numbered("f\(file)", 30..<32)) }
        #expect(h.waitFor(files * 30 + 5 + (files - 1) * 2))
        #expect(waitUntil { h.tailer?.isCaughtUp == true })
        try h.stop()

        var byStream: [String: [Int]] = [:]
        for line in h.received {
            let parts = line.text.split(separator: "-")
            byStream[String(parts[0]), default: []].append(Int(parts[1])!)
        }
        #expect(byStream["f0"] == Array(0..<35))
        for file in 1..<files {
            #expect(byStream["f\(file)"] == Array(0..<32), "f\(file): \(byStream["f\(file)"]?.count ?? 0) lines")
        }
    }
}
