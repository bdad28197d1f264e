import SluiceTestSupport

/// A deterministic, labelled corpus of AI-workflow log lines for measuring the redact stage.
///
/// Every line is a JSON object with look-alike decoys everywhere (trace and span ids, UUIDs,
/// ISO timestamps, version strings including dotted quads in a version context, sha256
/// digests, order, PO and build numbers, latencies, Luhn-failing 16-digit numbers, decimal
/// span ids, token counts, ports, times, model names, and numbers shaped like phones and
/// cards: dates and times as Europeans and Americans write them, ids after their labels,
/// prices, ISBNs, snowflake ids, nanosecond timestamps, Luhn-valid runs of 17–19 digits)
/// and, on most lines, one to three
/// pieces of PII or secrets placed in the message, in nested objects or in arrays. Each
/// piece is labelled with the rule that must find it and the exact JSON text it appears as.
///
/// How version strings are treated: a dotted quad is an IPv4 address unless its context
/// says version (`version 1.2.3.4`, `v1.2.3.4`, `1.2.3.4-rc1`, `1.2.3.4.5`, a key such as
/// `app_version`); the corpus labels it accordingly.
struct RedactCorpus {
    struct Item {
        var rule: String
        /// How the value appears inside the JSON line (escaped).
        var json: String
    }

    struct Line {
        var text: String
        var pii: [Item]
        var decoys: [String]
    }

    var rng: SplitMix

    init(seed: UInt64) { rng = SplitMix(seed: seed) }

    // MARK: Random pieces

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
    mutating func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(int(0...9))) }) }
    mutating func hex(_ n: Int) -> String { String((0..<n).map { _ in "0123456789abcdef".randomElement(using: &rng)! }) }
    mutating func alnum(_ n: Int) -> String {
        let a = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<n).map { _ in a[int(0...(a.count - 1))] }) + String(int(0...9))
    }
    mutating func base64url(_ n: Int) -> String {
        let a = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        return String((0..<n).map { _ in a[int(0...(a.count - 1))] })
    }

    static func luhnDigit(_ body: [Int]) -> Int {
        var sum = 0
        for (k, d) in body.reversed().enumerated() {
            var v = d
            if k % 2 == 0 {
                v *= 2
                if v > 9 { v -= 9 }
            }
            sum += v
        }
        return (10 - sum % 10) % 10
    }

    mutating func cardDigits() -> [Int] {
        let (prefix, length): ([Int], Int) = pick([
            ([4], 16), ([4], 16), ([5, 1 + int(0...4)], 16), ([3, pick([4, 7])], 15), ([6, 0, 1, 1], 16),
            ([2, 2, 2, 1 + int(0...8)], 16), ([3, 5, 2, 8 + int(0...1)], 16), ([6, 5], 16), ([4], 13), ([3, 6], 14),
            // Every length an issuer uses: Visa 19, UnionPay 16–19, Discover and JCB 19, Maestro 12–19.
            ([4], 19), ([6, 2], int(16...19)), ([6, 0, 1, 1], 19), ([6, 5], 19), ([3, 5, 3, int(0...9)], 19),
            ([6, 7, 5, 9], pick([12, 13, 18, 19])), ([5, 0, 1, 8], pick([12, 16, 19])), ([3, 0, int(0...5)], 14),
        ])
        var body = prefix
        while body.count < length - 1 { body.append(int(0...9)) }
        body.append(Self.luhnDigit(body))
        return body
    }

    /// A card number as it is printed or typed: solid, or grouped by its length (4-4-4-4,
    /// 4-6-5, 4-6-4, 4-4-4-4-3, 4-4-4-7, 6-13…) with spaces or dashes.
    mutating func card() -> String {
        let d = cardDigits().map { String($0) }.joined()
        let chars = Array(d)
        func groups(_ sizes: [Int], _ sep: String) -> String {
            var out: [String] = []
            var at = 0
            for size in sizes where at < chars.count {
                out.append(String(chars[at..<min(at + size, chars.count)]))
                at += size
            }
            if at < chars.count { out.append(String(chars[at...])) }
            return out.joined(separator: sep)
        }
        guard int(0...2) == 1 else { return d }
        let sep = pick([" ", "-"])
        switch chars.count {
        case 14: return groups(pick([[4, 6, 4], [4, 4, 4, 2]]), sep)
        case 15: return groups([4, 6, 5], sep)
        case 16: return groups(pick([[4, 4, 4, 4], [4, 4, 4, 4], [6, 10]]), sep)
        case 17, 18: return groups([4, 4, 4, 4], sep)
        case 19: return groups(pick([[4, 4, 4, 4, 3], [4, 4, 4, 7], [6, 13]]), sep)
        default: return groups([4, 4, 4, 4], sep)
        }
    }

    mutating func luhnFailing16() -> String {
        var body: [Int] = [4]
        for _ in 0..<14 { body.append(int(0...9)) }
        let good = Self.luhnDigit(body)
        body.append((good + 1 + int(0...8)) % 10)
        return body.map { String($0) }.joined()
    }

    mutating func email() -> String {
        let first = pick(["alice", "bob", "carol", "dmitri", "eve", "francois", "grace", "hiro", "ines", "jamal"])
        let last = pick(["smith", "o.neil", "nguyen", "garcia", "müller".isEmpty ? "x" : "muller", "kowalski", "chen"])
        let domain = pick(["example.com", "mail.example.org", "corp-mail.io", "uni.example.ac.uk", "startup.ai", "gmail.com"])
        switch int(0...3) {
        case 0: return "\(first)@\(domain)"
        case 1: return "\(first).\(last)@\(domain)"
        case 2: return "\(first)+\(pick(["news", "x1", "billing"]))@\(domain)"
        default: return "\(first)_\(int(1...999))@\(domain)"
        }
    }

    mutating func ipv4() -> String {
        switch int(0...3) {
        case 0: return "10.\(int(0...255)).\(int(0...255)).\(int(1...254))"
        case 1: return "192.168.\(int(0...255)).\(int(1...254))"
        case 2: return "203.0.113.\(int(1...254))"
        default: return "\(int(11...223)).\(int(0...255)).\(int(0...255)).\(int(1...254))"
        }
    }

    mutating func ipv6() -> String {
        func g(_ c: inout RedactCorpus) -> String { String(c.int(1...0xFFFF), radix: 16) }
        switch int(0...3) {
        case 0: return "2001:db8::\(g(&self)):\(g(&self))"
        case 1: return "fe80::\(g(&self)):\(g(&self)):\(g(&self)):\(g(&self))"
        case 2: return (0..<8).map { _ in g(&self) }.joined(separator: ":")
        default: return "2a00:1450:\(g(&self))::\(g(&self))".uppercased()
        }
    }

    /// A phone number as people write it in one of 35 countries (see RedactPhoneTests), and
    /// whether it needs a phone word before it (a run of digits alone, national numbers
    /// without a trunk 0: alone those are amounts and ids as often).
    mutating func phone() -> (text: String, needsWord: Bool) {
        let area = "\(int(2...9))\(digits(2))"
        let exchange = "\(int(2...9))\(digits(2))"
        let line = digits(4)
        func d(_ n: Int, _ c: inout RedactCorpus) -> String { c.digits(n) }
        switch int(0...79) {
        // US/CA
        case 0: return ("+1 \(area) \(exchange) \(line)", false)
        case 1: return ("(\(area)) \(exchange)-\(line)", false)
        case 2: return ("\(area)-\(exchange)-\(line)", false)
        case 3: return ("\(area).\(exchange).\(line)", false)
        case 4: return ("+1\(area)\(exchange)\(line)", false)
        case 5: return ("1-\(area)-\(exchange)-\(line)", false)
        case 6: return ("\(area) \(exchange)-\(line)", false)
        case 7: return ("\(area)\(exchange)\(line)", true)
        // UK
        case 8: return ("+44 20 \(digits(4)) \(digits(4))", false)
        case 9: return ("+44 (0)20 \(digits(4)) \(digits(4))", false)
        case 10: return ("020 \(digits(4)) \(digits(4))", false)
        case 11: return ("07\(digits(3)) \(digits(6))", false)
        case 12: return ("07\(digits(9))", true)
        // DE
        case 13: return ("+49 30 \(digits(7))", false)
        case 14: return ("030/\(digits(7))", false)
        case 15: return ("01\(int(5...7))\(digits(1)) \(digits(8))", false)
        case 16: return ("+49 (0)1\(int(5...7))\(digits(1)) \(digits(7))", false)
        case 17: return ("0\(int(2...9))\(digits(2)) \(digits(6))", false)
        // FR
        case 18: return ("0\(int(6...7)) \(digits(2)) \(digits(2)) \(digits(2)) \(digits(2))", false)
        case 19: return ("0\(int(1...5)).\(digits(2)).\(digits(2)).\(digits(2)).\(digits(2))", false)
        case 20: return ("+33 6 \(digits(2)) \(digits(2)) \(digits(2)) \(digits(2))", false)
        case 21: return ("0\(int(6...7))\(digits(8))", true)
        // IT, ES
        case 22: return ("+39 3\(digits(2)) \(digits(3)) \(digits(4))", false)
        case 23: return ("3\(digits(2)) \(digits(7))", false)
        case 24: return ("06 \(digits(4)) \(digits(4))", false)
        case 25: return ("+34 6\(digits(2)) \(digits(2)) \(digits(2)) \(digits(2))", false)
        case 26: return ("6\(digits(2)) \(digits(2)) \(digits(2)) \(digits(2))", true)
        case 27: return ("9\(int(1...8)) \(digits(3)) \(digits(2)) \(digits(2))", true)
        // NL, BE, CH, AT
        case 28: return ("06-\(digits(8))", false)
        case 29: return ("+31 6 \(digits(8))", false)
        case 30: return ("04\(digits(2))/\(digits(2)).\(digits(2)).\(digits(2))", false)
        case 31: return ("02 \(digits(3)) \(digits(2)) \(digits(2))", false)
        case 32: return ("07\(int(5...9)) \(digits(3)) \(digits(2)) \(digits(2))", false)
        case 33: return ("+41 44 \(digits(3)) \(digits(2)) \(digits(2))", false)
        case 34: return ("06\(digits(2))/\(digits(7))", false)
        case 35: return ("+43 1 \(digits(3)) \(digits(2)) \(digits(2))", false)
        // SE, NO, DK, PL, IE, PT
        case 36: return ("08-\(digits(3)) \(digits(3)) \(digits(2))", false)
        case 37: return ("+46 7\(int(0...9)) \(digits(3)) \(digits(2)) \(digits(2))", false)
        case 38: return ("\(pick([4, 9]))\(digits(2)) \(digits(2)) \(digits(3))", true)
        case 39: return ("+47 \(pick([4, 9]))\(digits(2)) \(digits(2)) \(digits(3))", false)
        case 40: return ("\(int(2...9))\(digits(1)) \(digits(2)) \(digits(2)) \(digits(2))", true)
        case 41: return ("+45 \(digits(2)) \(digits(2)) \(digits(2)) \(digits(2))", false)
        case 42: return ("+48 \(int(5...8))\(digits(2)) \(digits(3)) \(digits(3))", false)
        case 43: return ("\(int(5...8))\(digits(2)) \(digits(3)) \(digits(3))", true)
        case 44: return ("08\(int(3...9)) \(digits(3)) \(digits(4))", false)
        case 45: return ("01 \(digits(3)) \(digits(4))", false)
        case 46: return ("+351 9\(digits(2)) \(digits(3)) \(digits(3))", false)
        // BR, MX, AR
        case 47: return ("(\(int(11...99))) 9\(digits(4))-\(digits(4))", false)
        case 48: return ("+55 \(int(11...99)) 9\(digits(4))-\(digits(4))", false)
        case 49: return ("\(int(11...99)) 9\(digits(4))-\(digits(4))", true)
        case 50: return ("(55) \(digits(4)) \(digits(4))", false)
        case 51: return ("+52 \(pick(["55", "33", "81"])) \(digits(4)) \(digits(4))", false)
        case 52: return ("+54 9 11 \(digits(4))-\(digits(4))", false)
        case 53: return ("011 4\(digits(3))-\(digits(4))", false)
        // IN, CN, JP, KR
        case 54: return ("+91 \(int(6...9))\(digits(4)) \(digits(5))", false)
        case 55: return ("0\(int(6...9))\(digits(4)) \(digits(5))", false)
        case 56: return ("\(int(6...9))\(digits(4)) \(digits(5))", true)
        case 57: return ("1\(int(3...9))\(digits(1)) \(digits(4)) \(digits(4))", false)
        case 58: return ("+86 1\(int(3...9))\(digits(1)) \(digits(4)) \(digits(4))", false)
        case 59: return ("1\(int(3...9))\(digits(9))", true)
        case 60: return ("0\(int(7...9))0-\(digits(4))-\(digits(4))", false)
        case 61: return ("03-\(digits(4))-\(digits(4))", false)
        case 62: return ("+81 \(int(7...9))0-\(digits(4))-\(digits(4))", false)
        case 63: return ("010-\(digits(4))-\(digits(4))", false)
        case 64: return ("02-\(digits(3))-\(digits(4))", false)
        // AU, NZ, SG, ZA
        case 65: return ("04\(digits(2)) \(digits(3)) \(digits(3))", false)
        case 66: return ("(0\(pick([2, 3, 7, 8]))) \(digits(4)) \(digits(4))", false)
        case 67: return ("+61 4\(digits(2)) \(digits(3)) \(digits(3))", false)
        case 68: return ("02\(pick([1, 2, 7])) \(digits(3)) \(digits(4))", false)
        case 69: return ("+65 \(pick([8, 9]))\(digits(3)) \(digits(4))", false)
        case 70: return ("\(pick([8, 9]))\(digits(3)) \(digits(4))", true)
        case 71: return ("0\(int(6...8))\(digits(1)) \(digits(3)) \(digits(4))", false)
        // RU, TR, AE, NG
        case 72: return ("8 (9\(digits(2))) \(digits(3))-\(digits(2))-\(digits(2))", false)
        case 73: return ("+7 9\(digits(2)) \(digits(3))-\(digits(2))-\(digits(2))", false)
        case 74: return ("8 9\(digits(2)) \(digits(3))-\(digits(2))-\(digits(2))", true)
        case 75: return ("0 (5\(digits(2))) \(digits(3)) \(digits(2)) \(digits(2))", false)
        case 76: return ("+90 5\(digits(2)) \(digits(3)) \(digits(2)) \(digits(2))", false)
        case 77: return ("05\(pick([0, 2, 5, 6])) \(digits(3)) \(digits(4))", false)
        case 78: return ("+234 80\(digits(1)) \(digits(3)) \(digits(4))", false)
        default: return ("00\(pick(["44 20", "49 30", "33 6", "39 347", "971 50"])) \(digits(3)) \(digits(4))", false)
        }
    }

    mutating func ssn() -> String {
        var area = int(1...899)
        if area == 666 { area = 667 }
        let a = String(format3: area)
        return "\(a)-\(String(format2: int(1...99)))-\(String(format4: int(1...9999)))"
    }

    mutating func iban() -> String {
        let (country, length): (String, Int) = pick([("DE", 22), ("GB", 22), ("FR", 27), ("NL", 18), ("ES", 24), ("IT", 27), ("CH", 21)])
        var bban = ""
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        if country == "GB" || country == "NL" {
            bban = String((0..<4).map { _ in letters[int(0...25)] }) + digits(length - 8)
        } else if country == "IT" {
            bban = String(letters[int(0...25)]) + digits(length - 5)
        } else {
            bban = digits(length - 4)
        }
        // Check digits: 98 - (BBAN + country + "00") mod 97.
        var r = 0
        for ch in bban + country + "00" {
            if let d = ch.wholeNumberValue {
                r = (r * 10 + d) % 97
            } else {
                r = (r * 100 + Int(ch.asciiValue! - 55)) % 97
            }
        }
        let check = 98 - r
        let iban = country + String(format2: check) + bban
        if int(0...1) == 0 { return iban }
        let chars = Array(iban)
        return stride(from: 0, to: chars.count, by: 4).map { String(chars[$0..<min($0 + 4, chars.count)]) }.joined(separator: " ")
    }

    mutating func jwt() -> String {
        "eyJhbGciOiJ" + base64url(20) + "." + "eyJ" + base64url(int(30...80)) + "." + base64url(43)
    }

    // MARK: Lines

    /// How the last piece is written as a member's whole value, when that is not its value
    /// alone (an identifier that needs the word naming it).
    var standaloneText: String?

    mutating func piece() -> (rule: String, value: String, sentence: String) {
        standaloneText = nil
        switch int(0...26) {
        case 0: let v = email(); return ("email", v, pick(["user \(v) signed up", "sent receipt to \(v).", "reply-to: <\(v)>"]))
        case 1:
            let v = card()
            // A run of 12 or 17–19 digits is a card only where a card is named.
            let count = v.filter(\.isNumber).count
            if count == 12 || (count > 16 && count == v.count) { standaloneText = "card \(v)" }
            return ("credit_card", v, pick(["charged card \(v) for $12.00", "payment with \(v) declined", "card=\(v)", "paid by visa \(v)",
                                            "PAN: \(v)", "unionpay \(v) ok"]))
        case 2: let v = ipv4(); return ("ipv4", v, pick(["client \(v) connected", "request from \(v):\(int(1024...65535))", "x-forwarded-for: \(v)"]))
        case 3: let v = ipv6(); return ("ipv6", v, pick(["peer [\(v)]:443 closed", "client \(v) connected", "src=\(v)"]))
        case 4:
            let (v, needsWord) = phone()
            let worded = pick(["call back on \(v)", "customer phone: \(v)", "sms sent to \(v).", "Tel.: \(v)", "Telefon \(v)",
                               "móvil \(v)", "WhatsApp \(v)", "mobile number \(v)", "ph: \(v)"])
            if needsWord { standaloneText = pick(["tel \(v)", "phone: \(v)", "mobile \(v)"]) }
            return ("phone", v, needsWord ? worded : pick([worded, "forwarded to \(v) by agent", "reachable at \(v)", "(\(v))"]))
        case 5: let v = ssn(); return ("us_ssn", v, pick(["applicant ssn \(v) verified", "id \(v) on file"]))
        case 6: let v = iban(); return ("iban", v, pick(["payout to \(v) queued", "iban: \(v)"]))
        case 7: let v = jwt(); return ("jwt", v, pick(["session \(v) refreshed", "id_jwt=\(v)"]))
        case 8: let v = alnum(int(24...40)); return ("bearer_token", v, "upstream header Authorization: Bearer \(v)")
        case 9:
            let v = pick(["AKIA", "ASIA"]) + String((0..<16).map { _ in Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")[int(0...31)] })
            return ("aws_access_key", v, "assumed role with key \(v)")
        case 10: let v = "ghp_" + alnum(35); return ("github_token", v, "cloning with \(v)")
        case 11: let v = "xoxb-\(digits(11))-\(digits(12))-\(alnum(23))"; return ("slack_token", v, "posting via \(v)")
        case 12: let v = pick(["sk-proj-", "sk-ant-api03-", "sk-"]) + alnum(int(32...48)); return ("api_key", v, "llm client key \(v) loaded")
        case 13:
            let body = base64url(64)
            let v = "-----BEGIN \(pick(["RSA ", "EC ", "OPENSSH ", ""]))PRIVATE KEY-----\\n\(body)\\n-----END PRIVATE KEY-----"
            return ("private_key", body, "loaded key \(v)")
        case 14:
            let v = alnum(int(8...16))
            return ("secret_pair", v, pick(["connect db password=\(v) host=db", "retry with secret: \(v)", "api_key=\(v)&q=1"]))
        case 15...22:
            // National and device identifiers, in every written format (NationalIDSamples);
            // alone (a member's whole value), a sample keeps the word that names it.
            let sample = NationalIDSamples.any(&rng)
            standaloneText = sample.text
            return (sample.rule, sample.core, pick(["applicant \(sample.text) verified", "record: \(sample.text)", "device \(sample.text) registered", "\(sample.text) on file"]))
        case 23:
            // A signature or token in a URL's query.
            let (v, url): (String, String)
            switch int(0...3) {
            case 0:
                v = hex(64)
                url = "https://ml-artifacts.s3.amazonaws.com/runs/\(hex(8))/report.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261203T101500Z&X-Amz-Signature=\(v)"
            case 1:
                v = base64url(43) + "%3D"
                url = "https://acct.blob.core.windows.net/exports/batch.jsonl?sv=2024-08-04&se=2026-12-04T00%3A00%3A00Z&sp=r&sig=\(v)"
            case 2:
                v = alnum(int(32...40))
                url = "https://hooks.example.com/v1/callback?state=ok&token=\(v)"
            default:
                v = alnum(int(32...40))
                url = "https://api.example.com/oauth/userinfo?access_token=\(v)&fields=id"
            }
            standaloneText = url
            return ("url_token", v, pick(["fetching \(url)", "GET \(url) 200", "presigned url: \(url)"]))
        case 24:
            // The password of a connection string; host and database stay.
            let v = alnum(int(12...24))
            let url = pick([
                "postgresql+asyncpg://app:\(v)@db.internal:5432/orders", "mongodb+srv://etl:\(v)@cluster0.ab12c.mongodb.net/docs",
                "redis://:\(v)@cache.internal:6379/0", "amqp://worker:\(v)@mq.internal:5672/", "mysql://root:\(v)@10.0.0.5:3306/app",
            ])
            standaloneText = url
            return ("connection_credentials", v, pick(["connecting to \(url)", "DATABASE_URL=\(url)", "broker \(url) unreachable"]))
        case 25:
            // A session cookie's value; harmless cookies stay.
            let v = pick([alnum(32), hex(32).uppercased(), base64url(40)])
            let header = pick([
                "Cookie: sessionid=\(v); theme=dark; lang=en", "Set-Cookie: JSESSIONID=\(v); Path=/; HttpOnly",
                "Cookie: _ga=GA1.2.12345.67890; connect.sid=\(v)", "set-cookie: PHPSESSID=\(v); path=/",
            ])
            standaloneText = header
            // A header runs to the end of its line.
            return ("session_cookie", v, pick(["request headers: \(header)\\n", "upstream sent \(header)\\n", "\(header)\\n"]))
        default:
            return ("sensitive_key", "", "")
        }
    }

    mutating func decoy() -> String {
        switch int(0...21) {
        case 0: return "trace \(hex(32)) span \(hex(16))"
        case 1: return "request \(hex(8))-\(hex(4))-4\(hex(3))-a\(hex(3))-\(hex(12)) done"
        case 2: return "at 2026-\(String(format2: int(1...12)))-\(String(format2: int(1...28)))T\(String(format2: int(0...23))):\(String(format2: int(0...59))):\(String(format2: int(0...59))).\(digits(6))Z"
        case 3: return "deployed version \(int(1...9)).\(int(0...20)).\(int(0...30)).\(int(0...200))"
        case 4: return "running v\(int(1...9)).\(int(0...20)).\(int(0...30)).\(int(0...200))"
        case 5: return "image \(int(1...4)).\(int(0...9)).\(int(0...9)).\(int(0...9))-rc\(int(1...5))"
        case 6: return "sha256:\(hex(64))"
        case 7: return "order ORD-2026-\(digits(8)) and PO 45\(digits(8))"
        case 8: return "latency \(int(1...4000)).\(int(0...9)) ms, p99 \(int(1...9999)).\(digits(2))"
        case 9: return "build \(20_260_000 + int(1...1231)).\(int(1...9)) #\(int(100...99999))"
        case 10: return "ref \(luhnFailing16())"
        case 11: return "span_id \(int(1_000_000_000_000_000_000...9_223_372_036_854_775_807)) decimal"
        case 12: return "tokens_in=\(int(1...8000)) tokens_out=\(int(1...2000)) max_tokens: \(pick([256, 512, 1024]))"
        case 13: return "model llama-3.1-\(pick([8, 70]))b-instruct on port \(int(1024...65535)) HTTP \(pick([200, 429, 503]))"
        case 14: return "took \(int(0...9)).\(digits(3))s at \(String(format2: int(0...23))):\(String(format2: int(0...59))):\(String(format2: int(0...59)))"
        case 15: return "commit \(hex(7)) on 2026-11-\(String(format2: int(1...28)))"
        case 16: return "processed \(int(1...99_999_999)) bytes in chunk \(int(1...500)) of \(int(500...999))"
        case 17: return "gpu L4 util \(int(1...99))% mem \(int(1000...24000))MiB"
        default: return numberLookAlike()
        }
    }

    /// Numbers shaped like phones and cards that are neither: dates and times, order and
    /// request ids, ports, prices, ISBNs, snowflake ids, nanosecond timestamps, Luhn-valid
    /// runs of 17–19 digits.
    mutating func numberLookAlike() -> String {
        let day = String(format2: int(1...28)), month = String(format2: int(1...12))
        let time = "\(String(format2: int(0...23))):\(String(format2: int(0...59)))"
        switch int(0...13) {
        case 0: return "callback scheduled 2026-\(month)-\(day) \(time)"
        case 1: return "due \(day).\(month).2026 \(time)"
        case 2: return "on \(month)/\(day)/2026 \(time), call window \(day)-\(month)-2026"
        case 3: return "order #\(int(1...9))\(digits(9)) and order_id=0\(digits(9))"
        case 4: return "request_id: \(int(1...9))\(digits(11)), ticket \(int(1...9))\(digits(9))"
        case 5: return "listening on ports \(int(1024...65535)), \(int(1024...65535))"
        case 6: return "price 1 \(digits(3)),\(digits(2)) EUR, total \(int(1...9)),\(digits(3)).\(digits(2)) USD"
        case 7: return "ISBN 978-\(int(0...9))-\(digits(2))-\(digits(6))-\(int(0...9))"
        case 8: return "snowflake \(int(1...1))\(digits(18)) posted"
        case 9: return "ts \(1_764_720_000 + int(0...9_999_999))\(digits(9)) ns"
        case 10:
            // Luhn-valid 17–19 digits with no card named: an id, whatever its first digits.
            var body = [int(1...9)]
            while body.count < int(16...18) { body.append(int(0...9)) }
            body.append(Self.luhnDigit(body))
            return "seq \(body.map { String($0) }.joined())"
        case 11: return "took \(int(100...9999)) ms over \(int(2...9)) calls, \(int(100...4000)) tokens"
        case 12: return "invoice INV-2026-\(digits(6)) for PO \(digits(10))"
        default: return "release 2026.\(int(1...12)).\(int(1...28)) build \(digits(8))"
        }
    }

    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    mutating func line() -> Line {
        var pii: [Item] = []
        var decoys: [String] = []
        func addDecoy(_ d: String, _ c: inout RedactCorpus, _ list: inout [String]) -> String {
            list.append(d)
            return d
        }
        let ts = "2026-11-24T\(String(format2: int(0...23))):\(String(format2: int(0...59))):\(String(format2: int(0...59))).\(digits(6))Z"
        let trace = hex(32)
        let span = hex(16)
        let version = "\(int(1...9)).\(int(0...9)).\(int(0...9)).\(int(0...99))"
        decoys += [ts, trace, span, version]
        // Message: decoys and up to two pieces.
        var words: [String] = []
        let pieceCount = int(0...9) == 0 ? 0 : int(1...2)
        var sensitiveKey: String?
        for _ in 0..<pieceCount {
            let p = piece()
            if p.rule == "sensitive_key" {
                sensitiveKey = alnum(int(10...20))
                continue
            }
            words.append(p.sentence)
            pii.append(Item(rule: p.rule, json: p.value))
        }
        for _ in 0..<int(1...2) {
            let d = decoy()
            words.insert(d, at: int(0...words.count))
            decoys.append(d)
        }
        let message = words.joined(separator: "; ")
        // Nested: a user object and an array, each with a decoy and maybe a piece.
        var user = "{\"id\":\"u-\(int(1000...99999))\",\"session\":\"\(hex(8))-\(hex(4))-4\(hex(3))-8\(hex(3))-\(hex(12))\""
        if int(0...1) == 0 {
            let p = piece()
            if p.rule != "sensitive_key" && p.rule != "private_key" && p.rule != "secret_pair" {
                // A bare bearer token is just random text; it is recognisable with its scheme.
                let value = p.rule == "bearer_token" ? "Bearer \(p.value)" : standaloneText ?? p.value
                user += ",\"contact\":\(Self.quoted(value))"
                pii.append(Item(rule: p.rule, json: p.value))
            }
        }
        if let secret = sensitiveKey {
            user += ",\"\(pick(["password", "api_key", "client_secret", "access_token"]))\":\"\(secret)\""
            pii.append(Item(rule: "sensitive_key", json: secret))
        }
        let nestedDecoy = decoy()
        decoys.append(nestedDecoy)
        user += ",\"profile\":{\"note\":\(Self.quoted(nestedDecoy)),\"tier\":\"gold\"}}"
        var items: [String] = []
        let arrayDecoy = decoy()
        decoys.append(arrayDecoy)
        items.append(Self.quoted(arrayDecoy))
        if int(0...2) == 0 {
            let p = piece()
            if p.rule != "sensitive_key" && p.rule != "private_key" {
                items.append(Self.quoted(p.sentence))
                pii.append(Item(rule: p.rule, json: p.value))
            }
        }
        items.append("\(int(1...500))")
        let text = "{\"timestamp\":\"\(ts)\",\"level\":\"\(pick(["info", "info", "debug", "warning", "error"]))\","
            + "\"event\":\"\(pick(["inference_completed", "document_ingested", "delivery_failed", "chunk_embedded"]))\","
            + "\"trace_id\":\"\(trace)\",\"span_id\":\"\(span)\",\"app_version\":\"\(version)\","
            + "\"latency_ms\":\(int(1...9000)).\(int(0...9)),\"tokens_in\":\(int(1...8000)),"
            + "\"msg\":\(Self.quoted(message)),\"user\":\(user),\"items\":[\(items.joined(separator: ","))]}"
        return Line(text: text, pii: pii, decoys: decoys)
    }
}

extension String {
    init(format2 v: Int) { self = v < 10 ? "0\(v)" : "\(v)" }
    init(format3 v: Int) { self = v < 10 ? "00\(v)" : v < 100 ? "0\(v)" : "\(v)" }
    init(format4 v: Int) { self = v < 10 ? "000\(v)" : v < 100 ? "00\(v)" : v < 1000 ? "0\(v)" : "\(v)" }
}
