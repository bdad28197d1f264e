import Foundation
import SluiceCore
import Testing
@testable import SluiceOutputs

/// Helpers shared by the Loki tests: events, JSON parsing of bodies, the fixture directory.
enum LokiTestSupport {
    /// A parsed event from a JSON line at `timestamp` (ns).
    static func event(_ line: String, at timestamp: Int64) throws -> Event {
        var e = Event(line)
        e.fields = try JSONObject(parsing: e.line)
        e.flags.remove(.raw)
        e.flags.remove(.timestampFromReadTime)
        e.timestamp = timestamp
        return e
    }

    /// Labels from literal pairs; fails the test when they are invalid.
    static func labels(_ pairs: [(String, String)]) throws -> LokiLabels {
        try LokiLabels(pairs.map { (name: $0.0, value: $0.1) })
    }

    static func json(_ bytes: [UInt8]) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    }

    /// The streams of a push body: labels, and per value the timestamp, line and metadata.
    struct Stream: Equatable {
        var labels: [String: String]
        var values: [Value]
    }

    struct Value: Equatable {
        var timestamp: String
        var line: String
        var metadata: [String: String]?
    }

    /// Parses a push body; fails when it does not have Loki's shape (timestamps and metadata
    /// values must be strings).
    static func streams(ofBody body: Any) throws -> [Stream] {
        let root = try #require(body as? [String: Any])
        let streams = try #require(root["streams"] as? [[String: Any]])
        return try streams.map { stream in
            let labels = try #require(stream["stream"] as? [String: String])
            let values = try #require(stream["values"] as? [[Any]])
            return Stream(labels: labels, values: try values.map { v in
                try #require(v.count == 2 || v.count == 3, "a value is [ts, line] or [ts, line, metadata]")
                let ts = try #require(v[0] as? String, "timestamp must be a string")
                let line = try #require(v[1] as? String)
                let meta = try v.count == 3 ? #require(v[2] as? [String: String], "metadata values must be strings") : nil
                return Value(timestamp: ts, line: line, metadata: meta)
            })
        }
    }

    /// `shared/fixtures/loki` next to the repository (the repository root's parent holds
    /// `shared/`).
    static var fixtureDirectory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/fixtures/loki")
    }

    /// Every fixture by case name; fails (never skips) when the directory is missing.
    static func fixtures() throws -> [String: [String: Any]] {
        let dir = fixtureDirectory
        var isDirectory: ObjCBool = false
        try #require(
            FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDirectory) && isDirectory.boolValue,
            "Loki fixtures not found at \(dir.path): the tests need shared/fixtures/loki next to the repository")
        var out: [String: [String: Any]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".json") {
            let data = try Data(contentsOf: dir.appendingPathComponent(name))
            out[String(name.dropLast(5))] = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
        try #require(!out.isEmpty, "no fixtures in \(dir.path)")
        return out
    }
}
