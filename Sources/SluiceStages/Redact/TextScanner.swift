/// Runs the built-in detectors over the bytes of one string value in a single pass.
///
/// The scan moves word by word. Only a word's first byte decides which detectors could
/// start there (a digit, `+` or `(`: cards, phones, SSNs, IPv4, the national numbers of
/// ``NationalNumber``, French NIRs, Spanish DNIs; a hex digit followed by `:`: IPv6; two hex
/// digits and `:` or `-`, or four and `.`: MAC addresses; `e`: JWT; `B`/`b`: bearer; `A`, `g`,
/// `x`, `s`, `r`, `h`, `n`, `p`: API keys (a word of 8 bytes or more is checked once skipped, for
/// `ls…`/`whsec_` keys and keys known by a vendor's name); `p`/`P`: the word `passport`; two capitals and two
/// digits: IBAN; two capitals: UK NINO, Indian PAN, codice fiscale; `X`/`Y`/`Z` and a digit:
/// Spanish NIE); the rest of a word is skipped. Between words, `@` triggers the
/// e-mail check, `-----BEGIN` the private-key check, `://` the URL-credentials check, and `=`
/// or `:` the cookie, query-parameter and secret-pair checks (is the name just before it a
/// cookie header, a secret parameter, sensitive?); `%40` is read as `@`. The letter of a JSON
/// escape (`\n`, `\t`, `\r`, `\b`, `\f`) ends a word, as in the text of a cut JSON line.
/// Matches never overlap and come out in order.
struct TextScanner {
    let enabled: DetectorSet
    let keys: SensitiveKeys
    let token = NumberToken()
    /// True when a personal-data rule is enabled, and the lexicon's gate for small words.
    let personal: Bool
    let personalGate = PersonalLexicon.lowercaseGate
    /// Start of the value matched by the last bearer hit.
    private var pendingStart = 0
    /// The cookie text being scanned (a `Cookie:` header's, or a cookie member's value):
    /// `cookieStart..<cookieEnd`, empty outside one.
    private var cookieStart = 0
    private var cookieEnd = 0

    init(enabled: DetectorSet, keys: SensitiveKeys) {
        self.enabled = enabled
        self.keys = keys
        self.personal = enabled.intersects(PersonalDataDetector.rules)
    }

    /// Where a value sits, for telling versions from IPv4 addresses: the key of the member
    /// holding it (nil in arrays) and whether an enclosing key already named a version.
    struct Context {
        var key: UnsafeBufferPointer<UInt8>?
        var inheritedVersion: Bool
        /// True when the value is cookie text: a member named like `cookie` or `set-cookie`, or
        /// a string in an array under one (see ``CookieDetector``).
        var cookies = false

        var isVersion: Bool { inheritedVersion || key.map(IPv4Detector.isVersionKey) == true }

        /// True when the key mentions one of `words` (lowercase), ignoring case: a bare
        /// number in `phone_number` is a phone, in `ssn` an SSN.
        func keyMentions(_ words: KeywordList) -> Bool {
            guard let key, let base = key.baseAddress, key.count > 0 else { return false }
            return Bytes(base, key.count).windowContains(before: key.count, window: key.count, words)
        }
    }

    /// Appends the matches in `p` to `matches`.
    mutating func scan(_ p: UnsafeBufferPointer<UInt8>, context: Context, into matches: inout [RedactMatch]) {
        guard let base = p.baseAddress, p.count > 0 else { return }
        let s = Bytes(base, p.count)
        let first = matches.count
        let e = enabled
        // The whole value of a member whose key names a passport (`passport_number`). The key
        // first: it rejects keys shorter than `passport` at once, and most keys are.
        if p.count >= 6 && p.count <= 9 && e.contains(RedactRule.passport) && context.key != nil,
            context.keyNames(PassportDetector.keywords), PassportDetector.valueEnd(s, from: 0) == p.count {
            matches.append(RedactMatch(start: 0, end: p.count, rule: RedactRule.passport))
            return
        }
        defer { dropWholeValueIDs(p, context: context, from: first, matches: &matches) }
        cookieStart = 0
        cookieEnd = context.cookies && e.contains(RedactRule.sessionCookie) ? p.count : 0
        let table = ByteClass.table
        var lastEnd = 0
        var i = 0
        let n = p.count
        while i < n {
            let b = base[i]
            let c = table[Int(b)]
            if c & ByteClass.word == 0 {
                switch b {
                case UInt8(ascii: "@"):
                    if e.contains(RedactRule.email), let m = EmailDetector.match(s, at: i, lowerBound: lastEnd) {
                        // Earlier matches inside the local part are superseded.
                        while let last = matches.last, last.start >= m.start { matches.removeLast() }
                        matches.append(RedactMatch(start: m.start, end: m.end, rule: RedactRule.email))
                        lastEnd = m.end
                        i = m.end
                        continue
                    }
                case UInt8(ascii: "%"):
                    if s.at(i + 1) == 0x34, s.at(i + 2) == 0x30, e.contains(RedactRule.email),
                        let m = EmailDetector.match(s, at: i, width: 3, lowerBound: lastEnd) {
                        while let last = matches.last, last.start >= m.start { matches.removeLast() }
                        matches.append(RedactMatch(start: m.start, end: m.end, rule: RedactRule.email))
                        lastEnd = m.end
                        i = m.end
                        continue
                    }
                case UInt8(ascii: "+"), UInt8(ascii: "("):
                    // Right after a match counts as after punctuation: that is what its mask ends with.
                    if s.isDigit(i + 1) || (b == 0x2B && s.at(i + 1) == 0x28 && s.isDigit(i + 2)), s.isWordStart(i) || i == lastEnd {
                        i = numberToken(s, at: i, context: context, matches: &matches, lastEnd: &lastEnd)
                        continue
                    }
                case UInt8(ascii: ":"), UInt8(ascii: "="):
                    if b == 0x3A, e.contains(RedactRule.ipv6), s.at(i + 1) == 0x3A, !s.isHex(i - 1) {
                        if let end = IPv6Detector.match(s, at: i) {
                            matches.append(RedactMatch(start: i, end: end, rule: RedactRule.ipv6))
                            lastEnd = end
                            i = end
                            continue
                        }
                        if let end = IPv6Detector.failedRunEnd(s, at: i) {
                            i = end
                            continue
                        }
                    }
                    // The rules of URLs and cookies first, when the bytes around allow them (most
                    // `:` are in times and `key: value` text); then the secret pair.
                    let before = s.at(i - 1) | 0x20
                    if b == 0x3D || s.at(i + 1) == 0x2F || before == 0x65 || before == 0x73 || before == 0x22 || before == 0x27,
                        let m = separatorMatch(s, at: i, lastEnd: lastEnd) {
                        if m.rule != Self.skip {
                            matches.append(m)
                            lastEnd = m.end
                        }
                        i = max(m.end, i + 1)
                        continue
                    }
                    if e.contains(RedactRule.secretPair), let m = SecretPairDetector.match(s, separator: i, lowerBound: lastEnd, keys: keys) {
                        matches.append(refined(s, m.start, m.end, RedactRule.secretPair))
                        lastEnd = m.end
                        i = m.end
                        continue
                    }
                case UInt8(ascii: "-"):
                    if e.contains(RedactRule.privateKey), s.at(i + 1) == 0x2D, let end = PrivateKeyDetector.match(s, at: i) {
                        matches.append(RedactMatch(start: i, end: end, rule: RedactRule.privateKey))
                        lastEnd = end
                        i = end
                        continue
                    }
                case UInt8(ascii: "\\"):
                    // `\n`, `\t`… in text that holds JSON as written: the word starts after the escape.
                    if s.isEscapeLetter(i + 1) {
                        i += 2
                        continue
                    }
                default:
                    // A word starting with a letter outside ASCII (`Élodie`, `Łukasz`, `γέννησης`).
                    if b >= 0xC3 && b <= 0xD0, personal, s.at(i - 1) < 0x80, !s.isWord(i - 1) {
                        let wordEnd = s.letterRunEnd(from: i)
                        if let m = PersonalDataDetector.match(s, i, wordEnd, enabled: e, lowerBound: lastEnd) {
                            i = appendPersonal(m, s, matches: &matches, lastEnd: &lastEnd)
                            continue
                        }
                        // Otherwise the ASCII run after the letter is a word as usual (`énpm_…`).
                    }
                }
                i += 1
                continue
            }
            // The start of a word.
            if c & ByteClass.digit != 0 {
                i = digitWord(s, at: i, context: context, matches: &matches, lastEnd: &lastEnd)
                continue
            }
            if c & ByteClass.trigger != 0, Self.mayStartAtWord(s, i, b), let (end, rule) = wordStart(s, at: i, class: c) {
                if rule != Self.skip {
                    let pending = rule == RedactRule.bearerToken || rule == RedactRule.passport || rule & Self.pendingFlag != 0
                    matches.append(RedactMatch(start: pending ? pendingStart : i, end: end, rule: rule & ~Self.pendingFlag))
                    lastEnd = end
                }
                i = end
                continue
            }
            // Skip the rest of the word.
            let start = i
            i += 1
            while i < n && table[Int(base[i])] & ByteClass.word != 0 { i += 1 }
            // Long words only: keys that start with `l` or `w`, keys known by a vendor's name.
            let length = i - start
            if length >= 8, length & 7 == 0 || b == UInt8(ascii: "l") || b == UInt8(ascii: "w"), e.contains(RedactRule.apiKey),
                let end = longWordKey(s, start, i, context: context, lastEnd: lastEnd) {
                matches.append(RedactMatch(start: start, end: end, rule: RedactRule.apiKey))
                lastEnd = end
                i = end
            } else if personal, PersonalDataDetector.mayStart(s, start, i, gate: personalGate) || PersonalDataDetector.mayBeKey(s, start, i),
                let m = PersonalDataDetector.match(s, start, i, enabled: e, lowerBound: lastEnd) {
                i = appendPersonal(m, s, matches: &matches, lastEnd: &lastEnd)
            }
        }
    }

    /// Records a personal-data match and, after a name, the other names of its list (`cc
    /// Kovács Gábor, Tupou Faleolo`); returns where scanning resumes.
    private func appendPersonal(_ m: RedactMatch, _ s: Bytes, matches: inout [RedactMatch], lastEnd: inout Int) -> Int {
        matches.append(m)
        lastEnd = m.end
        while m.rule == RedactRule.personName, let next = PersonNameDetector.nextInList(s, after: lastEnd) {
            matches.append(RedactMatch(start: next.start, end: next.end, rule: RedactRule.personName))
            lastEnd = next.end
        }
        return lastEnd
    }

    /// The end of the API key that is the word `start..<end` (8 bytes or more, skipped by the
    /// scan): LangSmith's `ls…` and Stripe's `whsec_…` keys (whose first letters start too
    /// many words to be triggers), and keys known by a vendor's name before them.
    @inline(never)
    private func longWordKey(_ s: Bytes, _ start: Int, _ end: Int, context: Context, lastEnd: Int) -> Int? {
        let b = s[start]
        if b == UInt8(ascii: "l") || b == UInt8(ascii: "w"), let keyEnd = APIKeyDetector.vendorKey(s, at: start) {
            return keyEnd
        }
        guard VendorContextKeyDetector.mayStart(length: end - start, next: s.at(end)) else { return nil }
        return VendorContextKeyDetector.match(s, at: start, wordEnd: end, context: context, notBefore: lastEnd)
    }

    /// What the `:` or `=` at `i` separates, when a rule takes what follows it: the
    /// credentials of a URL (`scheme://user:pass@`), a session cookie's value, a secret query
    /// parameter, or a secret pair's value — or the start of cookie text (`Cookie: …`), which
    /// is noted and returned as ``skip``. The value of a pair or parameter that is a known
    /// API key is named `api_key` (or its vendor's rule).
    private mutating func separatorMatch(_ s: Bytes, at i: Int, lastEnd: Int) -> RedactMatch? {
        let e = enabled
        if s[i] == 0x3A {
            if s.at(i + 1) == 0x2F && s.at(i + 2) == 0x2F {
                guard e.contains(RedactRule.connectionCredentials),
                    let m = URLCredentialsDetector.match(s, colon: i, lowerBound: lastEnd) else { return nil }
                return refined(s, m.start, m.end, RedactRule.connectionCredentials)
            }
            if e.contains(RedactRule.sessionCookie), let end = CookieDetector.headerEnd(s, colon: i, lowerBound: lastEnd) {
                cookieStart = i + 1
                cookieEnd = end
                return RedactMatch(start: i, end: i + 1, rule: Self.skip)
            }
        } else {
            // In cookie text, a cookie's name alone decides (`sessionid=deleted` stays).
            if i < cookieEnd && i > cookieStart, let m = CookieDetector.match(s, eq: i, regionStart: cookieStart, lowerBound: lastEnd, keys: keys) {
                return m.secret ? refined(s, m.start, m.end, RedactRule.sessionCookie) : RedactMatch(start: i, end: i + 1, rule: Self.skip)
            }
            if e.contains(RedactRule.urlToken) || e.contains(RedactRule.connectionCredentials),
                let m = URLTokenDetector.match(s, eq: i, lowerBound: lastEnd, keys: keys), m.rule == Self.skip || e.contains(m.rule) {
                return m.rule == Self.skip ? RedactMatch(start: i, end: i + 1, rule: Self.skip) : refined(s, m.start, m.end, m.rule)
            }
        }
        if e.contains(RedactRule.secretPair), let m = SecretPairDetector.match(s, separator: i, lowerBound: lastEnd, keys: keys) {
            return refined(s, m.start, m.end, RedactRule.secretPair)
        }
        // Nothing here: the caller moves on.
        return RedactMatch(start: i, end: i + 1, rule: Self.skip)
    }

    /// The match `start..<end` of `rule`, named by the API-key rule instead when the value is
    /// a key in a vendor's format (`OPENAI_API_KEY=sk-proj-…`), followed by nothing but
    /// punctuation or non-ASCII text.
    func refined(_ s: Bytes, _ start: Int, _ end: Int, _ rule: UInt16) -> RedactMatch {
        if s.isLetter(start), let key = APIKeyDetector.match(s, at: start), key.end <= end, enabled.contains(key.rule) {
            var k = key.end
            while k < end && s.cls(k) & ByteClass.alnum == 0 { k += 1 }
            if k == end { return RedactMatch(start: start, end: end, rule: key.rule) }
        }
        return RedactMatch(start: start, end: end, rule: rule)
    }

    /// A value that is one bare number in a member whose key names an id (``IdentifierKeys``:
    /// `span_id`, `traceId`, `order_id`, `tracking_number`, `id`) is that id, not a card, phone
    /// or SSN: a 16-hex-digit span id whose digits happen to all be decimal can pass the Luhn
    /// check, and so does one order number in ten. For phones, digits grouped with spaces,
    /// dashes, dots or `/` count as bare too (`"invoice_no":"0123-456789"`); a `+` or
    /// parentheses make it a phone.
    private func dropWholeValueIDs(_ p: UnsafeBufferPointer<UInt8>, context: Context, from first: Int, matches: inout [RedactMatch]) {
        guard matches.count == first + 1, let key = context.key, key.count >= 2 else { return }
        let m = matches[first]
        guard m.start == 0, m.end == p.count,
            m.rule == RedactRule.creditCard || m.rule == RedactRule.phone || m.rule == RedactRule.usSSN else { return }
        let phone = m.rule == RedactRule.phone
        for b in p where b &- 0x30 >= 10 {
            guard phone, b == 0x20 || b == 0x2D || b == 0x2E || b == 0x2F else { return }
        }
        if IdentifierKeys.names(key) { matches.removeLast() }
    }

    /// False when ``wordStart(_:at:class:)`` finds nothing at the word starting with `b` at
    /// `i`, known from the byte after it: a word starting with `a` to `f` is a MAC or IPv6
    /// address only with a hex digit or `:` next, a JWT (`e`) only with `y` next, a bearer
    /// token (`b`) only with `e` or `E` next (hex digits both). Every other trigger is tried.
    ///
    /// Why: one English word in four starts with `a` to `f` (`completed`, `document`,
    /// `example`, `fetched`); the call to find nothing there was 120 instructions (callgrind).
    @inline(__always)
    static func mayStartAtWord(_ s: Bytes, _ i: Int, _ b: UInt8) -> Bool {
        guard b &- UInt8(ascii: "a") < 6 else { return true }
        let next = s.at(i + 1)
        return next == UInt8(ascii: "y") || next == UInt8(ascii: ":") || s.isHex(i + 1)
    }

    /// Not a rule: what ``wordStart(_:at:class:)`` returns for text to skip without a match.
    static let skip = UInt16.max
    /// Set on a rule ``wordStart(_:at:class:)`` returns when its match starts at
    /// ``pendingStart``, not at the word (a key after `Bearer`).
    static let pendingFlag: UInt16 = 0x4000

    /// Detectors that start at a letter; returns the match end and rule, or where to resume
    /// and ``skip``.
    private mutating func wordStart(_ s: Bytes, at i: Int, class c: UInt8) -> (Int, UInt16)? {
        let e = enabled
        switch s[i] {
        case UInt8(ascii: "e"):
            if e.contains(RedactRule.jwt), let end = JWTDetector.match(s, at: i) { return (end, RedactRule.jwt) }
        case UInt8(ascii: "B"), UInt8(ascii: "b"):
            if e.contains(RedactRule.bearerToken), let m = BearerTokenDetector.match(s, at: i) {
                pendingStart = m.start
                // A vendor's key as the token (`Bearer sk-proj-…`) is named as that key.
                let rule = refined(s, m.start, m.end, RedactRule.bearerToken).rule
                return (m.end, rule == RedactRule.bearerToken ? rule : rule | Self.pendingFlag)
            }
        case UInt8(ascii: "A"), UInt8(ascii: "g"), UInt8(ascii: "x"), UInt8(ascii: "s"), UInt8(ascii: "r"), UInt8(ascii: "h"), UInt8(ascii: "n"):
            if let (end, rule) = APIKeyDetector.match(s, at: i), e.contains(rule) { return (end, rule) }
        case UInt8(ascii: "p"), UInt8(ascii: "P"):
            // `pk_live_`, `pcsk_`, `pypi-`.
            let second = s.at(i + 1)
            if s[i] == UInt8(ascii: "p"), second == UInt8(ascii: "k") || second == UInt8(ascii: "c") || second == UInt8(ascii: "y"),
                let end = APIKeyDetector.vendorKey(s, at: i), e.contains(RedactRule.apiKey) {
                return (end, RedactRule.apiKey)
            }
            if e.contains(RedactRule.passport), s.lower(i + 1) == UInt8(ascii: "a"), let m = PassportDetector.match(s, at: i) {
                pendingStart = m.start
                return (m.end, RedactRule.passport)
            }
        case UInt8(ascii: "X"), UInt8(ascii: "Y"), UInt8(ascii: "Z"):
            if e.contains(RedactRule.esNIE), s.isDigit(i + 1) || s.at(i + 1) == 0x2D, let end = SpainDNIDetector.matchNIE(s, at: i) {
                return (end, RedactRule.esNIE)
            }
        default:
            break
        }
        if c & ByteClass.upper != 0 {
            if e.contains(RedactRule.iban), IBANDetector.mayStart(s, at: i), let end = IBANDetector.match(s, at: i) {
                return (end, RedactRule.iban)
            }
            if s.isUpper(i + 1), let found = capitalsIdentifier(s, at: i) { return found }
        }
        if c & ByteClass.hexLetter != 0, e.contains(RedactRule.macAddress), MACAddressDetector.mayStart(s, at: i),
            let end = MACAddressDetector.match(s, at: i) {
            return (end, RedactRule.macAddress)
        }
        if c & ByteClass.hexLetter != 0, e.contains(RedactRule.ipv6), IPv6Detector.mayStart(s, at: i) {
            if let end = IPv6Detector.match(s, at: i) { return (end, RedactRule.ipv6) }
            if let end = IPv6Detector.failedRunEnd(s, at: i) { return (end, Self.skip) }
        }
        return nil
    }

    /// Identifiers starting with two capitals: a UK NINO, an Indian PAN, a codice fiscale.
    private func capitalsIdentifier(_ s: Bytes, at i: Int) -> (Int, UInt16)? {
        let e = enabled
        if e.contains(RedactRule.ukNINO), UKNINODetector.mayStart(s, at: i), let end = UKNINODetector.match(s, at: i) {
            return (end, RedactRule.ukNINO)
        }
        if e.contains(RedactRule.inPAN), let end = IndiaPANDetector.match(s, at: i) { return (end, RedactRule.inPAN) }
        if e.contains(RedactRule.itCodiceFiscale), ItalyCodiceFiscaleDetector.mayStart(s, at: i),
            let end = ItalyCodiceFiscaleDetector.match(s, at: i) {
            return (end, RedactRule.itCodiceFiscale)
        }
        return nil
    }

}
