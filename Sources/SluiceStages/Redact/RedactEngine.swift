import SluiceCore

/// Why a value could not be processed. Content-free: safe for reasons and counters.
enum RedactFailure: Error, Equatable {
    /// Nesting deeper than ``RedactEngine/maxDepth``.
    case tooDeep
    /// Bytes that are not the JSON the scanner accepted.
    case malformed
}

/// The redact stage's working state for one batch: the scanner, scratch buffers and counts.
/// A value owned by one `process` call (passed `inout`, so no dynamic exclusivity checks).
struct RedactEngine {
    /// Values nested deeper than this are not walked: the event is dead-lettered.
    static let maxDepth = 64
    /// Bytes a redacted string value has room for beyond its own: `sample_rate` and a
    /// trace flag.
    static let roomAfterReplacement = 64

    let settings: RedactSettings
    var scanner: TextScanner
    /// Whether keys are sensitive or name cookies, remembered per key.
    var keyVerdicts: KeyVerdicts
    var matches: [RedactMatch] = []
    /// Values found clean, with their keys: scanned once (see ``CleanValueMemo``). Kept by
    /// the stage between batches.
    var cleanValues: CleanValueMemo
    /// The miss ``isKnownCleanMember(key:value:)`` just had, for ``processString`` to insert
    /// under without hashing again.
    var memberProbe: (value: UnsafePointer<UInt8>?, count: Int, probe: CleanValueMemo.Probe)?
    var customMatches: [RedactMatch] = []
    /// A redacted text before it is quoted (``redactText(_:context:endsAtCut:into:)``), its
    /// memory kept from value to value.
    var unquoted: [UInt8] = []
    /// The replacements of an event's top-level members (member index, kind, JSON), collected
    /// while its members are read and then written; its memory kept from event to event.
    var replacements: [(Int, JSONKind, [UInt8])] = []
    /// Working memory of the custom patterns' searches; counts those that gave up.
    let regexScratch = RegexScratch()
    /// Matches per rule in this batch (add with ``count(_:)``).
    private(set) var counts: [Int]
    private(set) var truncatedFields = 0
    /// False while only key rules and the oversize cap apply (members outside `only_fields:`).
    var scanning = true
    /// True while the value being processed is the text of a line cut at `max_line_bytes`
    /// (the `message` of an unparsed, cut line): its end is the cut (see ``CutEnd``).
    var atCut = false
    /// Everything counted so far (matches and truncations), to tell whether an event changed.
    /// Kept as it goes: summing `counts` (one per rule) twice per event cost 0.01–0.03 s per
    /// million lines in `sluice-bench --mode stages`.
    private(set) var total = 0
    /// The depth of the members of the cookie jar being walked (an object or array under a
    /// key such as `cookies` or `set-cookie`), -1 outside one.
    var cookieJarDepth = -1
    /// The object about a person, an address or a date of birth being walked (see
    /// ``PersonalKeys``), and the depth of its direct members (-1 outside one).
    var personalHolder = PersonalKeys.Role.none
    var personalDepth = -1
    /// True when a personal-data rule is enabled (the key roles are looked up then).
    let personalEnabled: Bool
    /// Explanations, only when a recorder is attached.
    var explanations: [Redaction] = []
    var explaining: Bool
    var origin = Origin(fileID: 0, offset: 0, length: 0)
    var path: [String] = []
    let stageName: String

    init(settings: RedactSettings, stageName: String, cleanValues: CleanValueMemo = CleanValueMemo()) {
        self.settings = settings
        self.cleanValues = cleanValues
        self.scanner = TextScanner(enabled: settings.detectors, keys: settings.sensitiveKeys)
        self.keyVerdicts = KeyVerdicts(keys: settings.sensitiveKeys)
        self.counts = [Int](repeating: 0, count: settings.ruleNames.count)
        self.explaining = settings.recorder != nil
        self.stageName = stageName
        self.personalEnabled = settings.detectors.intersects(PersonalDataDetector.rules)
        matches.reserveCapacity(16)
    }

    /// Counts one match of `rule`.
    @inline(__always)
    mutating func count(_ rule: UInt16) {
        counts[Int(rule)] += 1
        total += 1
    }

    // MARK: Strings

    /// Redacts a JSON string whose body (between the quotes) is `body`; appends the new
    /// quoted string to `out` and returns true when anything changed.
    mutating func redactString(
        _ body: UnsafeBufferPointer<UInt8>, escaped: Bool, context: TextScanner.Context, endsAtCut: Bool = false, into out: inout [UInt8]
    ) -> Bool {
        if escaped {
            var decoded: [UInt8] = []
            decoded.reserveCapacity(body.count)
            JSONStringCodec.decode(body, into: &decoded)
            return decoded.withUnsafeBufferPointer { redactText($0, context: context, endsAtCut: endsAtCut, into: &out) }
        }
        return redactText(body, context: context, endsAtCut: endsAtCut, into: &out)
    }

    /// Redacts decoded text; appends it quoted to `out` and returns true when it changed.
    ///
    /// Fail closed: when a custom pattern's search gives up at its limit, what it would have
    /// matched is unknown, so the whole value becomes that rule's mask (never its hash or
    /// partial form, which would keep some of the text). When the text `endsAtCut`, its
    /// trailing token — with any match reaching into it — is masked as `truncated`.
    mutating func redactText(
        _ text: UnsafeBufferPointer<UInt8>, context: TextScanner.Context, endsAtCut: Bool = false, into out: inout [UInt8]
    ) -> Bool {
        // Most values have no match, and emptying an empty array still calls
        // `Array.replaceSubrange` (0.7% of all samples in `sluice-bench --mode stages`).
        if !matches.isEmpty { matches.removeAll(keepingCapacity: true) }
        var maskWhole = false
        if scanning {
            scanner.scan(text, context: context, into: &matches)
            if !settings.custom.isEmpty, let rule = addCustomMatches(text) {
                matches.removeAll(keepingCapacity: true)
                matches.append(RedactMatch(start: 0, end: text.count, rule: rule))
                maskWhole = true
            }
            if endsAtCut && !maskWhole, var start = CutEnd.start(in: text) {
                // Matches are ordered and disjoint: those reaching past `start` go with the end.
                while let last = matches.last, last.end > start {
                    start = min(start, last.start)
                    matches.removeLast()
                }
                matches.append(RedactMatch(start: start, end: text.count, rule: RedactRule.truncated))
            }
        }
        let limit = settings.maxFieldBytes
        if matches.isEmpty && (limit == 0 || text.count <= limit) { return false }
        var result = unquoted
        unquoted = []
        result.removeAll(keepingCapacity: true)
        result.reserveCapacity(text.count + 16)
        defer { unquoted = result }
        var pos = 0
        for m in matches {
            result.append(contentsOf: UnsafeBufferPointer(rebasing: text[pos..<m.start]))
            let original = UnsafeBufferPointer(rebasing: text[m.start..<m.end])
            let before = result.count
            let action = maskWhole || m.rule == RedactRule.truncated ? RedactAction.mask : settings.replacer.actions[Int(m.rule)]
            settings.replacer.append(action, rule: m.rule, original: original, into: &result)
            count(m.rule)
            if explaining { explain(settings.ruleNames[Int(m.rule)], original, result[before...]) }
            pos = m.end
        }
        result.append(contentsOf: UnsafeBufferPointer(rebasing: text[pos...]))
        // Room for the quoted text and for a few members that later stages append (the
        // replacement of a top-level member becomes its event's storage, see
        // JSONObject.setValue(at:kind:json:)): no reallocation on the way.
        out.reserveCapacity(out.count + result.count + result.count / 8 + Self.roomAfterReplacement)
        out.append(UInt8(ascii: "\""))
        if limit > 0 && result.count > limit {
            var cut: [UInt8] = []
            result.withUnsafeBufferPointer { Truncation.appendTruncated($0, limit: limit, into: &cut) }
            truncatedFields += 1
            total += 1
            if explaining { explain("truncated", Array("(\(result.count) bytes)".utf8), cut.suffix(from: min(cut.count, limit))) }
            cut.withUnsafeBufferPointer { JSONStringCodec.appendEscaped($0, to: &out) }
        } else {
            result.withUnsafeBufferPointer { JSONStringCodec.appendEscaped($0, to: &out) }
        }
        out.append(UInt8(ascii: "\""))
        return true
    }

    /// Adds the custom patterns' matches that do not overlap the built-in ones; returns the
    /// rule of a pattern whose search gave up at its limit instead (nothing is added then).
    mutating func addCustomMatches(_ text: UnsafeBufferPointer<UInt8>) -> UInt16? {
        customMatches.removeAll(keepingCapacity: true)
        for (k, pattern) in settings.custom.enumerated() {
            let rule = RedactRule.builtInCount + UInt16(k)
            if !pattern.scan(text, rule: rule, scratch: regexScratch, into: &customMatches) { return rule }
        }
        guard !customMatches.isEmpty else { return nil }
        var all = matches + customMatches
        all.sort { $0.start != $1.start ? $0.start < $1.start : $0.rule < $1.rule }
        matches.removeAll(keepingCapacity: true)
        var end = 0
        for m in all where m.start >= end {
            matches.append(m)
            end = m.end
        }
        return nil
    }

    mutating func explain<C: Collection<UInt8>>(_ rule: String, _ original: some Collection<UInt8>, _ replacement: C) {
        explanations.append(Redaction(
            origin: origin, stage: stageName, rule: rule, path: path.joined(separator: "."),
            original: Array(original), replacement: Array(replacement)))
    }

    // MARK: Values

    /// The replacement for one value, when it changes: JSON bytes and their kind.
    ///
    /// `v` is exactly the value's JSON (no surrounding whitespace); `key` is the decoded name
    /// of the member holding it (nil in arrays); `skip` lists the remaining segments of
    /// `fields:` paths below this value, whose targets were already handled.
    mutating func processValue(
        _ v: UnsafeBufferPointer<UInt8>, key: UnsafeBufferPointer<UInt8>?, inheritedVersion: Bool,
        skip: [ArraySlice<FieldKey>], depth: Int, escaped knownEscaped: Bool? = nil
    ) throws(RedactFailure) -> (JSONKind, [UInt8])? {
        guard let first = v.first else { throw .malformed }
        // Members of a cookie jar, and values under a key naming cookies, are read as cookies.
        let verdict = key.map { keyVerdicts.verdict($0) } ?? []
        if cookieJarDepth >= 0 || verdict.contains(.cookie) {
            return try processCookies(v, key: key, verdict: verdict, inheritedVersion: inheritedVersion, skip: skip, depth: depth, escaped: knownEscaped)
        }
        if verdict.contains(.sensitive), let r = sensitiveValue(v) { return (.string, r) }
        if personalEnabled && scanning {
            let role = personalRole(key: key, depth: depth, verdict: verdict)
            if role != .none, let handled = try processPersonal(v, key: key, role: role, inheritedVersion: inheritedVersion, skip: skip, depth: depth) {
                return handled
            }
        }
        switch first {
        case UInt8(ascii: "\""):
            return try processString(v, context: TextScanner.Context(key: key, inheritedVersion: inheritedVersion), depth: depth, escaped: knownEscaped)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            return try processContainer(v, version: inheritedVersion || key.map(IPv4Detector.isVersionKey) == true, skip: skip, depth: depth)
        default:
            return try processScalar(v, key: key)
        }
    }

    /// A string value (`v` with its quotes) redacted as text in `context`; `escaped` when
    /// known to hold (or not) a backslash.
    mutating func processString(
        _ v: UnsafeBufferPointer<UInt8>, context: TextScanner.Context, depth: Int, escaped knownEscaped: Bool?
    ) throws(RedactFailure) -> (JSONKind, [UInt8])? {
        guard v.count >= 2, v[v.count - 1] == UInt8(ascii: "\"") else { throw .malformed }
        let body = UnsafeBufferPointer(rebasing: v[1..<(v.count - 1)])
        var out: [UInt8] = []
        let escaped = knownEscaped ?? body.contains(UInt8(ascii: "\\"))
        let endsAtCut = atCut && depth == 0
        // A value this key already had, found clean then, is clean now (see CleanValueMemo).
        guard scanning && !endsAtCut && CleanValueMemo.fits(key: context.key, value: body) else {
            return redactString(body, escaped: escaped, context: context, endsAtCut: endsAtCut, into: &out) ? (.string, out) : nil
        }
        let flags = cleanValueFlags(context, depth: depth)
        guard let probe = cleanValueProbe(key: context.key, value: body, flags: flags) else { return nil }
        // A custom pattern that gave up (its limit hit) did not say the value is clean.
        let limitHits = settings.custom.isEmpty ? 0 : regexScratch.limitHits
        if redactString(body, escaped: escaped, context: context, endsAtCut: false, into: &out) { return (.string, out) }
        if settings.custom.isEmpty || regexScratch.limitHits == limitHits { cleanValues.insert(probe, key: context.key, value: body) }
        return nil
    }

    /// An object or array walked; the same kind when anything inside changed.
    mutating func processContainer(
        _ v: UnsafeBufferPointer<UInt8>, version: Bool, skip: [ArraySlice<FieldKey>], depth: Int
    ) throws(RedactFailure) -> (JSONKind, [UInt8])? {
        if depth >= Self.maxDepth { throw .tooDeep }
        return try walkContainer(v, version: version, skip: skip, depth: depth).map { (v[0] == UInt8(ascii: "{") ? .object : .array, $0) }
    }

    /// A number (a card when it is one), `true`, `false` or `null`.
    mutating func processScalar(_ v: UnsafeBufferPointer<UInt8>, key: UnsafeBufferPointer<UInt8>?) throws(RedactFailure) -> (JSONKind, [UInt8])? {
        switch v[0] {
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return numberAsCard(v, key: key).map { (.string, $0) }
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            return nil
        default:
            throw .malformed
        }
    }

    /// The replacement for the value of a sensitive key; nil for null, booleans, empty
    /// strings and values already masked.
    mutating func sensitiveValue(_ v: UnsafeBufferPointer<UInt8>, rule: UInt16 = RedactRule.sensitiveKey) -> [UInt8]? {
        let first = v[0]
        if first == UInt8(ascii: "t") || first == UInt8(ascii: "f") || first == UInt8(ascii: "n") { return nil }
        var original: [UInt8] = []
        if first == UInt8(ascii: "\"") {
            guard v.count > 2 else { return nil }
            JSONStringCodec.decode(UnsafeBufferPointer(rebasing: v[1..<(v.count - 1)]), into: &original)
            if original.starts(with: Self.maskPrefix) { return nil }
        } else {
            original = Array(v)
        }
        var replacement: [UInt8] = []
        original.withUnsafeBufferPointer {
            settings.replacer.append(settings.replacer.actions[Int(rule)], rule: rule, original: $0, into: &replacement)
        }
        count(rule)
        if explaining { explain(settings.ruleNames[Int(rule)], original, replacement) }
        var out: [UInt8] = []
        JSONStringCodec.appendQuoted(replacement, to: &out)
        return out
    }

    static let maskPrefix: [UInt8] = Array("[REDACTED".utf8)

    /// A JSON number that is a payment card (`"card": 4111111111111111`) becomes a masked
    /// string: 13–16 digits in any member but one whose key names an id (`"id"`, `"order_id"`),
    /// 12 or 17–19 digits only in a member whose key names a card (`"pan"`, `"card_number"`):
    /// elsewhere those are snowflake ids and nanosecond timestamps.
    mutating func numberAsCard(_ v: UnsafeBufferPointer<UInt8>, key: UnsafeBufferPointer<UInt8>?) -> [UInt8]? {
        guard scanning, settings.detectors.contains(RedactRule.creditCard), v.count >= 12, v.count <= 19 else { return nil }
        let isCard = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 19) { digits -> Bool in
            for k in 0..<v.count {
                let d = v[k] &- 0x30
                guard d < 10 else { return false }
                digits[k] = d
            }
            return CreditCardDetector.isCard(digits.baseAddress!, v.count)
        }
        guard isCard else { return nil }
        if let key, IdentifierKeys.names(key) { return nil }
        if !CreditCardDetector.isCommonLength(v.count) && !CreditCardDetector.keyNames(key) { return nil }
        var out: [UInt8] = [UInt8(ascii: "\"")]
        let before = out.count
        settings.replacer.append(settings.replacer.actions[Int(RedactRule.creditCard)], rule: RedactRule.creditCard, original: v, into: &out)
        count(RedactRule.creditCard)
        if explaining { explain(settings.ruleNames[Int(RedactRule.creditCard)], Array(v), out[before...]) }
        out.append(UInt8(ascii: "\""))
        return out
    }
}
