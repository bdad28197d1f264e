/// Reads protocol buffers wire format field by field: what Sluice needs of the small messages
/// backends answer with (OTLP's `ExportLogsServiceResponse`, `google.rpc.Status`). Unknown
/// fields are skipped; malformed input ends the walk with `false`, never a trap.
public enum ProtobufReader {
    /// One field's value.
    public enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case fixed32(UInt32)
        /// A string, bytes, a nested message or a packed array.
        case bytes(ArraySlice<UInt8>)
    }

    /// Calls `field` for each field of `message` in order. Returns false when the bytes are
    /// not well-formed protobuf (the fields read before the fault were reported).
    @discardableResult
    public static func forEachField(in message: ArraySlice<UInt8>, _ field: (UInt32, Value) -> Void) -> Bool {
        var i = message.startIndex
        while i < message.endIndex {
            guard let tag = varint(message, &i), tag >> 3 > 0, tag >> 3 <= UInt64(UInt32.max) else { return false }
            let number = UInt32(tag >> 3)
            switch tag & 7 {
            case 0:
                guard let v = varint(message, &i) else { return false }
                field(number, .varint(v))
            case 1:
                guard message.endIndex - i >= 8 else { return false }
                var v: UInt64 = 0
                for k in 0..<8 { v |= UInt64(message[i + k]) << (8 * k) }
                i += 8
                field(number, .fixed64(v))
            case 2:
                guard let n = varint(message, &i), n <= UInt64(message.endIndex - i) else { return false }
                field(number, .bytes(message[i..<(i + Int(n))]))
                i += Int(n)
            case 5:
                guard message.endIndex - i >= 4 else { return false }
                var v: UInt32 = 0
                for k in 0..<4 { v |= UInt32(message[i + k]) << (8 * k) }
                i += 4
                field(number, .fixed32(v))
            default:
                return false
            }
        }
        return true
    }

    static func varint(_ bytes: ArraySlice<UInt8>, _ i: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.endIndex, shift < 64 {
            let b = bytes[i]
            i += 1
            value |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return value }
            shift += 7
        }
        return nil
    }
}
