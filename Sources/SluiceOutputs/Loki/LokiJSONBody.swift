import SluiceCore

/// Writes a grouped batch (``LokiStreams``) as Loki's JSON push body (`encoding: json`):
///
/// ```
/// {"streams":[{"stream":{"app":"ai-workflow","level":"info"},
///              "values":[["<ns>","<line>",{"trace_id":"…"}],["<ns>","<line>"],…]},…]}
/// ```
///
/// Timestamps are decimal strings of nanoseconds; an entry without structured metadata is a
/// two-element value.
enum LokiJSONBody {
    static func write(_ batch: LokiStreams, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"streams":["#.utf8)
        batch.bytes.withUnsafeBufferPointer { bytes in
            for (s, stream) in batch.streams.enumerated() {
                if s > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: #"{"stream":{"#.utf8)
                for (n, label) in stream.labels.enumerated() {
                    if n > 0 { out.append(UInt8(ascii: ",")) }
                    JSONStringCodec.appendQuoted(label.name, to: &out)
                    out.append(UInt8(ascii: ":"))
                    JSONStringCodec.appendQuoted(label.value, to: &out)
                }
                out.append(contentsOf: #"},"values":["#.utf8)
                for (n, entry) in stream.entries.enumerated() {
                    if n > 0 { out.append(UInt8(ascii: ",")) }
                    out.append(contentsOf: #"[""#.utf8)
                    DecimalText.append(entry.timestamp, to: &out)
                    out.append(contentsOf: #"","#.utf8)
                    JSONStringCodec.appendQuoted(UnsafeBufferPointer(rebasing: bytes[entry.line]), to: &out)
                    if !entry.metadata.isEmpty { out.append(contentsOf: ",{".utf8) }
                    for m in entry.metadata {
                        let item = batch.metadata[m]
                        if m > entry.metadata.lowerBound { out.append(UInt8(ascii: ",")) }
                        JSONStringCodec.appendQuoted(batch.metadataNames[item.name], to: &out)
                        out.append(UInt8(ascii: ":"))
                        JSONStringCodec.appendQuoted(UnsafeBufferPointer(rebasing: bytes[item.value]), to: &out)
                    }
                    if !entry.metadata.isEmpty { out.append(UInt8(ascii: "}")) }
                    out.append(UInt8(ascii: "]"))
                }
                out.append(contentsOf: "]}".utf8)
            }
        }
        out.append(contentsOf: "]}".utf8)
    }
}
