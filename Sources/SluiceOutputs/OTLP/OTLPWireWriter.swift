import SluiceCore

/// A field of the OTLP logs schema: its protobuf number and its OTLP/JSON name
/// (lowerCamelCase, as the OTLP specification requires for JSON).
struct OTLPField: Sendable {
    var number: UInt32
    var jsonName: StaticString

    init(_ number: UInt32, _ jsonName: StaticString) {
        self.number = number
        self.jsonName = jsonName
    }
}

/// Writes an OTLP message in one of its two wire forms. ``OTLPLogsEncoder`` walks an event
/// once and says what to write; the writer decides how (protobuf: tags and lengths; OTLP/JSON:
/// names, hex ids, 64-bit integers as strings, enums as integers).
///
/// Repeated message fields are written as `beginRepeated` · (`beginItem` … `endItem`)* ·
/// `endRepeated`; a single nested message as `beginMessage` … `endMessage`.
protocol OTLPWireWriter {
    mutating func beginMessage(_ field: OTLPField) -> Int
    mutating func endMessage(_ mark: Int)
    mutating func beginRepeated(_ field: OTLPField)
    mutating func beginItem() -> Int
    mutating func endItem(_ mark: Int)
    mutating func endRepeated()
    /// A string given as the body of a JSON string literal (escapes allowed when `escaped`).
    mutating func jsonString(_ field: OTLPField, _ body: UnsafeBufferPointer<UInt8>, escaped: Bool)
    /// A string given as UTF-8 bytes.
    mutating func string(_ field: OTLPField, _ bytes: UnsafeBufferPointer<UInt8>)
    /// A `fixed64` time in nanoseconds (a decimal string in JSON).
    mutating func fixed64(_ field: OTLPField, _ value: UInt64)
    /// An `int64` (a decimal string in JSON).
    mutating func int64(_ field: OTLPField, _ value: Int64)
    /// An enum (an integer in JSON).
    mutating func enumValue(_ field: OTLPField, _ value: Int)
    /// A `double`; `text` is its JSON number as written.
    mutating func double(_ field: OTLPField, _ value: Double, text: UnsafeBufferPointer<UInt8>)
    mutating func bool(_ field: OTLPField, _ value: Bool)
    /// A trace or span id of `byteCount` bytes (big-endian; lowercase hex in JSON).
    mutating func id(_ field: OTLPField, _ value: UInt128, byteCount: Int)
    /// A trace or span id given as its lowercase hex digits (what the `trace` stage writes):
    /// no number is built (the hot path).
    mutating func hexID(_ field: OTLPField, _ digits: UnsafeBufferPointer<UInt8>)
}

/// The protobuf form (`application/x-protobuf`), written into a ``ProtobufBuffer``.
struct OTLPProtobufWriter: OTLPWireWriter {
    var out: ProtobufBuffer
    /// The field numbers of the repeated fields being written, innermost last.
    private var repeated: [UInt32] = []
    private var scratch: [UInt8] = []

    init(capacity: Int) { out = ProtobufBuffer(capacity: capacity) }

    mutating func beginMessage(_ field: OTLPField) -> Int { ProtobufWriter.beginMessage(field.number, in: &out) }
    mutating func endMessage(_ mark: Int) { ProtobufWriter.endMessage(mark, in: &out) }
    mutating func beginRepeated(_ field: OTLPField) { repeated.append(field.number) }
    mutating func beginItem() -> Int { ProtobufWriter.beginMessage(repeated[repeated.count - 1], in: &out) }
    mutating func endItem(_ mark: Int) { ProtobufWriter.endMessage(mark, in: &out) }
    mutating func endRepeated() { repeated.removeLast() }

    mutating func jsonString(_ field: OTLPField, _ body: UnsafeBufferPointer<UInt8>, escaped: Bool) {
        guard escaped else { return ProtobufWriter.appendBytesField(field.number, body, to: &out) }
        scratch.removeAll(keepingCapacity: true)
        JSONStringCodec.decode(body, into: &scratch)
        ProtobufWriter.appendBytesField(field.number, scratch, to: &out)
    }

    mutating func string(_ field: OTLPField, _ bytes: UnsafeBufferPointer<UInt8>) {
        ProtobufWriter.appendBytesField(field.number, bytes, to: &out)
    }

    mutating func fixed64(_ field: OTLPField, _ value: UInt64) { ProtobufWriter.appendFixed64Field(field.number, value, to: &out) }
    mutating func int64(_ field: OTLPField, _ value: Int64) {
        ProtobufWriter.appendVarintField(field.number, UInt64(bitPattern: value), to: &out)
    }
    mutating func enumValue(_ field: OTLPField, _ value: Int) {
        ProtobufWriter.appendVarintField(field.number, UInt64(bitPattern: Int64(value)), to: &out)
    }
    mutating func double(_ field: OTLPField, _ value: Double, text: UnsafeBufferPointer<UInt8>) {
        ProtobufWriter.appendDoubleField(field.number, value, to: &out)
    }
    mutating func bool(_ field: OTLPField, _ value: Bool) {
        ProtobufWriter.appendVarintField(field.number, value ? 1 : 0, to: &out)
    }
    mutating func id(_ field: OTLPField, _ value: UInt128, byteCount: Int) {
        ProtobufWriter.appendTag(field.number, .lengthDelimited, to: &out)
        out.append(UInt8(byteCount))
        for k in stride(from: byteCount - 1, through: 0, by: -1) { out.append(UInt8(truncatingIfNeeded: value >> (8 * k))) }
    }
    mutating func hexID(_ field: OTLPField, _ digits: UnsafeBufferPointer<UInt8>) {
        ProtobufWriter.appendTag(field.number, .lengthDelimited, to: &out)
        out.append(UInt8(digits.count / 2))
        var k = 0
        while k + 1 < digits.count {
            out.append(Self.nibble(digits[k]) << 4 | Self.nibble(digits[k + 1]))
            k += 2
        }
    }

    /// The value of a lowercase hex digit (validated by the caller).
    @inline(__always)
    static func nibble(_ b: UInt8) -> UInt8 { b <= UInt8(ascii: "9") ? b &- UInt8(ascii: "0") : b &- UInt8(ascii: "a") &+ 10 }
}

/// The OTLP/JSON form (`application/json`): lowerCamelCase names, trace and span ids as
/// lowercase hex (not base64: the OTLP specification's exception to protobuf's JSON mapping,
/// which Loki enforces), 64-bit integers as decimal strings, enums as integers.
struct OTLPJSONWriter: OTLPWireWriter {
    var out: [UInt8] = []
    /// False right after `{` or `[`: the next member or item needs no comma.
    private var needsComma = false

    @inline(__always)
    private mutating func name(_ field: OTLPField) {
        if needsComma { out.append(UInt8(ascii: ",")) }
        out.append(UInt8(ascii: "\""))
        field.jsonName.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(contentsOf: "\":".utf8)
        needsComma = true
    }

    mutating func beginMessage(_ field: OTLPField) -> Int {
        name(field)
        out.append(UInt8(ascii: "{"))
        needsComma = false
        return 0
    }
    mutating func endMessage(_ mark: Int) {
        out.append(UInt8(ascii: "}"))
        needsComma = true
    }
    mutating func beginRepeated(_ field: OTLPField) {
        name(field)
        out.append(UInt8(ascii: "["))
        needsComma = false
    }
    mutating func beginItem() -> Int {
        if needsComma { out.append(UInt8(ascii: ",")) }
        out.append(UInt8(ascii: "{"))
        needsComma = false
        return 0
    }
    mutating func endItem(_ mark: Int) {
        out.append(UInt8(ascii: "}"))
        needsComma = true
    }
    mutating func endRepeated() {
        out.append(UInt8(ascii: "]"))
        needsComma = true
    }

    mutating func jsonString(_ field: OTLPField, _ body: UnsafeBufferPointer<UInt8>, escaped: Bool) {
        name(field)
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: body)
        out.append(UInt8(ascii: "\""))
    }
    mutating func string(_ field: OTLPField, _ bytes: UnsafeBufferPointer<UInt8>) {
        name(field)
        JSONStringCodec.appendQuoted(bytes, to: &out)
    }
    mutating func fixed64(_ field: OTLPField, _ value: UInt64) {
        name(field)
        out.append(UInt8(ascii: "\""))
        DecimalText.append(value, to: &out)
        out.append(UInt8(ascii: "\""))
    }
    mutating func int64(_ field: OTLPField, _ value: Int64) {
        name(field)
        out.append(UInt8(ascii: "\""))
        DecimalText.append(value, to: &out)
        out.append(UInt8(ascii: "\""))
    }
    mutating func enumValue(_ field: OTLPField, _ value: Int) {
        name(field)
        DecimalText.append(Int64(value), to: &out)
    }
    mutating func double(_ field: OTLPField, _ value: Double, text: UnsafeBufferPointer<UInt8>) {
        name(field)
        out.append(contentsOf: text)
    }
    mutating func bool(_ field: OTLPField, _ value: Bool) {
        name(field)
        out.append(contentsOf: (value ? "true" : "false").utf8)
    }
    mutating func id(_ field: OTLPField, _ value: UInt128, byteCount: Int) {
        name(field)
        TraceIDNormalizer.appendQuotedHex(value, digits: byteCount * 2, to: &out)
    }
    mutating func hexID(_ field: OTLPField, _ digits: UnsafeBufferPointer<UInt8>) {
        name(field)
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: digits)
        out.append(UInt8(ascii: "\""))
    }
}
