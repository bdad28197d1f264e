import Foundation
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceTail

/// `multiline:` on a file source: tracebacks printed by CPython itself joined to the JSON line
/// that logged them, groups that stay whole across rotation, restarts and crashes, groups cut
/// at `max_lines`, and the timeout on the tailer's clock.
@Suite(.serialized) struct MultilineTests {
    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Scripts/python_tracebacks.py").path
    }

    static let python = MultilineRule(kind: .python)

    /// Every received event covers the bytes right after the one before: nothing lost or
    /// repeated, whatever the grouping.
    static func contiguous(_ received: [TailerHarness.Received], fileSize: Int) -> Bool {
        var next: UInt64 = 0
        for r in received {
            guard r.offset == next else { return false }
            next = r.offset + UInt64(r.length)
        }
        return next == UInt64(fileSize)
    }

    @Test func tracebacksWrittenByCPythonJoinTheJSONLineThatLoggedThem() throws {
        let h = try TailerHarness(include: ["app.log"])
        defer { h.finish() }
        h.source.multiline = Self.python
        try FileManager.default.createDirectory(atPath: h.dir.path + "/logs", withIntermediateDirectories: true)
        let manifestPath = h.dir.file("manifest.json")
        try ExternalCommand.run(["python3", Self.script, h.log("app.log"), manifestPath])
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: manifestPath))) as? [[String: Any]])
        try h.start()
        #expect(h.waitFor(manifest.count, timeout: 20), "\(h.received.count) of \(manifest.count) events")
        #expect(h.waitUntilQuiet())
        try h.stop()
        let received = h.received
        #expect(received.count == manifest.count)
        let size = try FileManager.default.attributesOfItem(atPath: h.log("app.log"))[.size] as! Int
        #expect(Self.contiguous(received, fileSize: size), "the events do not tile the file")
        for (event, expected) in zip(received, manifest) {
            if let text = expected["text"] as? String {
                #expect(event.text == text)
                continue
            }
            let object = try #require(try JSONSerialization.jsonObject(with: Data(event.text.utf8)) as? [String: Any], "not JSON: \(event.text.prefix(200))")
            let json = try #require(expected["json"] as? [String: Any])
            for (key, value) in json { #expect("\(object[key] ?? "missing")" == "\(value)", "\(key) in \(event.text.prefix(120))") }
            #expect(object["exception"] as? String == expected["exception"] as? String, "\(event.text.prefix(160))")
        }
        // No traceback line became an event of its own.
        #expect(!received.contains { $0.text.hasPrefix("  File ") || $0.text.hasPrefix("Traceback") && $0.offset > 0 })
        // Lines are counted as lines, not as events.
        let lines = try String(contentsOfFile: h.log("app.log"), encoding: .utf8).utf8.filter { $0 == 0x0A }.count
        #expect(h.metrics.counter("sluice_source_lines_read_total", ["source": "test"]) == lines)
    }

    static let jsonLine = #"{"level":"error","event":"failed"}"#
    static let traceback = [
        "Traceback (most recent call last):", "  File \"app.py\", line 3, in <module>", "    run()", "ValueError: bad",
    ]

    @Test func aGroupInARotatedFileIsShippedWholeOnce() throws {
        let h = try TailerHarness(include: ["app.log"])
        defer { h.finish() }
        h.source.multiline = Self.python
        h.source.multiline?.timeout = 3600  // only the end of the rotated file ends the group
        try h.start()
        try h.append("app.log", ([#"{"event":"a"}"#, Self.jsonLine] + Self.traceback).joined(separator: "\n") + "\n")
        #expect(h.waitFor(1))
        try FileManager.default.moveItem(atPath: h.log("app.log"), toPath: h.log("app.log.1"))
        try h.append("app.log", #"{"event":"b"}"# + "\n" + #"{"event":"c"}"# + "\n")
        // `a`, the group (shipped once the rotated file is drained), `b`; `c` is held: a
        // traceback may still follow it.
        #expect(h.waitFor(3, timeout: 20), "\(h.received.map(\.text))")
        #expect(h.waitUntilQuiet())
        try h.stop()
        let texts = h.received.map(\.text)
        #expect(texts.count == 3 && texts.filter { $0.contains("ValueError: bad") }.count == 1, "\(texts)")
        let joined = try #require(texts.first { $0.contains("\"exception\"") })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(joined.utf8)) as? [String: Any])
        #expect(object["exception"] as? String == Self.traceback.joined(separator: "\n"))
        #expect(texts.contains(#"{"event":"b"}"#) && !texts.contains(#"{"event":"c"}"#))
    }

    @Test func aGroupHeldAtARestartOrACrashIsReadAgainWhole() throws {
        for crash in [false, true] {
            let h = try TailerHarness(include: ["app.log"])
            defer { h.finish() }
            h.source.multiline = Self.python
            h.source.multiline?.timeout = 3600
            try h.start()
            // The JSON line and half its traceback; the rest comes after the restart.
            try h.append("app.log", #"{"event":"a"}"# + "\n" + Self.jsonLine + "\n" + Self.traceback[0...1].joined(separator: "\n") + "\n")
            #expect(h.waitFor(1))
            #expect(h.waitUntilQuiet())
            let held = UInt64(#"{"event":"a"}"#.utf8.count + 1)
            // The periodic write has what was acknowledged (and nothing of the held group).
            #expect(waitUntil { checkpointOffsets(dataDir: h.dataDir) == [Int(held)] })
            if crash { h.crash() } else { try h.stop() }
            #expect(checkpointOffsets(dataDir: h.dataDir) == [Int(held)], "the checkpoint is not before the held group (crash: \(crash))")
            try h.start()
            try h.append("app.log", Self.traceback[2...].joined(separator: "\n") + "\n" + #"{"event":"z"}"# + "\n")
            h.tailer?.endOfInput()
            #expect(h.waitFor(3, timeout: 20), "\(h.received.map(\.text))")
            try h.stop()
            let texts = h.received.map(\.text)
            #expect(texts.first == #"{"event":"a"}"#)
            let whole = texts.filter { $0.contains("\"exception\"") }
            #expect(whole.count == 1, "\(texts)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data((whole.first ?? "").utf8)) as? [String: Any])
            #expect(object["exception"] as? String == Self.traceback.joined(separator: "\n"), "crash: \(crash)")
        }
    }

    @Test func aGroupLongerThanMaxLinesIsCutIntoEventsThatTileIt() throws {
        let h = try TailerHarness(include: ["app.log"])
        defer { h.finish() }
        h.source.multiline = Self.python
        h.source.multiline?.maxLines = 5
        let frames = (0..<10).map { "  File \"app.py\", line \($0), in f\($0)" }
        let text = ([Self.jsonLine, "Traceback (most recent call last):"] + frames + ["ValueError: deep", #"{"event":"next"}"#]).joined(separator: "\n") + "\n"
        try h.start()
        try h.append("app.log", text)
        h.tailer?.endOfInput()
        #expect(h.waitFor(4, timeout: 20), "\(h.received.map(\.text))")
        #expect(h.waitUntilQuiet())
        try h.stop()
        let received = h.received
        // 13 lines of one group: 5 + 5 + 3, then the next JSON line.
        #expect(received.count == 4)
        #expect(Self.contiguous(received, fileSize: text.utf8.count))
        #expect(received.last?.text == #"{"event":"next"}"#)
        #expect(received[0].text.hasPrefix(#"{"level":"error","event":"failed","exception":"Traceback"#))
    }

    /// On the tailer's clock: the last group is held until `timeout` has passed, then shipped.
    @Test func theLastGroupWaitsForTheTimeoutOnTheTailersClock() throws {
        let h = try TailerHarness(include: ["app.log"])
        defer { h.finish() }
        let clock = ManualClock()
        h.settings.clock = clock
        h.source.multiline = Self.python
        h.source.multiline?.timeout = 60
        try h.start()
        try h.append("app.log", #"{"event":"a"}"# + "\n" + ([Self.jsonLine] + Self.traceback).joined(separator: "\n") + "\n")
        #expect(h.waitFor(1))
        clock.advance(by: 59.9)
        #expect(h.waitUntilQuiet())
        #expect(h.received.count == 1, "held before the timeout")
        clock.advance(by: 0.2)
        #expect(h.waitFor(2))
        try h.stop()
        #expect(h.received.last?.text.contains("ValueError: bad") == true)
    }

    /// Runs of JSON lines pass through uncut (each begins an event); a traceback anywhere,
    /// a chunk's last line, a group across chunks: the events still tile the file.
    @Test func jsonRunsAndTracebacksAcrossSmallChunks() throws {
        let h = try TailerHarness(include: ["app.log"])
        defer { h.finish() }
        h.source.multiline = Self.python
        h.settings.chunkSize = 4096
        var lines: [String] = []
        var expected = 0
        for i in 0..<2000 {
            lines.append(#"{"level":"info","event":"step","seq":\#(i)}"#)
            expected += 1
            if i % 250 == 249 { lines += Self.traceback }
        }
        let text = lines.joined(separator: "\n") + "\n"
        try h.append("app.log", text)
        try h.start()
        h.tailer?.endOfInput()
        #expect(h.waitFor(expected, timeout: 20), "\(h.received.count) of \(expected)")
        #expect(h.waitUntilQuiet())
        try h.stop()
        let received = h.received
        #expect(received.count == expected)
        #expect(Self.contiguous(received, fileSize: text.utf8.count))
        #expect(received.filter { $0.text.contains(#""exception":"Traceback"#) }.count == 8)
        #expect(h.metrics.counter("sluice_source_lines_read_total", ["source": "test"]) == lines.count)
    }

    @Test func aStartPatternGroupsAnyFormat() throws {
        let h = try TailerHarness(include: ["app.log"])
        defer { h.finish() }
        h.source.multiline = MultilineRule(kind: .pattern(start: try BoundedRegex(#"^\d{4}-\d\d-\d\d "#), continuation: nil))
        let text = "2026-12-03 10:00:00 ERROR boom\n  at a.b(C.java:1)\n  at d.e(F.java:2)\n2026-12-03 10:00:01 INFO ok\n"
        try h.start()
        try h.append("app.log", text)
        h.tailer?.endOfInput()
        #expect(h.waitFor(2, timeout: 20))
        try h.stop()
        #expect(h.received.map(\.text) == ["2026-12-03 10:00:00 ERROR boom\n  at a.b(C.java:1)\n  at d.e(F.java:2)", "2026-12-03 10:00:01 INFO ok"])
    }
}
