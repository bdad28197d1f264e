import SluiceCore

/// Top-level members known to stay as they are without the engine's whole way for a value
/// (``RedactEngine/processValue(_:key:inheritedVersion:skip:depth:escaped:)``): the timestamp
/// that every structured line holds (`"timestamp": "2026-11-24T10:15:00.123456Z"`), hex ids
/// (`"span_id": "ccf635ee9e9e2fa4"`, trace ids, digests), short numbers, booleans and nulls
/// under plain keys (`"tokens_in": 117`, `"cached": true`).
///
/// Why: each line's timestamp is new, so the ``CleanValueMemo`` never knew it: every line
/// paid a memo lookup, the walk to the scanner, a scan and a memo insert (about 1,200
/// instructions, a tenth of the redact stage on the bench's lines, callgrind) to learn what
/// the scanner's first step tells: a value that is one timestamp is passed over whole (see
/// ``TimestampSkip``), and no rule matches it. Span ids are as new (1,700 instructions each
/// on the long way), and no rule matches a hex id either (see ``isPlainHexMember(key:value:)``
/// for why). The numbers (a third of the bench's members)
/// went through the same walk to learn that only a card number (12 digits or more) or a
/// key's verdict changes one; booleans and nulls (a quarter of its lines), that nothing but a
/// key's verdict does.
extension RedactEngine {
    /// True when the top-level string member `key: value` (`key` without escapes, `value`
    /// with its quotes) is one timestamp and nothing else, under a key that gives it no role:
    /// the engine would leave it as it is and count nothing.
    ///
    /// Exactly the engine's answer: a key that is sensitive, names cookies or personal data
    /// (a date of birth) takes the long way; so does any value when custom patterns are set
    /// (they may match digits), when only some fields are scanned, at a line's cut, or when
    /// the value is longer than `max_field_bytes`. Otherwise ``TextScanner/scan(_:context:into:)``
    /// reads a value starting with four digits and `-` as a digit word, whose first check is
    /// ``TimestampSkip/end(_:at:)``: when that reaches the value's end, the scan is over with
    /// no match (the passport check before it needs at most nine bytes; a timestamp has ten
    /// or more).
    @inline(__always)
    mutating func isPlainTimestampMember(key: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = value.count - 2
        guard n >= 10, let quote = value.baseAddress else { return false }
        let body = quote + 1
        guard body[0] &- 0x30 < 10, body[1] &- 0x30 < 10, body[2] &- 0x30 < 10, body[3] &- 0x30 < 10, body[4] == 0x2D else { return false }
        return isPlainTimestamp(key: key, body: body, count: n)
    }

    /// The rest of ``isPlainTimestampMember(key:value:)``, for a body that starts like a date.
    @inline(never)
    mutating func isPlainTimestamp(key: UnsafeBufferPointer<UInt8>, body: UnsafePointer<UInt8>, count n: Int) -> Bool {
        guard scanning, !atCut, cookieJarDepth < 0, personalDepth != 0, settings.custom.isEmpty,
            settings.maxFieldBytes == 0 || n <= settings.maxFieldBytes,
            keyVerdicts.verdict(key).rawValue == 0
        else { return false }
        return TimestampSkip.isWholeUTC(body, n) || TimestampSkip.end(Bytes(body, n), at: 0) == n
    }

    /// True when the top-level member `key: value` (`key` without escapes) is a number of
    /// fewer than 12 bytes, `true`, `false` or `null`, under a key that is not sensitive,
    /// names no cookies and no personal data: the engine would leave it as it is. Exactly the
    /// engine's answer: with such a key, a number is only changed when it is a card number
    /// (``numberAsCard(_:key:)`` needs 12 to 19 digits), and the others never are.
    @inline(__always)
    mutating func isPlainScalarMember(key: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) -> Bool {
        value.count < 12 && cookieJarDepth < 0 && personalDepth != 0 && keyVerdicts.verdict(key).rawValue == 0
    }

    /// True when the top-level string member `key: value` (`key` without escapes, `value`
    /// with its quotes) is a lowercase hex id of 10 to 64 digits holding a letter and a digit,
    /// not starting with more than 12 decimal digits, under a key that gives it no role: the
    /// engine would leave it as it is and count nothing.
    ///
    /// Exactly the engine's answer, under the same conditions as timestamps (no custom
    /// patterns, every field scanned, not at a cut, within `max_field_bytes`). The value is
    /// one word to ``TextScanner/scan(_:context:into:)``, read from its first byte:
    /// - too long for the passport check (6 to 9 bytes);
    /// - starting with a letter: a JWT needs `ey`, a bearer token `bearer`, a MAC address or
    ///   an IPv6 address a separator; the word's long-key check (a multiple of 8 bytes) takes
    ///   a 32- or 40-byte key only with a capital in it (``VendorContextKeyDetector``); the
    ///   personal-data rules take no word with a digit in it;
    /// - starting with a digit: no timestamp (`-`), MAC or IPv6 address (separators), French
    ///   NIR (13 or 15 digits) or Spanish DNI (a capital or `-` after 8 digits); glued to the
    ///   letter after its digits, the word is skipped but for the vendor check above.
    @inline(__always)
    mutating func isPlainHexMember(key: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = value.count - 2
        guard n >= 10 && n <= 64, let quote = value.baseAddress else { return false }
        let first = quote[1]
        guard first &- 0x30 < 10 || first &- 0x61 < 6 else { return false }
        return isPlainHex(key: key, body: quote + 1, count: n)
    }

    /// The rest of ``isPlainHexMember(key:value:)``, for a body that starts with a hex digit
    /// (read eight bytes at a time, ``LowercaseHex``).
    @inline(never)
    mutating func isPlainHex(key: UnsafeBufferPointer<UInt8>, body: UnsafePointer<UInt8>, count n: Int) -> Bool {
        guard let hex = LowercaseHex.scan(body, n), hex.digits, hex.letters, hex.firstLetter <= 12, scanning, !atCut, cookieJarDepth < 0,
            personalDepth != 0, settings.custom.isEmpty, settings.maxFieldBytes == 0 || n <= settings.maxFieldBytes
        else { return false }
        return keyVerdicts.verdict(key).rawValue == 0
    }
}
