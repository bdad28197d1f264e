import Testing
import SluiceCore
@testable import SluiceStages

/// Card numbers of every length an issuer uses, in the groupings they are printed and typed
/// in, and the long digit runs that are ids and timestamps (``CreditCardDetector``).
@Suite struct RedactCardTests {
    /// (issuer, Luhn-valid digits).
    static let cards: [(String, String)] = [
        ("visa 16", "4111111111111111"), ("visa 19", "4012888888881881888"), ("unionpay 16", "6212345678901232"),
        ("unionpay 17", "62123456789012347"), ("unionpay 18", "621234567890123457"), ("unionpay 19", "6212345678901234569"),
        ("maestro 13", "6759649826430"), ("maestro 19", "6759649826438453128"), ("discover 16", "6011111111111117"),
        ("discover 19", "6011123456789012348"), ("discover 65 19", "6500123456789012340"), ("jcb 16", "3530111333300000"),
        ("jcb 19", "3530123456789012340"), ("diners 14", "30569309025904"), ("amex 15", "378282246310005"),
        ("mir 16", "2200123456789019"), ("rupay 16", "6081123456789014"), ("troy 16", "9792123456789018"),
    ]

    static func grouped(_ digits: String, _ sizes: [Int], _ sep: String) -> String {
        var out: [String] = []
        var rest = Substring(digits)
        for size in sizes where !rest.isEmpty {
            out.append(String(rest.prefix(size)))
            rest = rest.dropFirst(size)
        }
        if !rest.isEmpty { out.append(String(rest)) }
        return out.joined(separator: sep)
    }

    /// The groupings a number of `count` digits is written in.
    static func groupings(_ count: Int) -> [[Int]] {
        switch count {
        case 14: return [[4, 6, 4], [4, 4, 4, 2]]
        case 15: return [[4, 6, 5], [4, 4, 4, 3]]
        case 16: return [[4, 4, 4, 4], [6, 10]]
        case 17: return [[4, 4, 4, 4, 1], [4, 4, 4, 5]]
        case 18: return [[4, 4, 4, 4, 2], [4, 4, 4, 6], [6, 12]]
        case 19: return [[4, 4, 4, 4, 3], [4, 4, 4, 7], [6, 13]]
        default: return [[4, 4, 4, 1]]
        }
    }

    @Test(arguments: cards)
    func groupedCardsAreFoundAnywhere(_ issuer: String, _ digits: String) {
        for sizes in Self.groupings(digits.count) {
            for sep in [" ", "-"] {
                let card = Self.grouped(digits, sizes, sep)
                for text in ["seen \(card) ok", "ref \(card)", "(\(card))", card] {
                    let out = RedactHarness.redactMessage(text)
                    #expect(!out.contains(card) && out.contains("[REDACTED:credit_card]"), "\(issuer) \(sizes): \(out)")
                }
            }
        }
    }

    @Test(arguments: cards)
    func solidCardsAreFoundWhereACardIsNamed(_ issuer: String, _ digits: String) {
        let texts = ["card \(digits)", "paid with \(issuer.split(separator: " ")[0]) \(digits)", "PAN: \(digits)", "cc=\(digits)",
                     "charged \(digits) for $12.00", "payment method \(digits) declined"]
        for text in texts {
            let out = RedactHarness.redactMessage(text)
            #expect(!out.contains(digits) && out.contains("[REDACTED:credit_card]"), "\(issuer): \(out)")
        }
        for key in ["card", "card_number", "pan", "cc_number", "cardNumber", "payment_card"] {
            for value in ["\"\(digits)\"", digits] {
                let (batch, _) = RedactHarness.run([#"{"\#(key)":\#(value)}"#])
                #expect(RedactHarness.json(batch.events[0]) == #"{"\#(key)":"[REDACTED:credit_card]"}"#, "\(issuer) in \(key)")
            }
        }
    }

    @Test(arguments: cards.filter { (13...16).contains($0.1.count) })
    func solidCardsOfCommonLengthsNeedNoWord(_ issuer: String, _ digits: String) {
        #expect(RedactHarness.redactMessage("seen \(digits) ok") == "seen [REDACTED:credit_card] ok", "\(issuer)")
        #expect(RedactHarness.redactMessage("span \(digits) ok") == "span \(digits) ok", "\(issuer)")
        #expect(RedactHarness.redactMessage("span \(digits) for card") == "span \(digits) for card", "\(issuer)")
        #expect(RedactHarness.redactMessage("card id \(digits)") == "card id [REDACTED:credit_card]", "\(issuer)")
        let (batch, _) = RedactHarness.run([#"{"note":\#(digits)}"#])
        #expect(RedactHarness.json(batch.events[0]) == #"{"note":"[REDACTED:credit_card]"}"#, "\(issuer)")
    }

    @Test func maestroTwelveDigitsNeedsAWord() {
        #expect(RedactHarness.redactMessage("maestro 5018 1234 5673") == "maestro [REDACTED:credit_card]")
        #expect(RedactHarness.redactMessage("card 501812345673") == "card [REDACTED:credit_card]")
        #expect(RedactHarness.redactMessage("ref 5018 1234 5673 ok") == "ref 5018 1234 5673 ok")
    }

    /// Long digit runs that are no card: no issuer prefix, or no word naming a card, or an
    /// id-named member. All of them pass the Luhn check.
    static let nearMisses: [String] = [
        "ref 12345678901234569 and 712345678901234564 and 9123456789012345672",
        "span 4987654321098765434 as decimal",
        "id 6212345678901234569 seq 4012888888881881888",
        "ts 1764720000123456781 and snowflake 1234567890123456785",
        "build 62123456789012347 queued",
        "card count 12345678901234569",
        "ref 501812345673 ok",
        "span 4111111111111111 and order_id=6011111111111117, trace 3530111333300000",
    ]

    @Test(arguments: nearMisses)
    func longIDsAndTimestampsStay(_ text: String) {
        #expect(RedactHarness.redactMessage(text) == text)
    }

    @Test func longIDsInMembersStay() {
        let line = #"{"id":"1234567890123456785","time_unix_nano":1764720000123456781,"seq":4987654321098765434,"#
            + #""span_id":"6212345678901234569","order_id":4111111111111111,"tweet_id":6212345678901234569,"n":"4012888888881881888"}"#
        let (batch, _) = RedactHarness.run([line])
        #expect(RedactHarness.json(batch.events[0]) == line)
    }

    @Test func issuerPrefixesAndLengths() {
        func valid(_ s: String) -> Bool {
            let d = s.utf8.map { $0 - 48 }
            return d.withUnsafeBufferPointer { CreditCardDetector.isCard($0.baseAddress!, d.count) }
        }
        for (issuer, digits) in Self.cards { #expect(valid(digits), "\(issuer)") }
        // Luhn-valid, but a length the issuer does not use: Amex 16, Mastercard 19, Visa 17.
        #expect(!valid("3782822463100052"))
        #expect(!valid("5555555555555555556"))
        #expect(!valid("41111111111111113"))
    }
}
