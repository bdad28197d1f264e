/// Phone numbers, from the digit groups of a number token, as people write them in each
/// country (the table in `Tests/SluiceStagesTests/RedactPhoneTests.swift` holds examples of
/// every shape below for 40 countries):
///
/// - international: `+` then 8–15 digits (E.164), any grouping with spaces, dashes, dots, a
///   parenthesised group or one `/` after the area code: `+1 415 555 2671`,
///   `+44 (0)20 7946 0958`, `+4915123456789`, `+43 664/1234567`; `00` and a country code then
///   10–15 digits in all likewise (`0049 30 1234567`, `00971 50 123 4567`);
/// - North American: `(415) 555-2671`, `415-555-2671`, `415.555.2671`, `415 555 2671`,
///   `415 555-2671`, `1-415-555-2671`, `1 (800) 555-0199` (area code and exchange start with
///   2–9);
/// - national with a trunk `0`: 9–13 digits in two or more groups of at least two digits,
///   `020 7946 0958`, `030/1234567`, `06 12 34 56 78`, `06-12345678`, `090-1234-5678`,
///   `(02) 9876 5432`, `02 123 45 67`, `0470/12.34.56`, `08-123 456 78`, `(0)30-1234-5678`,
///   `0 (532) 123 45 67`;
/// - an area code of 2–4 digits in parentheses without a trunk 0, 10–11 digits in all:
///   `(11) 91234-5678`, `(55) 1234 5678`, `(495) 123-45-67`; a lone trunk digit (`0`, `1`,
///   `8`, or Russia's `7`) before one: `8 (912) 345-67-89`;
/// - Chinese mobiles `138 0013 8000`, `138-0013-8000`; Italian and Colombian mobiles
///   `347 123 4567`, `347 1234567`, `300-123-4567` (ten digits starting with 3);
/// - after a phone word (`phone`, `tel`, `Telefon`, `mobile`, `móvil`, `cell`, `Handy`, `GSM`,
///   `call`, `sms`, `WhatsApp`, `ph:`, `mob.`…, within 24 bytes before, in the same clause:
///   not before a `;`, `|` or line break) or in a member whose
///   key says phone (`phone_number`, `msisdn`, `contact`), also numbers without a trunk 0 in
///   2–6 groups, 8–13 digits (`612 34 56 78`, `98765 43210`, `412 34 567`, `9123 4567`,
///   `8 912 345-67-89`, `44 20 7946 0958`), and one run of 9–13 digits (`4155552671`,
///   `612345678`, `13800138000`; ten or twelve or more only when not starting with 1, which
///   epoch seconds and milliseconds do).
///
/// Not phones: dates (`2026-12-03`, `03.12.2026 10:30`, `12/03/2026`), dots mixed with other
/// separators, numbers that only a phone word would make phones but that a unit follows
/// (`calls: 512 345 678 bytes`), and numbers right after a label naming an id (`order_id: 4155552671`,
/// `invoice 020 7946 0958`, `PO 0612345678`, ``idLabels``) — except `caller id`.
enum PhoneDetector {
    /// Words that say a number is a phone's, found anywhere in a word (`cellphone`,
    /// `telefono`, `Handynummer`, `Mobilnummer`).
    static let keywords: KeywordList = [
        "phone", "tel", "tél", "mobil", "móvil", "movil", "cell", "celu", "sms", "fax", "whatsapp", "call", "handy",
        "rufnummer", "gsm", "msisdn", "hotline", "helpline", "landline",
    ]
    /// Words for a contact: phone words, but a member named only `contact` may hold any
    /// personal data, and a number there shaped as a national id stays that id.
    static let contactWords: KeywordList = ["contact", "kontakt", "contato"]
    /// Short phone words, counted only as words of their own (`ph:`, `Mob.`, `cel`, `tlf`).
    static let shortWords: KeywordList = ["ph", "mob", "cel", "tlf", "tfn", "dial", "reach"]

    /// Classifies groups `a...b` of `t` as a phone number.
    static func matches(_ t: NumberToken, _ a: Int, _ b: Int, _ s: Bytes, context: TextScanner.Context) -> Bool {
        let n = t.digitCount(a, b)
        guard n >= 8 && n <= 15 else { return false }
        let groups = b - a + 1
        if a == 0 && t.plus {
            return t.firstDigit(a) != 0
        }
        // Dots mixed with spaces or dashes are no phone's (`05.12.2026 10:30`), nor are dates.
        var dots = false, others = false
        if groups > 1 {
            for g in (a + 1)...b {
                switch t.separator[g] {
                case 0x2E: dots = true
                case 0x20, 0x2D: others = true
                default: break
                }
            }
        }
        if dots && others { return false }
        if groups >= 3 && looksLikeDate(t, a, b) { return false }
        let d = t.digits + t.digitStart[a]
        let first = d[0]
        let start = t.byteRange(a, b).start
        if groups >= 2 && shaped(t, a, b, n: n, groups: groups, d) { return !labelNamesID(s, before: start) }
        // The rest needs a phone word before the number or a key that says phone.
        guard n <= 13 && groups <= 6 else { return false }
        if groups == 1 {
            guard n >= 9 else { return false }
            if first == 1 && (n == 10 || n >= 12) { return false }
        } else {
            // A lone leading digit (a trunk `8`, a country code `7`) may stand alone; other
            // groups have two digits or more, joined by spaces, dashes, dots or parentheses.
            for g in (a + 1)...b where t.length(g) < 2 || t.separator[g] == NumberToken.slash { return false }
        }
        // A 3-3-4 number that passes the NHS check is left to `uk_nhs`, unless a phone word or
        // a phone-named member says otherwise (not a bare `contact` member).
        let phone = groups > 1 && n == 10 && NationalNumber.unnamedNHS(t, a, b)
            ? named(s, before: start, context: context)
            : hasContext(s, before: start, context: context)
        return phone && !labelNamesID(s, before: start) && !followedByUnit(s, t.byteRange(a, b).end)
    }

    /// Units and nouns that make the number before them a quantity (`512 345 678 bytes`,
    /// `1234 5678 ms`, `98 765 432 rows`), as words of their own.
    static let units: [StaticString] = [
        "bytes", "byte", "b", "kb", "mb", "gb", "tb", "kib", "mib", "gib", "rows", "records", "items", "tokens", "ms", "s",
        "sec", "secs", "seconds", "us", "ns", "requests", "reqs", "users", "events", "lines", "words", "chars", "times",
        "eur", "usd", "gbp", "%",
    ]

    /// True when one of ``units`` follows `end`, after at most one space.
    static func followedByUnit(_ s: Bytes, _ end: Int) -> Bool {
        let k = s.at(end) == 0x20 ? end + 1 : end
        guard k < s.n, s.isLetter(k) || s[k] == 0x25 else { return false }
        for unit in units {
            let count = unit.utf8CodeUnitCount
            if s.hasPrefixIgnoringCase(unit, at: k) && !s.isLetter(k + count) { return true }
        }
        return false
    }

    /// The shapes taken without a phone word: NANP, `00` international, trunk-0 national, an
    /// area code in parentheses, Chinese and Italian mobiles. `d` holds the digits of `a...b`.
    private static func shaped(_ t: NumberToken, _ a: Int, _ b: Int, n: Int, groups: Int, _ d: UnsafePointer<UInt8>) -> Bool {
        let first = d[0]
        let len0 = t.length(a)
        // North American Numbering Plan: 3-3-4, or 1-3-3-4.
        if n == 10 || n == 11 {
            let lead = n == 11 ? 1 : 0
            if groups == 3 + lead && (lead == 0 || (first == 1 && len0 == 1)),
                t.length(a + lead) == 3 && t.length(a + lead + 1) == 3 && t.length(b) == 4,
                d[lead] >= 2 && d[lead + 3] >= 2 {
                let area = a + lead
                let s1 = t.separator[area + 1], s2 = t.separator[b]
                if t.parenAt(area) {
                    if s1 != NumberToken.paren && s2 != NumberToken.paren { return true }
                } else if s1 == s2 || (s1 == 0x20 && s2 == 0x2D) {
                    // `415-555-2671`, `415 555-2671`, `415.555.2671` (dots only throughout).
                    return true
                }
            }
        }
        if first == 0 {
            // Nine digits 3-2-4 are an SSN's shape, in no country's phone plan.
            guard n >= 10 || (n == 9 && !(groups == 3 && len0 == 3 && t.length(a + 1) == 2)) else { return false }
            let international = d[1] == 0
            if international {
                // `00`, a country code (not 0), the number: 10–15 digits.
                guard n >= 10, d[2] != 0 else { return false }
            } else if n > 13 {
                return false
            }
            // Groups of two digits or more, but a trunk `(0)`, a lone `0` before `(532)`, or
            // the first digit after `00` and a country code (`0033 6 12 34 56 78`).
            let countryCode = len0 == 2 ? a + 1 : a
            for g in a...b where t.length(g) < 2 {
                if t.parenAt(g) && t.length(g) == 1 && t.firstDigit(g) == 0 { continue }
                if g == a && g < b && t.parenAt(g + 1) { continue }
                if international && g == countryCode + 1 && g < b { continue }
                return false
            }
            return true
        }
        // An area code in parentheses, two to four digits: `(11) 91234-5678`, `(55) 1234 5678`,
        // `(495) 123-45-67` (not an item number: `(1) 1024 2048`).
        if t.parenAt(a) && len0 >= 2 && len0 <= 4 && n >= 10 && n <= 11 && t.length(a + 1) >= 3 {
            for g in (a + 1)...b where t.length(g) < 2 || t.parenAt(g) { return false }
            return true
        }
        // A lone trunk digit (or Russia's country code) before an area code in parentheses:
        // `8 (912) 345-67-89`, `0 (532) 123 45 67`, `7 (495) 123-45-67`.
        if len0 == 1 && (first == 0 || first == 1 || first == 7 || first == 8), t.parenAt(a + 1) && t.length(a + 1) >= 2,
            n >= 10 && n <= 12 {
            for g in (a + 2)..<(b + 1) where t.length(g) < 2 || t.parenAt(g) { return false }
            return groups >= 3
        }
        guard !t.parenAt(a) else { return false }
        // Chinese mobiles: 1[3-9]x xxxx xxxx.
        if n == 11 && groups == 3 && first == 1 && d[1] >= 3 && len0 == 3 && t.length(a + 1) == 4,
            t.separator[a + 1] == t.separator[b], t.separator[b] == 0x20 || t.separator[b] == 0x2D {
            return true
        }
        // Italian (and Colombian) mobiles: ten digits, 3xx then 3-4, 4-3 or 7.
        if n == 10 && first == 3 && len0 == 3 && groups <= 3 {
            for g in (a + 1)...b where t.length(g) < 3 || t.parenAt(g) { return false }
            return t.separator[a + 1] == t.separator[b]
        }
        return false
    }

    /// True when groups `k`, `k+1`, `k+2` of `a...b` read as a date, joined by one `-`, `.` or
    /// `/`: `2026-12-03`, `03.12.2026`, `12/03/2026` (the year 1900–2099).
    private static func looksLikeDate(_ t: NumberToken, _ a: Int, _ b: Int) -> Bool {
        @inline(__always) func value(_ g: Int) -> Int {
            var v = 0
            for k in 0..<t.length(g) { v = v * 10 + Int(t.digits[t.digitStart[g] + k]) }
            return v
        }
        for k in a...(b - 2) {
            let sep = t.separator[k + 1]
            guard sep == t.separator[k + 2], sep == 0x2D || sep == 0x2E || sep == NumberToken.slash else { continue }
            let l0 = t.length(k), l1 = t.length(k + 1), l2 = t.length(k + 2)
            if l0 == 4 && l1 <= 2 && l2 <= 2 {
                let y = value(k), m = value(k + 1), day = value(k + 2)
                if y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && day >= 1 && day <= 31 { return true }
            } else if l0 <= 2 && l1 <= 2 && l2 == 4 {
                let x = value(k), y = value(k + 1), year = value(k + 2)
                if year >= 1900 && year <= 2099 && x >= 1 && y >= 1 && x <= 31 && y <= 31 && (x <= 12 || y <= 12) { return true }
            }
        }
        return false
    }

    /// True when a phone word stands within 24 bytes before `start` (``named(_:before:context:)``),
    /// or the member's key says phone or contact.
    static func hasContext(_ s: Bytes, before start: Int, context: TextScanner.Context) -> Bool {
        named(s, before: start, context: context) || context.keyMentions(contactWords)
    }

    /// True when a phone word stands within 24 bytes before `start` in the same clause (see
    /// ``Bytes/clauseWindow(before:limit:)``), or the member's key names a phone (`phone`,
    /// `mobile`, `tel`, `contact_number`; not `contact` alone): a number shaped as a national
    /// id (`612 345 678`, a Canadian SIN's shape) is then a phone.
    static func named(_ s: Bytes, before start: Int, context: TextScanner.Context) -> Bool {
        let window = s.clauseWindow(before: start, limit: 24)
        if s.windowContains(before: start, window: window, keywords) || s.windowContains(before: start, window: window, contactWords)
            || s.windowHasWord(before: start, window: window, shortWords) || context.keyMentions(keywords) || context.keyNames(shortWords) {
            return true
        }
        guard let key = context.key, context.keyMentions(contactWords) else { return false }
        for word in contactWords.words where key.count == word.utf8CodeUnitCount {
            if let base = key.baseAddress, Bytes(base, key.count).hasPrefixIgnoringCase(word, at: 0) { return false }
        }
        return true
    }

    /// Words that, as the label right before a number, say it is an id (as words of their own:
    /// `order`, `Order-No`, `invoice_number`, `ref`; not the `ean` in `Jean`).
    static let idLabels: KeywordList = [
        "order", "invoice", "ticket", "shipment", "sku", "serial", "ref", "reference", "isbn", "ean", "upc", "trace",
        "span", "tracking", "po", "txn", "transaction", "build",
    ]

    /// True when the label right before `start` (`order_id: `, `request_id=`, `id `,
    /// `invoice #`, `PO `) names an identifier: what follows is that id. `caller id` and
    /// labels mentioning a phone (`phone_id`) name a phone.
    static func labelNamesID(_ s: Bytes, before start: Int) -> Bool {
        guard let w = s.previousWord(before: start, maxGap: 3) else { return false }
        let count = w.end - w.start
        let label = Bytes(s.p + w.start, count)
        if label.windowContains(before: count, window: count, IdentifierKeys.personal) { return false }
        if IdentifierKeys.endsWithID(UnsafeBufferPointer(start: s.p + w.start, count: count)) {
            guard count == 2, let caller = s.previousWord(before: w.start, maxGap: 1) else { return true }
            return caller.end - caller.start != 6 || !s.hasPrefixIgnoringCase("caller", at: caller.start)
        }
        return label.windowHasWord(before: count, window: count, idLabels)
    }
}
