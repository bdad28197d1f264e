import SluiceCore

/// One configured Loki label: a static value or a reference to an event field.
public struct LokiLabel: Sendable, Equatable {
    /// Where the label's value comes from.
    public enum Source: Sendable, Equatable {
        /// The same value for every event.
        case constant([UInt8])
        /// The value of this field of the event (decoded when a string).
        case field(FieldPath)
    }

    /// The label name, valid for Loki (`[a-zA-Z_][a-zA-Z0-9_]*`).
    public let name: String
    /// The name's UTF-8 bytes.
    public let nameBytes: [UInt8]
    /// Where the value comes from.
    public let source: Source
}

/// Why a label set could not be built.
public struct LokiLabelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The label name the problem is about (empty for the whole set).
    public var label: String
    /// What is wrong.
    public var message: String
    public var description: String { label.isEmpty ? message : "\(label): \(message)" }
}

/// The configured label set of a Loki output: static values and field references.
///
/// - A field reference is a whole value of the form `%{[level]}` or `%{level}` (nested:
///   `%{[kubernetes][pod]}`); anything else is a static value (`%{` elsewhere is an error).
/// - A field that is missing, `null`, an object, an array or an empty string omits that label
///   for the event (Loki refuses empty label values). Numbers and booleans use their JSON text.
/// - Values are capped at ``maxValueBytes`` bytes (Loki's default `max_label_value_length`),
///   cut on a UTF-8 character boundary.
/// - At most ``maxLabels`` labels (Loki's default `max_label_names_per_series`); when all 15
///   are static there is no room for the `sluice_overflow` / `sluice_unlabelled` marker of
///   ``LokiPushEncoder``, so at most 14 static labels may be configured.
public struct LokiLabels: Sendable, Equatable {
    /// Loki's default limit of label names per stream.
    public static let maxLabels = 15
    /// Loki's default limit of a label value's length, in bytes.
    public static let maxValueBytes = 2048

    /// The labels in configured order.
    public let labels: [LokiLabel]

    /// Builds and validates a label set from `(name, value)` pairs in configured order.
    public init(_ pairs: [(name: String, value: String)]) throws(LokiLabelError) {
        guard !pairs.isEmpty else {
            throw LokiLabelError(label: "", message: "give at least one label (Loki needs one per stream)")
        }
        guard pairs.count <= Self.maxLabels else {
            throw LokiLabelError(label: "", message: "\(pairs.count) labels; Loki allows at most \(Self.maxLabels) per stream")
        }
        var built: [LokiLabel] = []
        for (name, value) in pairs {
            guard PrometheusText.isValidLabelName(name) else {
                throw LokiLabelError(label: name, message: "not a valid Loki label name (letters, digits and _, not starting with a digit)")
            }
            guard !name.hasPrefix("__") else {
                throw LokiLabelError(label: name, message: "names starting with __ are reserved for Loki's internal use")
            }
            guard !built.contains(where: { $0.name == name }), name != LokiPushEncoder.overflowLabel,
                name != LokiPushEncoder.unlabelledLabel
            else {
                throw LokiLabelError(label: name, message: "label name used twice or reserved by Sluice")
            }
            built.append(LokiLabel(name: name, nameBytes: Array(name.utf8), source: try Self.source(of: value, label: name)))
        }
        if built.allSatisfy({ if case .constant = $0.source { true } else { false } }) && built.count == Self.maxLabels {
            throw LokiLabelError(label: "", message: "15 static labels leave no room for the overflow label; use at most 14")
        }
        labels = built
    }

    static func source(of value: String, label: String) throws(LokiLabelError) -> LokiLabel.Source {
        switch FieldReference(value) {
        case .field(let path):
            return .field(path)
        case .text(let text):
            guard !text.isEmpty else { throw LokiLabelError(label: label, message: "a static value must not be empty") }
            let bytes = Array(text.utf8)
            guard bytes.count <= maxValueBytes else {
                throw LokiLabelError(label: label, message: "value longer than \(maxValueBytes) bytes")
            }
            return .constant(bytes)
        case nil:
            throw LokiLabelError(label: label, message: "a value is either static text or one field reference such as %{[level]}")
        }
    }

    /// The number of labels that are the same for every event.
    public var staticCount: Int {
        labels.count { if case .constant = $0.source { true } else { false } }
    }

    /// The field paths the labels read (for `remove_label_fields`).
    public var fieldPaths: [FieldPath] {
        labels.compactMap { if case .field(let p) = $0.source { p } else { nil } }
    }

    /// Appends `event`'s stream key to `key`: per field label, a length (UInt16, `0xFFFF` when
    /// the label is omitted) and the decoded, capped value. Static labels are not in the key.
    /// Reuse one buffer per batch: no allocation per event once it has grown.
    public func appendStreamKey(of event: Event, to key: inout [UInt8]) {
        for label in labels {
            guard case .field(let path) = label.source else { continue }
            let lengthAt = key.count
            key.append(0xFF)
            key.append(0xFF)
            let present: Bool = event.fields.withValue(path) { kind, raw -> Bool in
                let start = key.count
                switch kind {
                case .string:
                    JSONStringCodec.decode(UnsafeBufferPointer(rebasing: raw.dropFirst().dropLast()), into: &key)
                case .number, .bool:
                    key.append(contentsOf: raw)
                default:
                    return false
                }
                let length = Self.cappedUTF8(key, from: start, count: key.count - start, max: Self.maxValueBytes)
                key.removeSubrange((start + length)...)
                guard length > 0 else { return false }
                key[lengthAt] = UInt8(length >> 8)
                key[lengthAt + 1] = UInt8(length & 0xFF)
                return true
            } ?? false
            if !present { key.removeSubrange((lengthAt + 2)...) }
        }
    }

    /// `count` (the length of the text at `bytes[start...]`) capped at `max`, cut back to a
    /// UTF-8 character boundary.
    static func cappedUTF8(_ bytes: [UInt8], from start: Int, count: Int, max: Int) -> Int {
        guard count > max else { return count }
        var n = max
        while n > 0 && bytes[start + n] & 0xC0 == 0x80 { n -= 1 }
        return n
    }

    /// Calls `body` with each static label's name and value, in configured order.
    func forEachStaticPair(_ body: ([UInt8], ArraySlice<UInt8>) -> Void) {
        for label in labels {
            if case .constant(let value) = label.source { body(label.nameBytes, value[...]) }
        }
    }

    /// The `(name, value)` pairs of a stream key made by ``appendStreamKey(of:to:)``, with
    /// the static labels, in configured order; omitted labels are left out.
    public func pairs(ofKey key: ArraySlice<UInt8>) -> [(name: String, value: String)] {
        var out: [(name: String, value: String)] = []
        forEachPair(ofKey: key) { name, value in
            out.append((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
        }
        return out
    }

    /// Calls `body` with each present label's name and value bytes for a stream key.
    func forEachPair(ofKey key: ArraySlice<UInt8>, _ body: ([UInt8], ArraySlice<UInt8>) -> Void) {
        var i = key.startIndex
        for label in labels {
            switch label.source {
            case .constant(let value):
                body(label.nameBytes, value[...])
            case .field:
                let length = Int(key[i]) << 8 | Int(key[i + 1])
                i += 2
                if length == 0xFFFF { continue }
                body(label.nameBytes, key[i..<(i + length)])
                i += length
            }
        }
    }
}
