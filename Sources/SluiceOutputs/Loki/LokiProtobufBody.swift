import SluiceCore

/// Writes a grouped batch (``LokiStreams``) as Loki's `logproto.PushRequest`
/// (`encoding: protobuf`), the message Promtail and Grafana Alloy send (Loki's
/// `pkg/push/push.proto`), with ``ProtobufWriter``:
///
/// ```
/// PushRequest      { repeated StreamAdapter streams = 1; }
/// StreamAdapter    { string labels = 1; repeated EntryAdapter entries = 2; uint64 hash = 3; }
/// EntryAdapter     { google.protobuf.Timestamp timestamp = 1; string line = 2;
///                    repeated LabelPairAdapter structuredMetadata = 3; }
/// LabelPairAdapter { string name = 1; string value = 2; }
/// Timestamp        { int64 seconds = 1; int32 nanos = 2; }   // nanos in 0..<1e9, seconds floored
/// ```
///
/// - `labels` is the Prometheus text form, `{app="ai-workflow", level="info"}`, in the order
///   the JSON body lists them, values Go-quoted (`\\`, `\"`, `\n` escaped); `hash` is left
///   unset (Loki computes it).
/// - Fields holding proto3 defaults (an empty line or metadata value, zero seconds or nanos)
///   are omitted, as Go's encoder does; the timestamp message is always present.
/// - Strings are the same bytes the JSON body carries once Loki has decoded it (lines are
///   the events' JSON, values decoded from JSON strings: well-formed UTF-8).
///
/// The body is not compressed here: ``HTTPShipper`` snappy-compresses it (block format).
enum LokiProtobufBody {
    static func write(_ batch: LokiStreams, to out: inout [UInt8]) {
        var labelText: [UInt8] = []
        batch.bytes.withUnsafeBufferPointer { bytes in
            for stream in batch.streams {
                let streamMark = ProtobufWriter.beginMessage(1, in: &out)
                labelText.removeAll(keepingCapacity: true)
                appendLabelText(stream.labels, to: &labelText)
                ProtobufWriter.appendBytesField(1, labelText, to: &out)
                for entry in stream.entries {
                    let entryMark = ProtobufWriter.beginMessage(2, in: &out)
                    appendTimestamp(entry.timestamp, to: &out)
                    if !entry.line.isEmpty {
                        ProtobufWriter.appendBytesField(2, UnsafeBufferPointer(rebasing: bytes[entry.line]), to: &out)
                    }
                    for m in entry.metadata {
                        let item = batch.metadata[m]
                        let pairMark = ProtobufWriter.beginMessage(3, in: &out)
                        ProtobufWriter.appendBytesField(1, batch.metadataNames[item.name], to: &out)
                        if !item.value.isEmpty {
                            ProtobufWriter.appendBytesField(2, UnsafeBufferPointer(rebasing: bytes[item.value]), to: &out)
                        }
                        ProtobufWriter.endMessage(pairMark, in: &out)
                    }
                    ProtobufWriter.endMessage(entryMark, in: &out)
                }
                ProtobufWriter.endMessage(streamMark, in: &out)
            }
        }
    }

    /// Appends field 1 of an entry: a `google.protobuf.Timestamp` for `nanoseconds` since the
    /// epoch (seconds floored, so nanos stay in 0..<1e9 before 1970 too).
    static func appendTimestamp(_ nanoseconds: Int64, to out: inout [UInt8]) {
        let seconds = LokiResponse.floorDiv(nanoseconds, LokiLimits.second)
        let nanos = nanoseconds - seconds * LokiLimits.second
        let mark = ProtobufWriter.beginMessage(1, in: &out)
        if seconds != 0 { ProtobufWriter.appendVarintField(1, UInt64(bitPattern: seconds), to: &out) }
        if nanos != 0 { ProtobufWriter.appendVarintField(2, UInt64(nanos), to: &out) }
        ProtobufWriter.endMessage(mark, in: &out)
    }

    /// Appends `{name="value", …}` with Go-quoted values.
    static func appendLabelText(_ labels: [LokiStreams.Label], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (n, label) in labels.enumerated() {
            if n > 0 { out.append(contentsOf: ", ".utf8) }
            out.append(contentsOf: label.name)
            out.append(contentsOf: "=\"".utf8)
            for b in label.value {
                switch b {
                case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
                case 0x0A: out.append(contentsOf: #"\n"#.utf8)
                default: out.append(b)
                }
            }
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "}"))
    }
}
