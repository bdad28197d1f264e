import SluiceCore

extension RedactEngine {
    /// ``processValue(_:key:inheritedVersion:skip:depth:escaped:)`` for a value under a key (its
    /// ``KeyVerdicts/Verdict`` `verdict`)
    /// naming cookies (`cookie`, `cookies`, `set-cookie`, `*_cookie`) or a member of a cookie
    /// jar (rule `session_cookie`, see ``CookieDetector``), kept apart from the hot path.
    ///
    /// A string that is a well-formed cookie list is read cookie by cookie, even under a key
    /// sensitive as a whole (`cookie`, `set_cookie`); an object or array is a jar only under
    /// a key that is not sensitive. A jar's member with a session cookie's name, or a
    /// token-shaped value, is masked whole; its strings are cookie text; containers inside it
    /// are walked as usual.
    @inline(never)
    mutating func processCookies(
        _ v: UnsafeBufferPointer<UInt8>, key: UnsafeBufferPointer<UInt8>?, verdict: KeyVerdicts.Verdict, inheritedVersion: Bool,
        skip: [ArraySlice<FieldKey>], depth: Int, escaped knownEscaped: Bool?
    ) throws(RedactFailure) -> (JSONKind, [UInt8])? {
        let first = v[0]
        let container = first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        var cookieKey = false
        if verdict.contains(.cookie), scanning, settings.detectors.contains(RedactRule.sessionCookie) {
            if first == UInt8(ascii: "\"") {
                cookieKey = v.count > 2 && CookieDetector.isCookieList(UnsafeBufferPointer(rebasing: v[1..<(v.count - 1)]))
            } else if container {
                cookieKey = !verdict.contains(.sensitive)
            }
        }
        if !cookieKey, verdict.contains(.sensitive), let r = sensitiveValue(v) { return (.string, r) }
        let inJar = depth == cookieJarDepth
        if inJar, let key, !container,
            CookieDetector.isSessionKey(key, keys: settings.sensitiveKeys) || isTokenShapedString(v),
            let r = sensitiveValue(v, rule: RedactRule.sessionCookie) {
            return (.string, r)
        }
        if first == UInt8(ascii: "\"") {
            var context = TextScanner.Context(key: key, inheritedVersion: inheritedVersion)
            context.cookies = cookieKey || (inJar && key == nil)
            return try processString(v, context: context, depth: depth, escaped: knownEscaped)
        }
        guard container else { return try processScalar(v, key: key) }
        let version = inheritedVersion || key.map(IPv4Detector.isVersionKey) == true
        // Only the direct members of a jar are cookies.
        if !cookieKey && cookieJarDepth < 0 { return try processContainer(v, version: version, skip: skip, depth: depth) }
        let outerJar = cookieJarDepth
        cookieJarDepth = cookieKey ? depth + 1 : -1
        defer { cookieJarDepth = outerJar }
        return try processContainer(v, version: version, skip: skip, depth: depth)
    }

    /// True when `v` is a JSON string, without escapes, that is a credential by its look (a
    /// cookie's value, see ``CookieDetector/isTokenShaped(_:_:_:)``).
    func isTokenShapedString(_ v: UnsafeBufferPointer<UInt8>) -> Bool {
        guard v.count >= 34, v[0] == UInt8(ascii: "\""), let base = v.baseAddress else { return false }
        return CookieDetector.isTokenShaped(Bytes(base + 1, v.count - 2), 0, v.count - 2)
    }
}
