/// A batch grouped for one push body, as ``LokiPushEncoder`` builds it: the streams in body
/// order with their labels, each stream's entries sorted by timestamp, and the lines and
/// structured metadata values side by side in one buffer. Both body encodings
/// (``LokiJSONBody``, ``LokiProtobufBody``) write exactly this, so a batch's
/// ``LokiPushSummary`` does not depend on the encoding.
struct LokiStreams {
    /// A label of a stream: name and value bytes (the value decoded and capped).
    struct Label {
        var name: [UInt8]
        var value: ArraySlice<UInt8>
    }

    /// A structured metadata entry: the configured field's index in ``metadataNames`` and
    /// its value (a string) in ``bytes``.
    struct Metadata {
        var name: Int
        var value: Range<Int>
    }

    /// An entry: the event it comes from, its timestamp (ns since the epoch), its line in
    /// ``bytes`` and its metadata entries in ``metadata``.
    struct Entry {
        var event: Int
        var timestamp: Int64
        var line: Range<Int>
        var metadata: Range<Int>
    }

    struct Stream {
        var labels: [Label]
        /// Sorted by timestamp (stable).
        var entries: [Entry]
    }

    /// Lines and metadata values.
    var bytes: [UInt8] = []
    /// The structured metadata names, as configured (the field paths as written).
    var metadataNames: [[UInt8]] = []
    var metadata: [Metadata] = []
    var streams: [Stream] = []
}
