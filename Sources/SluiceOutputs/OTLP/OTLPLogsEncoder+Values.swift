import SluiceCore

/// JSON values as OTLP `AnyValue`s and `KeyValue`s: strings, 64-bit integers, doubles,
/// booleans, arrays, objects as key-value lists, null as an empty value.
extension OTLPLogsEncoder {
    /// A `KeyValue` item of the repeated field being written.
    static func appendKeyValue<W: OTLPWireWriter>(
        _ key: UnsafeBufferPointer<UInt8>, keyEscaped: Bool, _ kind: JSONKind, _ raw: UnsafeBufferPointer<UInt8>,
        escaped: Bool?, with w: inout W
    ) {
        let item = w.beginItem()
        w.jsonString(F.key, key, escaped: keyEscaped)
        Self.appendAnyValue(F.value, kind, raw, escaped: escaped, with: &w)
        w.endItem(item)
    }

    /// An `AnyValue` message in `field` for a JSON value. `escaped` false promises a string
    /// holds no escapes (decoding is skipped); nil: look.
    static func appendAnyValue<W: OTLPWireWriter>(
        _ field: OTLPField, _ kind: JSONKind, _ raw: UnsafeBufferPointer<UInt8>, escaped: Bool?, with w: inout W
    ) {
        let mark = w.beginMessage(field)
        Self.appendAnyValueFields(kind, raw, escaped: escaped, with: &w)
        w.endMessage(mark)
    }

    /// The fields of an `AnyValue` for a JSON value (null: none, an empty value).
    static func appendAnyValueFields<W: OTLPWireWriter>(
        _ kind: JSONKind, _ raw: UnsafeBufferPointer<UInt8>, escaped: Bool?, with w: inout W
    ) {
        switch kind {
        case .string:
            let body = UnsafeBufferPointer(rebasing: raw.dropFirst().dropLast())
            w.jsonString(F.stringValue, body, escaped: escaped ?? body.contains(UInt8(ascii: "\\")))
        case .number:
            if let int = Self.integer(raw) { w.int64(F.intValue, int) } else { w.double(F.doubleValue, Self.double(raw), text: raw) }
        case .bool: w.bool(F.boolValue, raw.first == UInt8(ascii: "t"))
        case .null: break
        case .array:
            let array = w.beginMessage(F.arrayValue)
            w.beginRepeated(F.values)
            try? JSONScanner.forEachElement(ofArray: raw) { kind, element in
                let item = w.beginItem()
                Self.appendAnyValueFields(kind, element, escaped: nil, with: &w)
                w.endItem(item)
            }
            w.endRepeated()
            w.endMessage(array)
        case .object:
            let list = w.beginMessage(F.kvlistValue)
            w.beginRepeated(F.values)
            try? JSONScanner.forEachMember(ofObject: raw) { key, keyEscaped, kind, value in
                Self.appendKeyValue(key, keyEscaped: keyEscaped, kind, value, escaped: nil, with: &w)
            }
            w.endRepeated()
            w.endMessage(list)
        }
    }

    /// The digits of `raw` when it is a JSON string of exactly `digits` lowercase hex digits,
    /// not all zero (an id as the `trace` stage writes it); nil otherwise.
    @inline(__always)
    static func canonicalHex(_ raw: UnsafeBufferPointer<UInt8>, digits: Int) -> UnsafeBufferPointer<UInt8>? {
        guard raw.count == digits + 2, raw[0] == UInt8(ascii: "\""), raw[digits + 1] == UInt8(ascii: "\"") else { return nil }
        var nonZero = false
        for k in 1...digits {
            let b = raw[k]
            guard b &- UInt8(ascii: "0") < 10 || b &- UInt8(ascii: "a") < 6 else { return nil }
            if b != UInt8(ascii: "0") { nonZero = true }
        }
        return nonZero ? UnsafeBufferPointer(rebasing: raw[1...digits]) : nil
    }

    /// A JSON number that is an integer within `Int64` (no fraction, no exponent).
    static func integer(_ raw: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !raw.isEmpty, raw.count <= 20 else { return nil }
        var i = 0
        let negative = raw[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        guard i < raw.count else { return nil }
        var magnitude: UInt64 = 0
        while i < raw.count {
            let d = raw[i] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(d))
            guard !o1, !o2 else { return nil }
            magnitude = s
            i += 1
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude)
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    static func double(_ raw: UnsafeBufferPointer<UInt8>) -> Double {
        NumberBytes.parse(raw) ?? Double(String(decoding: raw, as: UTF8.self)) ?? 0
    }
}
