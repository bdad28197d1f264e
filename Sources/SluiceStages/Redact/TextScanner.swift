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
        func keyMentions(_ words: [StaticString]) -> Bool {
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
                            matches.append(m)
                            lastEnd = m.end
                            i = m.end
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
            if c & ByteClass.trigger != 0, let (end, rule) = wordStart(s, at: i, class: c) {
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
                matches.append(m)
                lastEnd = m.end
                i = m.end
            }
        }
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
    private func refined(_ s: Bytes, _ start: Int, _ end: Int, _ rule: UInt16) -> RedactMatch {
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

    /// A word starting with a digit: an IPv6 address, a number token, or something to skip.
    private mutating func digitWord(
        _ s: Bytes, at i: Int, context: Context, matches: inout [RedactMatch], lastEnd: inout Int
    ) -> Int {
        var j = i + 1
        while j < s.n && s[j] &- 0x30 < 10 { j += 1 }
        let next = s.at(j)
        if j - i <= 4 && enabled.contains(RedactRule.macAddress) && MACAddressDetector.mayStart(s, at: i),
            let end = MACAddressDetector.match(s, at: i) {
            matches.append(RedactMatch(start: i, end: end, rule: RedactRule.macAddress))
            lastEnd = end
            return end
        }
        if next == 0x3A || s.cls(j) & ByteClass.hexLetter != 0 {
            if enabled.contains(RedactRule.ipv6), IPv6Detector.mayStart(s, at: i) {
                if let end = IPv6Detector.match(s, at: i) {
                    matches.append(RedactMatch(start: i, end: end, rule: RedactRule.ipv6))
                    lastEnd = end
                    return end
                }
                if let end = IPv6Detector.failedRunEnd(s, at: i) { return end }
            }
        }
        // Part of a compound id (`ORD-2026-0001`, `wf-2026-000123`).
        let leader = s.at(i - 1)
        let compound = (leader == 0x2D || leader == 0x2E) && s.isWord(i - 2)
        if !compound, let (end, rule) = identifierAtDigits(s, at: i, runEnd: j, context: context) {
            matches.append(RedactMatch(start: i, end: end, rule: rule))
            lastEnd = end
            return end
        }
        // Glued to letters (`123abc`, a hex digest, `2026-11-24T10`): not a value of its own,
        // unless a vendor's key named before it.
        if s.isWord(j) || (j - i == 8 && next == 0x2D) {
            let wordEnd = skipWord(s, from: j)
            if VendorContextKeyDetector.mayStart(length: wordEnd - i, next: s.at(wordEnd)), enabled.contains(RedactRule.apiKey),
                let end = VendorContextKeyDetector.match(s, at: i, wordEnd: wordEnd, context: context, notBefore: lastEnd) {
                matches.append(RedactMatch(start: i, end: end, rule: RedactRule.apiKey))
                lastEnd = end
                return end
            }
            if wordEnd > j { return wordEnd }
        }
        if compound { return j }
        // One short group and nothing that continues it: no detector can match.
        if j - i < 9 && next != 0x20 && next != 0x2D && next != 0x2E && next != 0x28 && !(next == NumberToken.slash && s[i] == 0x30) {
            return j
        }
        return numberToken(s, at: i, context: context, matches: &matches, lastEnd: &lastEnd)
    }

    /// A French NIR or a Spanish DNI starting at the digit run `i..<j`, which may run on into
    /// letters (`2A`, the DNI's letter); returns its end and rule.
    private func identifierAtDigits(_ s: Bytes, at i: Int, runEnd j: Int, context: Context) -> (Int, UInt16)? {
        let e = enabled
        if e.contains(RedactRule.frNIR), FranceNIRDetector.mayStart(s, at: i, runEnd: j),
            let end = FranceNIRDetector.match(s, at: i, context: context) {
            return (end, RedactRule.frNIR)
        }
        if j - i == 8, e.contains(RedactRule.esDNI), s.isUpper(j) || s.at(j) == 0x2D, let end = SpainDNIDetector.matchDNI(s, at: i) {
            return (end, RedactRule.esDNI)
        }
        return nil
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

    /// Reads the number token at `i`, records the cards, phones, SSNs and IPv4 addresses in
    /// it, and returns where scanning resumes.
    private mutating func numberToken(
        _ s: Bytes, at i: Int, context: Context, matches: inout [RedactMatch], lastEnd: inout Int
    ) -> Int {
        let t = token
        // A "(" that opens no group of its own (`(4111 1111 1111 1111)`, `(10.0.0.1)`,
        // `(2001:db8::1)`), holds the whole token (`(4111111111111111)`) or more digits than an
        // area code (`(4111111111111111) 2 tries`) is punctuation: the word starts after it.
        let parsed = t.parse(s, from: i)
        if s[i] == 0x28 && (!parsed || t.groups == 1 || t.length(0) > 5) {
            return digitWord(s, at: i + 1, context: context, matches: &matches, lastEnd: &lastEnd)
        }
        guard parsed else { return skipWord(s, from: i + 1) }
        // Glued to a word or part of a compound (`1.2.3.4-beta`, `10.0.0.1.nip.io`), unless
        // only its last group, after a space, is the start of the word (`4111 1111 1111 1111
        // 2nd`, `10.0.0.1 200ms`): that group goes with the word.
        if s.isWord(t.end) {
            guard t.groups >= 2, t.separator[t.groups - 1] == 0x20 else { return skipWord(s, from: t.end) }
            t.dropLastGroup()
        }
        let end = t.end
        let trailer = s.at(end)
        if (trailer == 0x2D || trailer == 0x2E) && s.isWord(end + 1) { return skipWord(s, from: end + 1) }
        let g = t.groups
        // Nothing shorter than nine digits in one group can match (IPv4 needs four groups).
        if g == 1 && !t.plus && t.digitCount < 9 { return end }
        if let rule = classify(s, 0, g - 1, context: context, notBefore: lastEnd) {
            let r = t.byteRange(0, g - 1)
            matches.append(RedactMatch(start: r.start, end: r.end, rule: rule))
            lastEnd = r.end
            return end
        }
        guard g >= 2 else { return end }
        // Sub-ranges split at spaces: "items 3 4111 1111 1111 1111", "+1 415 555 2671 2".
        var a = 0
        while a < g {
            if a > 0 && t.separator[a] != 0x20 {
                a += 1
                continue
            }
            var found = false
            var b = g - 1
            while b >= a {
                if !(a == 0 && b == g - 1) && (b == g - 1 || t.separator[b + 1] == 0x20),
                    let rule = classify(s, a, b, context: context, notBefore: lastEnd) {
                    let r = t.byteRange(a, b)
                    matches.append(RedactMatch(start: r.start, end: r.end, rule: rule))
                    lastEnd = r.end
                    a = b + 1
                    found = true
                    break
                }
                b -= 1
            }
            if !found { a += 1 }
        }
        return end
    }

    private func skipWord(_ s: Bytes, from i: Int) -> Int {
        var j = i
        while j < s.n && s.cls(j) & ByteClass.word != 0 { j += 1 }
        return j
    }

    /// The rule matching groups `a...b` of the current token, if any.
    /// A version word before the token counts from `notBefore` on: what an earlier match
    /// covers goes with it.
    private func classify(_ s: Bytes, _ a: Int, _ b: Int, context: Context, notBefore: Int) -> UInt16? {
        let t = token
        let e = enabled
        let groups = b - a + 1
        let n = t.digitCount(a, b)
        let plus = a == 0 && t.plus
        var anyParen = false
        for k in a...b where t.inParens[k] { anyParen = true }
        // IPv4: a whole run of exactly four dot-separated groups (with a group over 255, maybe
        // a phone: `1.800.555.0199`).
        if groups == 4, !plus, !anyParen, e.contains(RedactRule.ipv4), t.separatorsAreUniform(a, b, among: [0x2E]),
            a == 0 || t.separator[a] != 0x2E, b == t.groups - 1 || t.separator[b + 1] != 0x2E {
            for k in a...b where !IPv4Detector.octet(t.digits + t.digitStart[k], t.length(k)) {
                return e.contains(RedactRule.phone) && PhoneDetector.matches(t, a, b, s, context: context) ? RedactRule.phone : nil
            }
            let start = t.byteRange(a, b).start
            if context.isVersion || IPv4Detector.followsVersionWord(s, start, notBefore: notBefore) { return nil }
            return RedactRule.ipv4
        }
        if !plus && !anyParen {
            // US SSN.
            if n == 9 && e.contains(RedactRule.usSSN) {
                let shaped = groups == 3 && t.length(a) == 3 && t.length(a + 1) == 2 && t.length(a + 2) == 4
                    && t.separatorsAreUniform(a, b, among: [0x2D, 0x20])
                let keyed = groups == 1
                    && (s.windowContains(before: t.byteRange(a, b).start, window: 32, SSNDetector.keywords) || context.keyMentions(SSNDetector.keywords))
                if (shaped || keyed) && SSNDetector.isValid(t.digits + t.digitStart[a]) { return RedactRule.usSSN }
            }
            // National numbers and IMEIs (cards' lengths included: a named IMEI is no card).
            if n >= 9 && n <= 15 && e.intersects(NationalNumber.rules),
                let rule = NationalNumber.classify(t, a, b, digits: n, s, context: context, enabled: e) {
                return rule
            }
            // Payment cards: solid runs of 13–16 digits, or grouped as printed; other lengths
            // written solid (17–19, ids and timestamps as often as cards) and Maestro's 12 only
            // after a word naming a card or in a card-named member. A solid run right after a
            // label naming an id (`span 4…`, `order_id=4…`) is that id unless a card is named.
            if n >= 12 && n <= 19 && e.contains(RedactRule.creditCard) && (groups == 1 || CreditCardDetector.isShaped(t, a, b)),
                CreditCardDetector.isCard(t.digits + t.digitStart[a], n) {
                let start = t.byteRange(a, b).start
                if groups > 1 ? n >= 13 : (CreditCardDetector.isCommonLength(n) && !PhoneDetector.labelNamesID(s, before: start)) {
                    return RedactRule.creditCard
                }
                if CreditCardDetector.named(s, before: start, notBefore: notBefore, context: context) { return RedactRule.creditCard }
            }
        }
        if e.contains(RedactRule.phone) && PhoneDetector.matches(t, a, b, s, context: context) { return RedactRule.phone }
        if n == 10 && !plus && !anyParen && e.contains(RedactRule.ukNHS) && NationalNumber.unnamedNHS(t, a, b) { return RedactRule.ukNHS }
        return nil
    }
}
