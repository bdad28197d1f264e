@testable import SluiceCore
@testable import SluiceStages

/// Parsed events from JSON lines, as `parse_json` would leave them.
func events(_ lines: [String]) -> [Event] {
    lines.enumerated().map { i, line in
        var event = Event(line, origin: Origin(fileID: 1, offset: UInt64(i * 100), length: UInt32(line.utf8.count + 1)))
        event.fields = try! JSONObject(parsing: event.line)
        event.flags.remove(.raw)
        return event
    }
}

/// The event as the outputs would write it.
func json(_ event: Event) -> String {
    var out: [UInt8] = []
    event.serialize(into: &out)
    return String(decoding: out, as: UTF8.self)
}

extension Event {
    func string(_ path: String) -> String? { fields.string(FieldPath(path)!) }
    func raw(_ path: String) -> String? {
        fields.withValue(FieldPath(path)!) { _, raw in String(decoding: raw, as: UTF8.self) }
    }
}

/// Runs `stage` over `lines`.
func run(_ stage: any Stage, _ lines: [String]) -> Batch {
    var batch = Batch(events: events(lines))
    stage.process(&batch)
    return batch
}
