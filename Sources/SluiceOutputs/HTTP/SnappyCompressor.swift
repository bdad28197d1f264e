import CSnappy

/// Compresses request bodies in snappy's block format (not the framed stream format) with
/// libsnappy, one whole body at a time: what Loki expects of a protobuf push request
/// (`Content-Type: application/x-protobuf`, no `Content-Encoding`). Snappy trades ratio for
/// speed: bodies come out larger than gzip's, at a fraction of its CPU.
public struct SnappyCompressor: RequestBodyCompressor {
    public init() {}

    /// Replaces `out` with the snappy block encoding of `input`.
    public func compress(_ input: [UInt8], into out: inout [UInt8]) {
        guard !input.isEmpty else {
            out.removeAll(keepingCapacity: true)
            out.append(0)  // the length (0) and no data
            return
        }
        let bound = snappy_max_compressed_length(input.count)
        if out.count < bound { out.append(contentsOf: repeatElement(0, count: bound - out.count)) }
        var produced = out.count
        let status = input.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in
                snappy_compress(
                    src.baseAddress!.assumingMemoryBound(to: CChar.self), src.count,
                    dst.baseAddress!.assumingMemoryBound(to: CChar.self), &produced)
            }
        }
        precondition(status == SNAPPY_OK, "snappy: output within the bound did not fit")
        out.removeSubrange(produced...)
    }
}
