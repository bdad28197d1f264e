/// The words of ``TextScanner`` that start with a digit: IPv6 addresses, French NIRs and
/// Spanish DNIs, and number tokens (cards, phones, SSNs, IPv4 addresses, national numbers).
extension TextScanner {
    /// A word starting with a digit: an IPv6 address, a number token, or something to skip.
    mutating func digitWord(
        _ s: Bytes, at i: Int, context: Context, matches: inout [RedactMatch], lastEnd: inout Int
    ) -> Int {
        var j = i + 1
        while j < s.n && s[j] &- 0x30 < 10 { j += 1 }
        let next = s.at(j)
        // A timestamp is passed over whole (see ``TimestampSkip``).
        if j - i == 4 && next == 0x2D, let end = TimestampSkip.end(s, at: i) { return end }
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
    func identifierAtDigits(_ s: Bytes, at i: Int, runEnd j: Int, context: Context) -> (Int, UInt16)? {
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

    /// Reads the number token at `i`, records the cards, phones, SSNs and IPv4 addresses in
    /// it, and returns where scanning resumes.
    mutating func numberToken(
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

    func skipWord(_ s: Bytes, from i: Int) -> Int {
        var j = i
        while j < s.n && s.cls(j) & ByteClass.word != 0 { j += 1 }
        return j
    }

    /// The rule matching groups `a...b` of the current token, if any.
    /// A version word before the token counts from `notBefore` on: what an earlier match
    /// covers goes with it.
    func classify(_ s: Bytes, _ a: Int, _ b: Int, context: Context, notBefore: Int) -> UInt16? {
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
