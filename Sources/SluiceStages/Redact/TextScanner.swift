/// Runs the built-in detectors over the bytes of one string value in a single pass.
///
/// The scan moves word by word. Only a word's first byte is looked at to decide which
/// detectors could start there (a digit, `+` or `(`: cards, phones, SSNs, IPv4; a hex
/// digit followed by `:`: IPv6; `e`: JWT; `B`/`b`: bearer; `A`, `g`, `x`, `s`, `r`, `h`, `n`:
/// API keys; two capitals and two digits: IBAN; `-----BEGIN`: private keys; a name followed
/// by `=` or `:`: secret pairs); `@` triggers the e-mail check. The rest of a word is skipped.
/// Matches never overlap and come out in order.
struct TextScanner {
    let enabled: DetectorSet
    let keys: SensitiveKeys
    var token = NumberToken()

    init(enabled: DetectorSet, keys: SensitiveKeys) {
        self.enabled = enabled
        self.keys = keys
    }

    /// Appends the matches in `p` to `matches`. `versionContext` is true when the value
    /// belongs to a member whose key mentions a version (dotted quads there are versions).
    mutating func scan(_ p: UnsafeBufferPointer<UInt8>, versionContext: Bool, into matches: inout [RedactMatch]) {
        guard let base = p.baseAddress, p.count > 0 else { return }
        let s = Bytes(base, p.count)
        let e = enabled
        let table = ByteClass.table
        var lastEnd = 0
        var i = 0
        let n = p.count
        @inline(__always) func add(_ start: Int, _ end: Int, _ rule: UInt16) {
            matches.append(RedactMatch(start: start, end: end, rule: rule))
            lastEnd = end
        }
        while i < n {
            let b = base[i]
            let c = table[Int(b)]
            if c & ByteClass.word == 0 {
                switch b {
                case UInt8(ascii: "@"):
                    if e.contains(RedactRule.email), let m = EmailDetector.match(s, at: i, lowerBound: lastEnd) {
                        // Earlier matches inside the local part are superseded.
                        while let last = matches.last, last.start >= m.start { matches.removeLast() }
                        add(m.start, m.end, RedactRule.email)
                        i = m.end
                        continue
                    }
                case UInt8(ascii: "+"), UInt8(ascii: "("):
                    if s.isDigit(i + 1) || (b == 0x2B && s.at(i + 1) == 0x28 && s.isDigit(i + 2)), !s.isWord(i - 1) {
                        i = numberToken(s, at: i, versionContext: versionContext, matches: &matches, lastEnd: &lastEnd)
                        continue
                    }
                case UInt8(ascii: ":"):
                    if e.contains(RedactRule.ipv6), s.at(i + 1) == 0x3A, !s.isHex(i - 1), let end = IPv6Detector.match(s, at: i) {
                        add(i, end, RedactRule.ipv6)
                        i = end
                        continue
                    }
                case UInt8(ascii: "-"):
                    if e.contains(RedactRule.privateKey), s.at(i + 1) == 0x2D, let end = PrivateKeyDetector.match(s, at: i) {
                        add(i, end, RedactRule.privateKey)
                        i = end
                        continue
                    }
                default:
                    break
                }
                i += 1
                continue
            }
            // The start of a word.
            if c & ByteClass.digit != 0 {
                if e.contains(RedactRule.ipv6), IPv6Detector.mayStart(s, at: i), let end = IPv6Detector.match(s, at: i) {
                    add(i, end, RedactRule.ipv6)
                    i = end
                    continue
                }
                i = numberToken(s, at: i, versionContext: versionContext, matches: &matches, lastEnd: &lastEnd)
                continue
            }
            if let (end, rule) = wordStart(s, at: i, class: c) {
                if rule == RedactRule.bearerToken || rule == RedactRule.secretPair {
                    // These match a value after the word: `end` is encoded with its start.
                    let start = pendingStart
                    add(start, end, rule)
                } else {
                    add(i, end, rule)
                }
                i = end
                continue
            }
            // Skip the rest of the word.
            i += 1
            while i < n && table[Int(base[i])] & ByteClass.word != 0 { i += 1 }
        }
    }

    /// Start of the value matched by the last bearer or secret-pair hit.
    private var pendingStart = 0

    /// Detectors that start at a letter or `_`; returns the match end and rule.
    private mutating func wordStart(_ s: Bytes, at i: Int, class c: UInt8) -> (Int, UInt16)? {
        let e = enabled
        let b = s[i]
        switch b {
        case UInt8(ascii: "e"):
            if e.contains(RedactRule.jwt), let end = JWTDetector.match(s, at: i) { return (end, RedactRule.jwt) }
        case UInt8(ascii: "B"), UInt8(ascii: "b"):
            if e.contains(RedactRule.bearerToken), let m = BearerTokenDetector.match(s, at: i) {
                pendingStart = m.start
                return (m.end, RedactRule.bearerToken)
            }
        case UInt8(ascii: "A"), UInt8(ascii: "g"), UInt8(ascii: "x"), UInt8(ascii: "s"), UInt8(ascii: "r"), UInt8(ascii: "h"), UInt8(ascii: "n"):
            if let (end, rule) = APIKeyDetector.match(s, at: i), e.contains(rule) { return (end, rule) }
        default:
            break
        }
        if c & ByteClass.upper != 0, e.contains(RedactRule.iban), IBANDetector.mayStart(s, at: i), let end = IBANDetector.match(s, at: i) {
            return (end, RedactRule.iban)
        }
        if c & ByteClass.hexLetter != 0, e.contains(RedactRule.ipv6), IPv6Detector.mayStart(s, at: i), let end = IPv6Detector.match(s, at: i) {
            return (end, RedactRule.ipv6)
        }
        if e.contains(RedactRule.secretPair) {
            // A name of letters, digits, `_` and `-` followed (after an optional quote and
            // spaces) by ":" or "=".
            var j = i
            while j < s.n && (s.cls(j) & ByteClass.word != 0 || s[j] == 0x2D) && j - i < 64 { j += 1 }
            let after = s.at(j)
            if after == 0x3D || after == 0x3A || after == 0x22 || after == 0x27 || after == 0x20,
                let m = SecretPairDetector.match(s, nameStart: i, nameEnd: j, keys: keys) {
                pendingStart = m.start
                return (m.end, RedactRule.secretPair)
            }
        }
        return nil
    }

    /// Reads the number token at `i`, records the cards, phones, SSNs and IPv4 addresses in
    /// it, and returns where scanning resumes.
    private mutating func numberToken(
        _ s: Bytes, at i: Int, versionContext: Bool, matches: inout [RedactMatch], lastEnd: inout Int
    ) -> Int {
        guard token.parse(s, from: i) else { return skipWord(s, from: i + 1) }
        let end = token.end
        // Glued to a word (`123abc`, a hex digest, `2026-11-24T10`) or part of a compound id
        // (`ORD-2026-0001`, `1.2.3.4-beta`, `10.0.0.1.nip.io`): not a value of its own.
        if s.isWord(end) { return skipWord(s, from: end) }
        let trailer = s.at(end)
        if (trailer == 0x2D || trailer == 0x2E || trailer == 0x5F) && s.isWord(end + 1) { return skipWord(s, from: end + 1) }
        let leader = s.at(i - 1)
        if (leader == 0x2D || leader == 0x2E) && s.isWord(i - 2) { return end }
        let g = token.groups
        // Nothing shorter than nine digits in one group can match (IPv4 needs four groups).
        if g == 1 && !token.plus && token.digitCount(0, 0) < 9 { return end }
        if let rule = classify(s, 0, g - 1, versionContext: versionContext) {
            let r = token.byteRange(0, g - 1)
            matches.append(RedactMatch(start: r.start, end: r.end, rule: rule))
            lastEnd = r.end
            return end
        }
        guard g >= 2 else { return end }
        // Sub-ranges split at spaces: "items 3 4111 1111 1111 1111", "+1 415 555 2671 2".
        var a = 0
        while a < g {
            if a > 0 && token.separator[a] != 0x20 {
                a += 1
                continue
            }
            var found = false
            var b = g - 1
            while b >= a {
                if !(a == 0 && b == g - 1) && (b == g - 1 || token.separator[b + 1] == 0x20),
                    let rule = classify(s, a, b, versionContext: versionContext) {
                    let r = token.byteRange(a, b)
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
    private func classify(_ s: Bytes, _ a: Int, _ b: Int, versionContext: Bool) -> UInt16? {
        let t = token
        let e = enabled
        let groups = b - a + 1
        let n = t.digitCount(a, b)
        let plus = a == 0 && t.plus
        var anyParen = false
        for k in a...b where t.inParens[k] { anyParen = true }
        // IPv4: a whole run of exactly four dot-separated groups.
        if groups == 4, !plus, !anyParen, e.contains(RedactRule.ipv4), t.separatorsAreUniform(a, b, among: [0x2E]),
            a == 0 || t.separator[a] != 0x2E, b == t.groups - 1 || t.separator[b + 1] != 0x2E {
            var ok = true
            t.digits.withUnsafeBufferPointer { d in
                for k in a...b where !IPv4Detector.octet(d.baseAddress! + t.digitStart[k], t.length(k)) { ok = false }
            }
            if ok {
                let start = t.byteRange(a, b).start
                if versionContext || IPv4Detector.followsVersionWord(s, start) { return nil }
                return RedactRule.ipv4
            }
            return nil
        }
        if !plus && !anyParen {
            // US SSN.
            if n == 9 && e.contains(RedactRule.usSSN) {
                let shaped = groups == 3 && t.length(a) == 3 && t.length(a + 1) == 2 && t.length(a + 2) == 4
                    && t.separatorsAreUniform(a, b, among: [0x2D, 0x20])
                let keyed = groups == 1 && s.windowContains(before: t.byteRange(a, b).start, window: 32, SSNDetector.keywords)
                if shaped || keyed {
                    let valid = t.digits.withUnsafeBufferPointer { SSNDetector.isValid($0.baseAddress! + t.digitStart[a]) }
                    if valid { return RedactRule.usSSN }
                }
            }
            // Payment cards.
            if n >= 13 && n <= 19 && e.contains(RedactRule.creditCard) {
                var shaped = groups == 1 && n <= 16
                if groups >= 2 && groups <= 5 && t.length(a) == 4 && t.separatorsAreUniform(a, b, among: [0x20, 0x2D]) {
                    shaped = true
                    for k in a...b where t.length(k) < 3 || t.length(k) > 6 { shaped = false }
                }
                if shaped {
                    let card = t.digits.withUnsafeBufferPointer { CreditCardDetector.isCard($0.baseAddress! + t.digitStart[a], n) }
                    if card { return RedactRule.creditCard }
                }
            }
        }
        if e.contains(RedactRule.phone) && PhoneDetector.matches(t, a, b, s) { return RedactRule.phone }
        return nil
    }
}
