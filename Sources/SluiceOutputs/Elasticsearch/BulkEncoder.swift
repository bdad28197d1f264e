import SluiceCore

/// The `_bulk` write action for every event.
public enum BulkAction: String, Sendable, Equatable, CaseIterable {
    /// Fails with 409 when the `_id` exists: replays are idempotent (the default; required by
    /// data streams).
    case create
    /// Overwrites a document with the same `_id`.
    case index
}

/// Appends the NDJSON body of an Elasticsearch `_bulk` request for a batch of events.
///
/// Per event, in order (so response item `i` is event `i`):
/// ```
/// {"create":{"_index":"<index>","_id":"<20-char id>"}}\n
/// <the event's JSON>\n
/// ```
/// - `_index` is rendered by ``IndexTemplate`` (already safe inside a JSON string: the
///   template refuses `"`, `\` and control characters, and field values are sanitised).
/// - `_id` is ``DocumentID`` of (the file's stable key, the line's offset).
/// - The document is ``Event/serialize(into:)``. When it has no top-level `@timestamp`, one is
///   appended as the last member: RFC 3339 UTC with nanoseconds from ``Event/timestamp``
///   (`"2026-11-24T23:59:59.123456789Z"`), because data streams and time-based dashboards
///   require it. An existing `@timestamp` is sent as it is.
/// - An ingest pipeline is a URL parameter (`/_bulk?pipeline=name`), not part of the body.
///
/// Allocates nothing per event beyond the growth of `out`.
public struct BulkEncoder: Sendable {
    /// The action written on every action line.
    public let action: BulkAction
    /// The index name template.
    public let index: IndexTemplate
    let actionPrefix: [UInt8]

    static let timestampKey: FieldKey = "@timestamp"

    public init(action: BulkAction = .create, index: IndexTemplate) {
        self.action = action
        self.index = index
        actionPrefix = Array("{\"\(action.rawValue)\":{\"_index\":\"".utf8)
    }

    /// Appends the action and document lines of every event, each named by its origin's
    /// ``Origin/fileKey`` and offset (the same across restarts and copies).
    /// Returns how many events used the index fallback (a missing field reference).
    @discardableResult
    public func encode(_ events: [Event], into out: inout [UInt8]) -> Int {
        var fallbacks = 0
        var names = IndexNameCache()
        var time = RFC3339NanosWriter()
        // Through the buffer, not `for event in events` or `events[i]`: those copy every
        // event (reference counting on each of its arrays).
        events.withUnsafeBufferPointer { events in
            for i in events.indices where !encode(events[i], fileKey: events[i].origin.fileKey, names: &names, time: &time, into: &out) {
                fallbacks += 1
            }
        }
        return fallbacks
    }

    /// Appends one event's two lines. Returns false when the index used the fallback.
    @discardableResult
    public func encode(_ event: Event, fileKey: UInt64, into out: inout [UInt8]) -> Bool {
        var names = IndexNameCache()
        var time = RFC3339NanosWriter()
        return encode(event, fileKey: fileKey, names: &names, time: &time, into: &out)
    }

    func encode(
        _ event: borrowing Event, fileKey: UInt64, names: inout IndexNameCache, time: inout RFC3339NanosWriter, into out: inout [UInt8]
    ) -> Bool {
        out.append(contentsOf: actionPrefix)
        let routed = names.render(index, event, into: &out)
        out.append(contentsOf: Self.idKey)
        DocumentID.append(fileKey: fileKey, offset: event.origin.offset, to: &out)
        out.append(contentsOf: Self.actionSuffix)
        appendDocument(event, time: &time, into: &out)
        out.append(0x0A)
        return routed
    }

    static let idKey: [UInt8] = Array("\",\"_id\":\"".utf8)
    static let actionSuffix: [UInt8] = Array("\"}}\n".utf8)
    static let timestampMember: [UInt8] = Array("\"@timestamp\":\"".utf8)

    /// The event's JSON, with `@timestamp` added when absent.
    func appendDocument(_ event: borrowing Event, time: inout RFC3339NanosWriter, into out: inout [UInt8]) {
        let start = out.count
        event.serialize(into: &out)
        if !event.flags.contains(.raw), event.fields.index(of: Self.timestampKey) != nil { return }
        // Reopen the object: drop its `}`, add a comma unless it is empty.
        out.removeLast()
        var k = out.count - 1
        while k > start, out[k] == 0x20 || out[k] == 0x09 || out[k] == 0x0A || out[k] == 0x0D { k -= 1 }
        if out[k] != UInt8(ascii: "{") { out.append(UInt8(ascii: ",")) }
        out.append(contentsOf: Self.timestampMember)
        time.append(event.timestamp, to: &out)
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: "}"))
    }
}
