import SluiceCore

/// What to do after an OTLP/HTTP export, from the receiver's answer (OTLP specification,
/// "OTLP/HTTP Response").
public enum OTLPExportOutcome: Sendable, Equatable {
    /// 2xx: stored. `rejected` records were refused by the receiver for good
    /// (`partial_success.rejected_log_records`; not retried), `message` its explanation.
    case delivered(rejected: Int64, message: String?)
    /// 429, 502, 503, 504 (and 408): send the same body again after a backoff; `after` is
    /// `Retry-After` in seconds.
    case retry(after: Double?)
    /// 413: split the batch.
    case tooLarge
    /// 401, 403, 404, 405, 407: the output is misconfigured (credentials, URL or path). Not
    /// the events' fault: retried with backoff, so fixing the configuration loses nothing.
    case misconfigured(status: Int, message: String?)
    /// 400 and every other status: refused for good, not to be retried; dead-letter the batch.
    case refused(status: Int, message: String?)
}

/// Classifies OTLP/HTTP responses and reads their bodies: `ExportLogsServiceResponse`
/// (protobuf or JSON) on success, `google.rpc.Status` (protobuf or JSON) or plain text on
/// failure. Loki's OTLP endpoint answers 204 with no body on success and a protobuf `Status`
/// on 400 (`shared/fixtures/loki-otlp`).
///
/// The receiver's message is kept to ``maxMessageBytes`` bytes, one line: it is logged, and
/// a receiver may quote what it refused, so it never goes into a metric label.
public enum OTLPResponse {
    /// Longest message kept from a response.
    public static let maxMessageBytes = 256

    public static func classify(status: Int, retryAfter: Double?, body: [UInt8]) -> OTLPExportOutcome {
        switch status {
        case 200...299:
            let partial = partialSuccess(body)
            return .delivered(rejected: partial?.rejected ?? 0, message: partial?.message)
        case 408, 429, 502, 503, 504: return .retry(after: retryAfter)
        case 413: return .tooLarge
        case 401, 403, 404, 405, 407: return .misconfigured(status: status, message: statusMessage(body))
        default: return .refused(status: status, message: statusMessage(body))
        }
    }

    /// `partial_success` of an `ExportLogsServiceResponse`, when the body holds one.
    public static func partialSuccess(_ body: [UInt8]) -> (rejected: Int64, message: String?)? {
        guard !body.isEmpty else { return nil }
        if isJSON(body) {
            guard let root = try? JSONObject(parsing: body[...]) else { return nil }
            guard let partial = root.valueBytes(FieldPath(key: "partialSuccess")) ?? root.valueBytes(FieldPath(key: "partial_success")),
                let object = try? JSONObject(parsing: partial[...])
            else { return nil }
            var rejected: Int64 = 0
            for key in ["rejectedLogRecords", "rejected_log_records"] {
                object.withValue(FieldPath(key: FieldKey(key))) { kind, raw in
                    let digits = kind == .string ? UnsafeBufferPointer(rebasing: raw.dropFirst().dropLast()) : raw
                    rejected = OTLPLogsEncoder.integer(digits) ?? rejected
                }
            }
            let message = object.string(FieldPath(key: "errorMessage")) ?? object.string(FieldPath(key: "error_message"))
            return (rejected, message.map(cap))
        }
        var found: (Int64, String?)?
        ProtobufReader.forEachField(in: body[...]) { number, value in
            guard number == 1, case .bytes(let partial) = value else { return }
            var rejected: Int64 = 0
            var message: String?
            ProtobufReader.forEachField(in: partial) { number, value in
                switch (number, value) {
                case (1, .varint(let v)): rejected = Int64(bitPattern: v)
                case (2, .bytes(let text)): message = cap(String(decoding: text, as: UTF8.self))
                default: break
                }
            }
            found = (rejected, message)
        }
        return found
    }

    /// The message of a failure answer: a `google.rpc.Status` (protobuf field 2, or JSON
    /// `message`), else the body as text.
    public static func statusMessage(_ body: [UInt8]) -> String? {
        guard !body.isEmpty else { return nil }
        if isJSON(body) {
            if let root = try? JSONObject(parsing: body[...]), let message = root.string(FieldPath(key: "message")) { return cap(message) }
            return cap(String(decoding: body, as: UTF8.self))
        }
        var message: String?
        let wellFormed = ProtobufReader.forEachField(in: body[...]) { number, value in
            if number == 2, case .bytes(let text) = value { message = String(decoding: text, as: UTF8.self) }
        }
        if wellFormed, let message { return cap(message) }
        return cap(String(decoding: body, as: UTF8.self))
    }

    static func isJSON(_ body: [UInt8]) -> Bool {
        body.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 } == UInt8(ascii: "{")
    }

    /// One line of at most ``maxMessageBytes`` bytes (cut on a character), control characters
    /// replaced.
    static func cap(_ text: String) -> String {
        var out = ""
        var bytes = 0
        for scalar in text.unicodeScalars {
            let size = String(scalar).utf8.count
            guard bytes + size <= maxMessageBytes else {
                out += "…"
                break
            }
            out.unicodeScalars.append(scalar.value < 0x20 || scalar.value == 0x7F ? " " : scalar)
            bytes += size
        }
        return out.trimmingSuffixSpaces()
    }
}

extension String {
    fileprivate func trimmingSuffixSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
