/// Payment card numbers: 12–19 digits that pass the Luhn check and start with an issuer
/// prefix in use, at a length that issuer uses:
///
/// | issuer | prefix | lengths |
/// | --- | --- | --- |
/// | Visa | 4 | 13, 16, 19 |
/// | Mastercard | 51–55, 2221–2720 | 16 |
/// | Mir | 2200–2204 | 16–19 |
/// | Amex | 34, 37 | 15 |
/// | JCB | 3528–3589 | 16–19 |
/// | Diners | 300–305, 36, 38–39 | 14–19 |
/// | Discover | 6011, 644–649, 65 | 16–19 |
/// | UnionPay | 62 | 16–19 |
/// | Maestro | 50, 56–58, 63, 67 (also `6759`, `5018`…) | 12–19 |
/// | RuPay, Hipercard | 60 | 16, 19 |
/// | Troy | 9792 | 16 |
///
/// Written as one run of 13–16 digits; or in groups separated by single spaces or single
/// dashes (the same throughout): a first group of four, then groups of three to six and a
/// last one of one to seven (`4111 1111 1111 1111`, `3782-822463-10005`, `3056 9309 0259 04`,
/// `4000 1234 5678 9010 123`, `6212 3456 7890 1234567`), or six then seven to thirteen
/// (`621234 5678901234567`). A run of 17–19 digits (or of 12, Maestro's shortest) is a card
/// only after a word naming one (`card`, `visa`, `unionpay`, `payment`, `pan`, `cc`…, within
/// 32 bytes before) or in a member whose key does: otherwise it is an id or a timestamp
/// (decimal span ids, snowflake ids, nanoseconds since 1970); one random run in ten passes
/// the Luhn check, and a quarter of them start with some issuer's prefix.
enum CreditCardDetector {
    /// Words naming a card, found anywhere in a word (`cardNumber`, `credit_card`, `charged`).
    static let keywords: KeywordList = [
        "card", "visa", "mastercard", "amex", "maestro", "unionpay", "union pay", "discover", "diners", "credit", "debit",
        "payment", "charg", "billing", "checkout",
    ]
    /// Short words naming a card, counted only as words of their own (`pan:`, `cc_number`).
    static let shortWords: KeywordList = ["pan", "cc", "ccn", "jcb", "cup", "pay", "paid", "mir", "rupay", "elo"]

    /// Validates `count` digits gathered in `digits`: issuer prefix, length and Luhn.
    static func isCard(_ digits: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        guard count >= 12 && count <= 19 else { return false }
        return hasIssuerPrefix(digits, count) && luhn(digits, count)
    }

    /// True for the lengths most cards have (13–16), which need no word naming a card when
    /// written solid.
    @inline(__always) static func isCommonLength(_ count: Int) -> Bool { count >= 13 && count <= 16 }

    /// True when a word naming a card stands within 32 bytes before `start`, in its clause
    /// (``Bytes/clauseWindow(before:limit:)``) and after `notBefore` (a word before an earlier
    /// match went with it), or the member's key names one.
    static func named(_ s: Bytes, before start: Int, notBefore: Int, context: TextScanner.Context) -> Bool {
        let window = min(s.clauseWindow(before: start, limit: 32), start - notBefore)
        return s.windowContains(before: start, window: window, keywords) || s.windowHasWord(before: start, window: window, shortWords)
            || keyNames(context.key)
    }

    /// True when `key` names a card (`card`, `cardNumber`, `pan`, `cc_number`, `payment`).
    static func keyNames(_ key: UnsafeBufferPointer<UInt8>?) -> Bool {
        guard let key, let base = key.baseAddress, key.count > 0 else { return false }
        let bytes = Bytes(base, key.count)
        return bytes.windowContains(before: key.count, window: key.count, keywords)
            || bytes.windowHasWord(before: key.count, window: key.count, shortWords)
    }

    /// True when groups `a...b` of `t` are grouped as cards are printed: one separator (space
    /// or dash) throughout; a first group of four, groups of three to six and a last of one to
    /// seven; or six then seven to thirteen.
    static func isShaped(_ t: NumberToken, _ a: Int, _ b: Int) -> Bool {
        let groups = b - a + 1
        guard groups >= 2 && groups <= 5 else { return false }
        let sep = t.separator[a + 1]
        guard sep == 0x20 || sep == 0x2D else { return false }
        for g in (a + 1)...b where t.separator[g] != sep { return false }
        let first = t.length(a)
        if first == 6 && groups == 2 { return t.length(b) >= 7 && t.length(b) <= 13 }
        guard first == 4 else { return false }
        for g in (a + 1)..<b where t.length(g) < 3 || t.length(g) > 6 { return false }
        return t.length(b) <= 7
    }

    /// The Luhn (mod 10) check over digit values 0–9.
    static func luhn(_ digits: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var sum = 0
        var double = false
        var k = count - 1
        while k >= 0 {
            var d = Int(digits[k])
            if double {
                d *= 2
                if d > 9 { d -= 9 }
            }
            sum += d
            double.toggle()
            k -= 1
        }
        return sum % 10 == 0
    }

    static func hasIssuerPrefix(_ d: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let two = Int(d[0]) * 10 + Int(d[1])
        let four = two * 100 + Int(d[2]) * 10 + Int(d[3])
        let long = count >= 16
        switch d[0] {
        case 4: return count == 13 || count == 16 || count == 19
        case 5:
            if (51...55).contains(two) { return count == 16 }
            return two == 50 || (56...58).contains(two)  // Maestro
        case 2:
            if (2221...2720).contains(four) { return count == 16 }
            return (2200...2204).contains(four) && long  // Mir
        case 3:
            if two == 34 || two == 37 { return count == 15 }
            if (3528...3589).contains(four) { return long }
            if two == 36 || two == 38 || two == 39 || (300...305).contains(four / 10) { return count >= 14 }
            return false
        case 6:
            if two == 63 || two == 67 { return true }  // Maestro
            if four == 6011 || (644...649).contains(four / 10) || two == 65 || two == 62 { return long }
            return two == 60 && (count == 16 || count == 19)  // RuPay, Hipercard
        case 9: return four == 9792 && count == 16  // Troy
        default: return false
        }
    }
}
