/// The oversize cap: a value longer than the limit keeps its first bytes (cut on a UTF-8
/// character boundary) followed by a marker with the full length and a digest of the full
/// (already redacted) value, so the same content can still be recognised:
///
///     "Summarise the following…[TRUNCATED:183402 bytes sha256:3f1c9a0b2e4d5f61]"
///
/// The digest is plain SHA-256 (first 8 bytes) of the value after redaction: it identifies
/// the content without carrying anything the redaction removed.
enum Truncation {
    static let markerPrefix: [UInt8] = Array("…[TRUNCATED:".utf8)

    /// Appends `value` cut to at most `limit` bytes of content plus the marker.
    static func appendTruncated(_ value: UnsafeBufferPointer<UInt8>, limit: Int, into out: inout [UInt8]) {
        var cut = min(max(limit, 0), value.count)
        // Do not split a multi-byte character.
        while cut > 0 && cut < value.count && value[cut] & 0xC0 == 0x80 { cut -= 1 }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: value[0..<cut]))
        out.append(contentsOf: markerPrefix)
        out.append(contentsOf: String(value.count).utf8)
        out.append(contentsOf: " bytes sha256:".utf8)
        Digest.appendHex(Digest.sha256(value), count: 8, to: &out)
        out.append(UInt8(ascii: "]"))
    }
}
