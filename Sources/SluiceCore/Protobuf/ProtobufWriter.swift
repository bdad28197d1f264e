/// Appends protocol buffers wire format (proto3) to a byte buffer, field by field, in one pass:
/// the encoder of the fixed schemas Sluice sends (OTLP logs, Loki's push request).
///
/// ```
///  tag = field << 3 | wire type      varint (0), fixed64 (1), length-delimited (2), fixed32 (5)
///  nested message:  tag · length (varint) · bytes       ← beginMessage / endMessage
/// ```
///
/// A nested message's length is known only once it is written: ``beginMessage(_:in:)``
/// reserves one byte for it and ``endMessage(_:in:)`` widens the reservation (moving the
/// message's bytes) only when the length needs more. Most nested messages (attributes,
/// values) are under 128 bytes and never move; a record moves once by a byte or two.
///
/// Hand-written rather than swift-protobuf's generated messages: encoding straight from an
/// event's JSON bytes builds no message objects and no `String`s per field
/// (`bench/otlp-encoding` compares the two in one run). Generic over where the bytes go
/// (``ProtobufSink``): a `[UInt8]`, or a ``ProtobufBuffer`` on hot paths.
public enum ProtobufWriter {
    /// The wire types this writer emits.
    public enum WireType: UInt8, Sendable {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
    }

    @inlinable @inline(__always)
    public static func appendTag(_ field: UInt32, _ wire: WireType, to out: inout some ProtobufSink) {
        appendVarint(UInt64(field) << 3 | UInt64(wire.rawValue), to: &out)
    }

    @inlinable @inline(__always)
    public static func appendVarint(_ value: UInt64, to out: inout some ProtobufSink) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// Bytes the varint of `value` takes.
    @inlinable @inline(__always)
    public static func varintSize(_ value: UInt64) -> Int {
        value == 0 ? 1 : (64 - value.leadingZeroBitCount + 6) / 7
    }

    /// An `int64`, `uint64`, `uint32`, `bool` or enum field (negative `int64`s take ten bytes,
    /// as proto3 writes them).
    @inlinable @inline(__always)
    public static func appendVarintField(_ field: UInt32, _ value: UInt64, to out: inout some ProtobufSink) {
        appendTag(field, .varint, to: &out)
        appendVarint(value, to: &out)
    }

    /// A `fixed64` field.
    @inlinable @inline(__always)
    public static func appendFixed64Field(_ field: UInt32, _ value: UInt64, to out: inout some ProtobufSink) {
        appendTag(field, .fixed64, to: &out)
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0.bindMemory(to: UInt8.self)) }
    }

    /// A `fixed32` field.
    @inlinable @inline(__always)
    public static func appendFixed32Field(_ field: UInt32, _ value: UInt32, to out: inout some ProtobufSink) {
        appendTag(field, .fixed32, to: &out)
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0.bindMemory(to: UInt8.self)) }
    }

    /// A `double` field.
    @inlinable @inline(__always)
    public static func appendDoubleField(_ field: UInt32, _ value: Double, to out: inout some ProtobufSink) {
        appendFixed64Field(field, value.bitPattern, to: &out)
    }

    /// A `string` or `bytes` field holding `bytes`.
    @inlinable @inline(__always)
    public static func appendBytesField(_ field: UInt32, _ bytes: UnsafeBufferPointer<UInt8>, to out: inout some ProtobufSink) {
        appendTag(field, .lengthDelimited, to: &out)
        appendVarint(UInt64(bytes.count), to: &out)
        out.append(contentsOf: bytes)
    }

    /// A `string` or `bytes` field holding `bytes`.
    @inlinable @inline(__always)
    public static func appendBytesField(_ field: UInt32, _ bytes: [UInt8], to out: inout some ProtobufSink) {
        bytes.withUnsafeBufferPointer { appendBytesField(field, $0, to: &out) }
    }

    /// A `string` field.
    @inlinable @inline(__always)
    public static func appendStringField(_ field: UInt32, _ text: String, to out: inout some ProtobufSink) {
        var text = text
        text.withUTF8 { appendBytesField(field, $0, to: &out) }
    }

    /// Starts nested message (or packed/length-delimited value) `field`: writes its tag and
    /// reserves its length. Returns the mark ``endMessage(_:in:)`` takes.
    @inlinable @inline(__always)
    public static func beginMessage(_ field: UInt32, in out: inout some ProtobufSink) -> Int {
        appendTag(field, .lengthDelimited, to: &out)
        out.append(0)
        return out.count
    }

    /// Ends the nested message begun at `mark`: writes its length, widening the reserved
    /// byte when the length needs more (the message's bytes move up).
    @inlinable @inline(__always)
    public static func endMessage(_ mark: Int, in out: inout some ProtobufSink) {
        let length = out.count - mark
        if length < 0x80 {
            out.set(UInt8(length), at: mark - 1)
            return
        }
        let size = varintSize(UInt64(length))
        out.open(size - 1, at: mark)
        var v = UInt64(length)
        var i = mark - 1
        while v >= 0x80 {
            out.set(UInt8(truncatingIfNeeded: v) | 0x80, at: i)
            v >>= 7
            i += 1
        }
        out.set(UInt8(v), at: i)
    }

    /// Zig-zag form of a signed value (`sint32`/`sint64`).
    @inlinable @inline(__always)
    public static func zigZag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }
}
