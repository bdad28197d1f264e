import SluiceCore

/// One entry Loki said it refused, identified as far as its error text allows. Holds no label
/// text and no line content: the stream is an index into what was sent.
public struct LokiRefusal: Sendable, Equatable {
    public var reason: LokiRefusalReason
    /// Index into ``LokiPushSummary/streams`` when the text names a stream that was sent.
    public var stream: Int?
    /// The entry's timestamp (ns since the epoch) when given.
    public var timestamp: Int64?
    /// True when ``timestamp`` has whole-second precision (Loki's RFC 3339 texts).
    public var timestampInSeconds: Bool
    /// Loki's bound: entries older than this (ns) were refused (`oldest acceptable timestamp`).
    public var oldestAcceptable: Int64?
    /// The refused line's length when given (`max entry size` texts).
    public var lineBytes: Int?
}

/// What to do after a push, from Loki's answer.
public enum LokiPushOutcome: Sendable, Equatable {
    /// 200/204: every entry is stored.
    case delivered
    /// 429, 5xx and 408: send the same body again after a backoff; `after` is `Retry-After`
    /// in seconds when the server gave one.
    case retry(after: Double?)
    /// 400 naming refused entries. Loki stored the rest of the batch: dead-letter the entries
    /// ``LokiResponse/refusedEvents(_:in:)`` finds, count the others delivered; never retry
    /// (the same entries would be refused again).
    case partlyRefused([LokiRefusal])
    /// 400 whose text Sluice cannot map to entries. Loki may have stored part of the batch and
    /// a retry would repeat the 400: treat the batch as delivered, count it and log
    /// `reason` (never the body).
    case refusedUnknown(reason: LokiRefusalReason)
    /// 400 for a request Loki could not read at all (parse error, bad label, wrong content
    /// type): nothing was stored. Dead-letter the whole batch; this is a Sluice bug or a bad
    /// configuration, never a transient state.
    case invalidRequest
    /// 413: the body is too large; split the batch and send the halves.
    case tooLarge
    /// Any other status (401, 403, 404, 422, other 4xx, 3xx): a configuration problem, not an
    /// entry problem. Retry with backoff and report it; nothing is dead-lettered.
    case failed(status: Int)
}

/// Classifies Loki push responses.
///
/// | status | outcome |
/// | --- | --- |
/// | 200, 204 | ``LokiPushOutcome/delivered`` |
/// | 408, 429, 5xx | ``LokiPushOutcome/retry(after:)`` with `Retry-After` seconds |
/// | 400 with entry reasons | ``LokiPushOutcome/partlyRefused(_:)`` |
/// | 400 parse/label/content errors | ``LokiPushOutcome/invalidRequest`` |
/// | 400 otherwise | ``LokiPushOutcome/refusedUnknown(reason:)`` |
/// | 413 | ``LokiPushOutcome/tooLarge`` |
/// | other | ``LokiPushOutcome/failed(status:)`` |
///
/// The body is read line by line and nothing of it is kept but reason categories,
/// timestamps, line lengths and the index of a sent stream.
public enum LokiResponse {
    /// The outcome of a push answered with `status`, the `Retry-After` header value (if any)
    /// and `body`, for a request described by `sent`.
    public static func classify(status: Int, retryAfter: Double?, body: [UInt8], sent: LokiPushSummary) -> LokiPushOutcome {
        switch status {
        case 200, 204: return .delivered
        case 408, 429, 500...599: return .retry(after: retryAfter)
        case 413: return .tooLarge
        case 400: break
        default: return .failed(status: status)
        }
        let text = String(decoding: body, as: UTF8.self)
        var refusals: [LokiRefusal] = []
        var awaitingStream: [Int] = []  // refusals whose stream comes on a later line
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if isInvalidRequest(line) { return .invalidRequest }
            if let refusal = parseEntryLine(line, sent: sent) {
                if refusal.stream == nil && line.hasPrefix("entry with timestamp") { awaitingStream.append(refusals.count) }
                refusals.append(refusal)
            } else if let range = line.firstRange(of: "for stream: {") {
                let stream = matchStream(line[line.index(before: range.upperBound)...], in: sent)
                for i in awaitingStream { refusals[i].stream = stream }
                awaitingStream.removeAll()
            }
            // Other lines (`user 'x', total ignored: …` without a stream) carry nothing more.
        }
        if refusals.isEmpty { return .refusedUnknown(reason: .unknown) }
        return .partlyRefused(refusals)
    }

    /// The indices (into the batch) of the events a refusal names.
    ///
    /// - With `oldestAcceptable`: every sent entry older than it, in the named stream, or in
    ///   every stream for `too_old` (the bound is the same for all streams).
    /// - Else for `too_new` (`too_old`): the entries of the stream (every stream when none is
    ///   named) in the same second or later (earlier): the limits are monotonic, and Loki's
    ///   text may name only one of several refused entries.
    /// - Else with a timestamp: the entries of the stream (every stream when none is named)
    ///   with that timestamp (the same second for whole-second texts).
    /// - Else with a line length: the entries of the stream with that length.
    public static func refusedEvents(_ refusal: LokiRefusal, in sent: LokiPushSummary) -> [Int] {
        var out: [Int] = []
        for (s, stream) in sent.streams.enumerated() {
            if let only = refusal.stream, only != s, !(refusal.reason == .tooOld && refusal.oldestAcceptable != nil) { continue }
            for entry in stream.entries where matches(refusal, entry) { out.append(entry.eventIndex) }
        }
        return out
    }

    static func matches(_ refusal: LokiRefusal, _ entry: LokiSentEntry) -> Bool {
        if let bound = refusal.oldestAcceptable { return entry.timestamp < bound }
        if let ts = refusal.timestamp {
            // Loki's age limits are monotonic: an entry of the same stream further in the
            // future (or past) than a refused one is refused too.
            let second = floorDiv(ts, LokiLimits.second)
            if refusal.reason == .tooNew { return floorDiv(entry.timestamp, LokiLimits.second) >= second }
            if refusal.reason == .tooOld { return floorDiv(entry.timestamp, LokiLimits.second) <= second }
            if refusal.timestampInSeconds {
                return floorDiv(entry.timestamp, LokiLimits.second) == floorDiv(ts, LokiLimits.second)
            }
            return entry.timestamp == ts
        }
        if let bytes = refusal.lineBytes { return entry.lineBytes == bytes }
        return false
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }

    /// Texts of a request Loki could not read at all (JSON: `loghttp.…`; protobuf:
    /// `snappy: …`, `proto: …`, `unexpected EOF`).
    static func isInvalidRequest(_ line: Substring) -> Bool {
        line.hasPrefix("loghttp.") || line.hasPrefix("couldn't parse labels") || line.hasPrefix("snappy:")
            || line.hasPrefix("proto:") || line == "EOF" || line.hasPrefix("unexpected EOF") || line.contains("error parsing labels")
    }

    /// One refusal from a line of Loki's text, or nil when the line names none.
    static func parseEntryLine(_ line: Substring, sent: LokiPushSummary) -> LokiRefusal? {
        var refusal = LokiRefusal(reason: .unknown, stream: nil, timestamp: nil, timestampInSeconds: true)
        if line.hasPrefix("entry for stream '{") {
            // entry for stream '{…}' has timestamp too old: <t>, oldest acceptable timestamp is: <t>
            // entry for stream '{…}' has timestamp too new: <t>
            guard let close = line.firstRange(of: "}' has timestamp too ") else { return nil }
            refusal.stream = matchStream(line[line.index(line.startIndex, offsetBy: 18)..<line.index(after: close.lowerBound)], in: sent)
            let rest = line[close.upperBound...]
            if rest.hasPrefix("old: ") {
                refusal.reason = .tooOld
            } else if rest.hasPrefix("new: ") {
                refusal.reason = .tooNew
            } else {
                return nil
            }
            let timeText = rest.dropFirst(5).prefix { $0 != "," }
            refusal.timestamp = parseTime(timeText)
            refusal.oldestAcceptable = after("oldest acceptable timestamp is: ", in: line).flatMap(parseTime)
            return refusal
        }
        if line.hasPrefix("entry with timestamp ") {
            // entry with timestamp 2026-11-24 21:43:01.036325667 +0000 UTC ignored, reason: '…'
            guard let ignored = line.firstRange(of: " ignored, reason: '") else { return nil }
            refusal.timestamp = parseTime(line[line.index(line.startIndex, offsetBy: 21)..<ignored.lowerBound])
            refusal.timestampInSeconds = false
            let reason = line[ignored.upperBound...]
            if reason.hasPrefix("entry too far behind") || reason.hasPrefix("entry out of order") {
                refusal.reason = .tooFarBehind
            } else if reason.contains("too old") {
                refusal.reason = .tooOld
            } else if reason.contains("too new") {
                refusal.reason = .tooNew
            }
            return refusal.timestamp == nil ? nil : refusal
        }
        if line.hasPrefix("max entry size '"), let streamStart = line.firstRange(of: "for stream '{") {
            // max entry size 'N' bytes exceeded for stream '{…}' while adding an entry with length 'M' bytes
            refusal.reason = .lineTooLong
            guard let end = line.firstRange(of: "}' while adding") else { return nil }
            refusal.stream = matchStream(line[line.index(before: streamStart.upperBound)..<line.index(after: end.lowerBound)], in: sent)
            refusal.lineBytes = after("with length '", in: line).flatMap { Int($0.prefix { $0 != "'" }) }
            return refusal
        }
        if line.contains("structured metadata") && (line.contains("exceed") || line.contains("too many")) {
            refusal.reason = .metadataTooLarge
            return refusal
        }
        return nil
    }

    static func after(_ marker: String, in line: Substring) -> Substring? {
        line.firstRange(of: marker).map { line[$0.upperBound...] }
    }

    /// `2026-11-16T23:43:01Z` or `2026-11-24 21:43:01.036325667 +0000 UTC` (Go's default).
    static func parseTime(_ text: Substring) -> Int64? {
        var t = String(text.prefix { $0 != "," && $0 != "'" })
        if t.hasSuffix(" UTC") { t.removeLast(4) }
        let parts = t.split(separator: " ")
        if parts.count == 3 { t = "\(parts[0])T\(parts[1])\(parts[2])" }
        return Array(t.utf8).withUnsafeBytes { TimestampParser.parseRFC3339($0) }
    }

    /// The index of the sent stream whose labels are all in `text` (`{a="x", b="y"}`); Loki
    /// adds labels of its own (`service_name`), so the sent set must be a subset. The stream
    /// with the most labels wins; nil when none matches.
    static func matchStream(_ text: Substring, in sent: LokiPushSummary) -> Int? {
        let pairs = parseLabels(text)
        var best: (index: Int, count: Int)?
        for (i, stream) in sent.streams.enumerated()
        where stream.labels.allSatisfy({ pairs[$0.name] == $0.value }) && stream.labels.count > (best?.count ?? -1) {
            best = (i, stream.labels.count)
        }
        return best?.index
    }

    /// `{a="x", b="y\"z"}` as a dictionary (Go-quoted values).
    static func parseLabels(_ text: Substring) -> [String: String] {
        var out: [String: String] = [:]
        var i = text.startIndex
        func skip(_ c: Character) { while i < text.endIndex && text[i] == c { i = text.index(after: i) } }
        guard i < text.endIndex, text[i] == "{" else { return out }
        i = text.index(after: i)
        while i < text.endIndex {
            skip(" ")
            let nameStart = i
            while i < text.endIndex && text[i] != "=" && text[i] != "}" { i = text.index(after: i) }
            guard i < text.endIndex, text[i] == "=" else { break }
            let name = String(text[nameStart..<i])
            i = text.index(after: i)
            guard i < text.endIndex, text[i] == "\"" else { break }
            i = text.index(after: i)
            var value = ""
            while i < text.endIndex && text[i] != "\"" {
                if text[i] == "\\", text.index(after: i) < text.endIndex {
                    i = text.index(after: i)
                    switch text[i] {
                    case "n": value.append("\n")
                    case "t": value.append("\t")
                    default: value.append(text[i])
                    }
                } else {
                    value.append(text[i])
                }
                i = text.index(after: i)
            }
            guard i < text.endIndex else { break }
            i = text.index(after: i)
            out[name] = value
            skip(",")
        }
        return out
    }
}
