import Foundation
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceTail

/// Scripted file actions against a real tailer. Each scenario writes numbered lines
/// (`<stream>-<n>`), performs rotations and restarts, and checks what arrived.
@Suite struct TailerScenarioTests {
    /// One step of a scenario.
    enum Step: CustomStringConvertible, Sendable {
        /// Append `count` numbered lines of `stream` to `file`.
        case write(String, stream: String, count: Int)
        /// Append raw text (no newline handling).
        case raw(String, String)
        case rename(String, String)
        /// copytruncate: copy `file` to `copy`, then truncate `file`.
        case copyTruncate(String, copy: String)
        /// Truncate to zero and write fresh numbered lines at once.
        case truncateAndRewrite(String, stream: String, count: Int)
        case delete(String)
        case mkdir(String)
        case restart
        /// Wait until `n` lines have arrived in total.
        case waitFor(Int)

        var description: String {
            switch self {
            case .write(let f, let s, let n): "write \(n) \(s) lines to \(f)"
            case .raw(let f, _): "raw write to \(f)"
            case .rename(let a, let b): "rename \(a) → \(b)"
            case .copyTruncate(let f, let c): "copytruncate \(f) → \(c)"
            case .truncateAndRewrite(let f, let s, let n): "truncate \(f), rewrite \(n) \(s) lines"
            case .delete(let f): "delete \(f)"
            case .mkdir(let d): "mkdir \(d)"
            case .restart: "restart"
            case .waitFor(let n): "wait for \(n) lines"
            }
        }
    }

    struct Scenario: CustomStringConvertible, Sendable {
        var name: String
        var include: [String] = ["*.log"]
        var steps: [Step]
        /// Lines expected exactly once, by stream, in order.
        var expected: [String: Int]
        var description: String { name }
    }

    static let scenarios: [Scenario] = [
        Scenario(name: "appends", steps: [.write("a.log", stream: "a", count: 500), .waitFor(500), .write("a.log", stream: "a", count: 500)], expected: ["a": 1000]),
        Scenario(name: "partial line is held until its newline", steps: [
            .write("a.log", stream: "a", count: 3), .waitFor(3), .raw("a.log", "a-"), .raw("a.log", "3\n"), .write("a.log", stream: "a", count: 1),
        ], expected: ["a": 5]),
        Scenario(name: "rename and create", steps: [
            .write("app.log", stream: "one", count: 2000), .rename("app.log", "app.log.1"), .write("app.log", stream: "two", count: 2000),
        ], expected: ["one": 2000, "two": 2000]),
        Scenario(name: "renamed file keeps being read after the rename", steps: [
            .write("app.log", stream: "one", count: 100), .waitFor(100), .rename("app.log", "app.log.1"),
            .write("app.log.1", stream: "one", count: 100), .write("app.log", stream: "two", count: 100),
        ], expected: ["one": 200, "two": 100]),
        Scenario(name: "renamed into another matching name keeps its position", steps: [
            .write("a.log", stream: "a", count: 300), .waitFor(300), .rename("a.log", "b.log"), .write("b.log", stream: "a", count: 300),
        ], expected: ["a": 600]),
        // The file is already followed; a backlog is unread when it is copied and truncated.
        Scenario(name: "copytruncate with unread lines", steps: [
            .write("app.log", stream: "one", count: 10), .waitFor(10), .write("app.log", stream: "one", count: 30000),
            .copyTruncate("app.log", copy: "app.log.1"), .write("app.log", stream: "two", count: 1000),
        ], expected: ["one": 30010, "two": 1000]),
        Scenario(name: "copytruncate after everything was read", steps: [
            .write("app.log", stream: "one", count: 50), .waitFor(50), .copyTruncate("app.log", copy: "app.log.1"), .write("app.log", stream: "two", count: 10),
        ], expected: ["one": 50, "two": 10]),
        Scenario(name: "deleted while unread is drained", steps: [
            .write("app.log", stream: "one", count: 10), .waitFor(10), .write("app.log", stream: "one", count: 30000), .delete("app.log"),
        ], expected: ["one": 30010]),
        Scenario(name: "moved out of the glob is drained", steps: [
            .write("app.log", stream: "one", count: 5000), .rename("app.log", "app.old"), .write("app.old", stream: "one", count: 10),
        ], expected: ["one": 5010]),
        Scenario(name: "truncated then rewritten", steps: [
            .write("app.log", stream: "one", count: 200), .waitFor(200), .truncateAndRewrite("app.log", stream: "two", count: 20),
        ], expected: ["one": 200, "two": 20]),
        Scenario(name: "file smaller than the fingerprint grows", steps: [
            .write("a.log", stream: "a", count: 2), .waitFor(2), .write("a.log", stream: "a", count: 200),
        ], expected: ["a": 202]),
        Scenario(name: "restart resumes exactly", steps: [
            .write("a.log", stream: "a", count: 1000), .waitFor(1000), .restart, .write("a.log", stream: "a", count: 1000),
        ], expected: ["a": 2000]),
        Scenario(name: "restart with a small file resumes exactly", steps: [
            .write("a.log", stream: "a", count: 3), .waitFor(3), .restart, .write("a.log", stream: "a", count: 3),
        ], expected: ["a": 6]),
        Scenario(name: "rotated while stopped is drained after restart", steps: [
            .write("app.log", stream: "one", count: 100), .waitFor(100), .restart, .write("app.log", stream: "one", count: 50),
            .rename("app.log", "app.log.1"), .write("app.log", stream: "two", count: 10),
        ], expected: ["one": 150, "two": 10]),
        Scenario(name: "new directory under ** is watched", include: ["**/*.jsonl"], steps: [
            .write("top.jsonl", stream: "top", count: 10), .waitFor(10), .mkdir("deep/er"), .write("deep/er/x.jsonl", stream: "deep", count: 10),
        ], expected: ["top": 10, "deep": 10]),
        Scenario(name: "new file appears", steps: [
            .write("a.log", stream: "a", count: 10), .waitFor(10), .write("b.log", stream: "b", count: 10),
        ], expected: ["a": 10, "b": 10]),
        Scenario(name: "delete then create again", steps: [
            .write("a.log", stream: "one", count: 10), .waitFor(10), .delete("a.log"), .write("a.log", stream: "two", count: 10),
        ], expected: ["one": 10, "two": 10]),
    ]

    @Test(arguments: scenarios)
    func scenario(_ scenario: Scenario) throws {
        let harness = try TailerHarness(include: scenario.include)
        defer { harness.finish() }
        try harness.start()
        var counters: [String: Int] = [:]
        for step in scenario.steps {
            try perform(step, harness, &counters)
        }
        let total = scenario.expected.values.reduce(0, +)
        #expect(harness.waitFor(total), "\(scenario.name): \(harness.received.count) of \(total) lines arrived")
        // Quiescent: what arrived is all that will.
        #expect(harness.waitUntilQuiet())
        try harness.stop()
        let received = harness.received.map(\.text)
        #expect(received.count == total, "\(scenario.name): \(received.count) lines for \(total)")
        var byStream: [String: [Int]] = [:]
        for line in received {
            let parts = line.split(separator: "-")
            byStream[String(parts[0]), default: []].append(Int(parts[1]) ?? -1)
        }
        for (stream, count) in scenario.expected {
            let got = byStream[stream] ?? []
            let missing = Set(0..<count).subtracting(got).count
            let inOrder = got == got.sorted()
            #expect(got == Array(0..<count), "\(scenario.name): stream \(stream): \(got.count) lines, \(missing) missing, \(got.count - Set(got).count) duplicates, in order: \(inOrder)")
        }
    }

    func perform(_ step: Step, _ h: TailerHarness, _ counters: inout [String: Int]) throws {
        let fm = FileManager.default
        switch step {
        case .write(let file, let stream, let count):
            let start = counters[stream, default: 0]
            var text = ""
            for n in start..<(start + count) { text += "\(stream)-\(n)\n" }
            counters[stream] = start + count
            try h.append(file, text)
        case .raw(let file, let text):
            try h.append(file, text)
            if text.hasSuffix("\n"), !text.contains("-") { counters["a", default: 0] += 1 }
        case .rename(let a, let b):
            try fm.moveItem(atPath: h.log(a), toPath: h.log(b))
        case .copyTruncate(let file, let copy):
            try fm.copyItem(atPath: h.log(file), toPath: h.log(copy))
            truncate(h.log(file), 0)
        case .truncateAndRewrite(let file, let stream, let count):
            var text = ""
            for n in 0..<count { text += "\(stream)-\(n)\n" }
            counters[stream] = count
            try Data(text.utf8).write(to: URL(fileURLWithPath: h.log(file)))  // truncates and rewrites
        case .delete(let file):
            try fm.removeItem(atPath: h.log(file))
        case .mkdir(let d):
            try fm.createDirectory(atPath: h.log(d), withIntermediateDirectories: true)
        case .restart:
            try h.stop()
            try h.start()
        case .waitFor(let n):
            #expect(h.waitFor(n), "waiting for \(n) lines")
        }
    }
}
