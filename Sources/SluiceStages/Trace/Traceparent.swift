import SluiceCore

/// A W3C `traceparent` header value: `version-traceid-parentid-flags`, e.g.
/// `00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01`.
///
/// Validated as the W3C Trace Context says: two hex digits of version (not `ff`), 32 of
/// trace id and 16 of parent id (neither all zero), two of flags; version `00` is exactly 55
/// characters, a later version at least 55 and, when longer, continues with `-`. Hex digits
/// may be upper case here (logs are read leniently; the ids are written lower case).
public struct Traceparent: Equatable, Sendable {
    public var version: UInt8
    public var traceID: UInt128
    public var parentID: UInt64
    public var flags: UInt8

    /// Parses the bytes of the value (without quotes); nil when invalid.
    public init?(_ s: UnsafeBufferPointer<UInt8>) {
        guard s.count >= 55, s[2] == UInt8(ascii: "-"), s[35] == UInt8(ascii: "-"), s[52] == UInt8(ascii: "-") else { return nil }
        func hex(_ range: Range<Int>) -> UInt128? { TraceIDNormalizer.parseHex(UnsafeBufferPointer(rebasing: s[range])) }
        guard let version = hex(0..<2), version != 0xFF,
            let trace = hex(3..<35), trace != 0,
            let parent = hex(36..<52), parent != 0,
            let flags = hex(53..<55)
        else { return nil }
        if version == 0 {
            guard s.count == 55 else { return nil }
        } else if s.count > 55 {
            guard s[55] == UInt8(ascii: "-") else { return nil }
        }
        self.version = UInt8(version)
        self.traceID = trace
        self.parentID = UInt64(parent)
        self.flags = UInt8(flags)
    }

    /// The `sampled` flag (bit 0).
    public var sampled: Bool { flags & 1 != 0 }
}
