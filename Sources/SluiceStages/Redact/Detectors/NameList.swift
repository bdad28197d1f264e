/// A short list of names compared byte by byte, ignoring ASCII case and reading `-` as `_`:
/// the query parameters of ``URLTokenDetector`` and the cookie names of ``CookieDetector``.
/// Built once; a lookup allocates nothing.
struct NameList: Sendable {
    /// The normalised entries (lowercase, `_` for `-`).
    let entries: [[UInt8]]

    init(_ names: [String]) {
        entries = names.map { Array($0.lowercased().utf8).map { $0 == 0x2D ? 0x5F : $0 } }
    }

    /// True when the bytes `start..<end` of `s` equal an entry.
    func contains(_ s: Bytes, _ start: Int, _ end: Int) -> Bool {
        let n = end - start
        for entry in entries where entry.count == n {
            var k = 0
            while k < n && SensitiveKeys.normalised(s[start + k]) == entry[k] { k += 1 }
            if k == n { return true }
        }
        return false
    }
}

extension Bytes {
    /// True when the bytes `start..<end` end with `suffix` (lowercase, `_` for `-`), ignoring
    /// ASCII case and reading `-` as `_`.
    func nameEnds(_ start: Int, _ end: Int, with suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        guard end - start >= count else { return false }
        let l = suffix.utf8Start
        for k in 0..<count where SensitiveKeys.normalised(p[end - count + k]) != l[k] { return false }
        return true
    }

    /// True when the bytes `start..<end` hold `part` (lowercase), ignoring ASCII case.
    func nameContains(_ start: Int, _ end: Int, _ part: StaticString) -> Bool {
        let count = part.utf8CodeUnitCount
        var k = start
        while k + count <= end {
            if hasPrefixIgnoringCase(part, at: k) { return true }
            k += 1
        }
        return false
    }

    /// The bytes `start..<end` as a buffer (for ``SensitiveKeys/matches(_:)``).
    func buffer(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: p + start, count: end - start)
    }
}
