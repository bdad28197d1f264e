import Foundation
import SluiceCore

/// The per-line work the event-model benchmark measures, done two ways on the same lines:
/// parse (every top-level field located and typed), read `level` and `trace_id`, set one new
/// field, serialise.
enum EventModelBenchmark {
    static let level = FieldPath(key: "level")
    static let traceID = FieldPath(key: "trace_id")
    static let added = FieldPath(key: "pipeline")
    static let addedValue = Array("sluice-bench".utf8)

    /// Sluice's event model. Returns a checksum so the work cannot be optimised away.
    static func eventModel(_ lines: [ArraySlice<UInt8>], output: inout [UInt8]) -> Int {
        var check = 0
        for line in lines {
            guard var object = try? JSONObject(parsing: line) else { continue }
            check &+= object.withValue(level) { _, raw in raw.count } ?? 0
            check &+= object.withValue(traceID) { _, raw in Int(raw.last ?? 0) } ?? 0
            object.setString(added, addedValue)
            object.serialize(into: &output)
            output.append(0x0A)
            if output.count > 1 << 22 {
                check &+= output.count
                output.removeAll(keepingCapacity: true)
            }
        }
        return check
    }

    /// The same work with Foundation's `JSONSerialization`.
    static func foundation(_ lines: [ArraySlice<UInt8>], output: inout [UInt8]) -> Int {
        var check = 0
        for line in lines {
            guard var object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else { continue }
            check &+= (object["level"] as? String)?.utf8.count ?? 0
            check &+= Int((object["trace_id"] as? String)?.utf8.last ?? 0)
            object["pipeline"] = "sluice-bench"
            guard let data = try? JSONSerialization.data(withJSONObject: object) else { continue }
            output.append(contentsOf: data)
            output.append(0x0A)
            if output.count > 1 << 22 {
                check &+= output.count
                output.removeAll(keepingCapacity: true)
            }
        }
        return check
    }
}
