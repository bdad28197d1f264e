import Foundation

/// Decodes OTLP logs requests with the `opentelemetry-proto` package from PyPI
/// (`Tests/Scripts/otlp_decode.py`): an independent decoder for what Sluice sends.
public enum OTLPReference {
    /// The script, found from this file's place in the repository.
    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Scripts/otlp_decode.py").path
    }

    /// Each body decoded: the request in protobuf's JSON mapping (lowerCamelCase, 64-bit
    /// integers as strings, ids as hex) and `problems` (OTLP/JSON rules the body broke).
    /// Throws when the decoder refuses a body.
    public static func decode(_ bodies: [[UInt8]], json: Bool) throws -> [[String: Any]] {
        let dir = try TempDirectory()
        defer { dir.remove() }
        var paths: [String] = []
        for (i, body) in bodies.enumerated() {
            let path = dir.file("body-\(i)")
            try Data(body).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        let output = try ExternalCommand.run(["python3", script, json ? "json" : "protobuf"] + paths)
        guard let decoded = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]] else {
            throw ExternalCommand.Failure(description: "otlp_decode.py printed no list")
        }
        return decoded
    }

    /// The log records of a decoded request, in order, with the resource attributes and scope
    /// name they were sent under.
    public static func records(_ request: [String: Any]) -> [(resource: [String: Any], scope: String, record: [String: Any])] {
        var out: [(resource: [String: Any], scope: String, record: [String: Any])] = []
        for resourceLogs in request["resourceLogs"] as? [[String: Any]] ?? [] {
            let resource = attributes((resourceLogs["resource"] as? [String: Any])?["attributes"])
            for scopeLogs in resourceLogs["scopeLogs"] as? [[String: Any]] ?? [] {
                let scope = (scopeLogs["scope"] as? [String: Any])?["name"] as? String ?? ""
                for record in scopeLogs["logRecords"] as? [[String: Any]] ?? [] { out.append((resource, scope, record)) }
            }
        }
        return out
    }

    /// A `KeyValue` list as a dictionary of plain values (``plain(_:)``).
    public static func attributes(_ list: Any?) -> [String: Any] {
        var out: [String: Any] = [:]
        for kv in list as? [[String: Any]] ?? [] {
            guard let key = kv["key"] as? String else { continue }
            out[key] = plain(kv["value"])
        }
        return out
    }

    /// An `AnyValue` as a plain value: `String`, `Int64` (from intValue), `Double`, `Bool`,
    /// `[Any]`, `[String: Any]`, or `NSNull` for an empty value.
    public static func plain(_ value: Any?) -> Any {
        guard let value = value as? [String: Any] else { return NSNull() }
        if let s = value["stringValue"] as? String { return s }
        if let i = value["intValue"] as? String, let n = Int64(i) { return n }
        if let d = value["doubleValue"] as? Double { return d }
        if let d = value["doubleValue"] as? Int { return Double(d) }
        if let b = value["boolValue"] as? Bool { return b }
        if let array = value["arrayValue"] as? [String: Any] { return (array["values"] as? [Any] ?? []).map(plain) }
        if let list = value["kvlistValue"] as? [String: Any] { return attributes(list["values"]) }
        if value["arrayValue"] != nil { return [Any]() }
        if value["kvlistValue"] != nil { return [String: Any]() }
        return NSNull()
    }
}
