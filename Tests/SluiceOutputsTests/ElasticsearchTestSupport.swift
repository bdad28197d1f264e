import SluiceCore

/// Instants used by the Elasticsearch tests (computed independently with Python's calendar).
enum Instants {
    /// 2026-11-24T23:59:59.999999999Z
    static let lastNanosecondOfNov24: Int64 = 1_795_564_799_999_999_999
    /// 2026-11-25T00:00:00Z
    static let midnightNov25: Int64 = 1_795_564_800_000_000_000
    /// 2024-12-30T07:08:09.123456789Z (a Monday: ISO week 1 of 2025, day 365 of 2024)
    static let isoWeekEdge: Int64 = 1_735_542_489_123_456_789
}

/// A parsed event, as the stage chain would hand it to an output.
func parsedEvent(_ json: String, timestamp: Int64 = Instants.midnightNov25, fileID: UInt32 = 1, offset: UInt64 = 0) throws -> Event {
    var event = Event(json, origin: Origin(fileID: fileID, offset: offset, length: UInt32(json.utf8.count + 1)), readTime: timestamp)
    event.fields = try JSONObject(parsing: event.line)
    event.flags.remove(.raw)
    event.flags.remove(.timestampFromReadTime)
    return event
}

func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
