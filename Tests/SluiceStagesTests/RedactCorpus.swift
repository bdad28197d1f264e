import SluiceTestSupport

/// A deterministic, labelled corpus of AI-workflow log lines for measuring the redact stage.
///
/// Every line is a JSON object with look-alike decoys everywhere (trace and span ids, UUIDs,
/// ISO timestamps, version strings including dotted quads in a version context, sha256
/// digests, order, PO and build numbers, latencies, Luhn-failing 16-digit numbers, decimal
/// span ids, token counts, ports, times, model names) and, on most lines, one to three
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
        ])
        var body = prefix
        while body.count < length - 1 { body.append(int(0...9)) }
        body.append(Self.luhnDigit(body))
        return body
    }

    mutating func card() -> String {
        let d = cardDigits().map { String($0) }.joined()
        let chars = Array(d)
        switch int(0...2) {
        case 0: return d
        case 1:
            let sep = pick([" ", "-"])
            if chars.count == 15 { return String(chars[0..<4]) + sep + String(chars[4..<10]) + sep + String(chars[10...]) }
            if chars.count == 14 { return String(chars[0..<4]) + sep + String(chars[4..<10]) + sep + String(chars[10...]) }
            if chars.count != 16 { return d }
            return stride(from: 0, to: chars.count, by: 4).map { String(chars[$0..<min($0 + 4, chars.count)]) }.joined(separator: sep)
        default:
            return d
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

    mutating func phone() -> String {
        let area = "\(int(2...9))\(digits(2))"
        let exchange = "\(int(2...9))\(digits(2))"
        let line = digits(4)
        switch int(0...8) {
        case 0: return "+1 \(area) \(exchange) \(line)"
        case 1: return "(\(area)) \(exchange)-\(line)"
        case 2: return "\(area)-\(exchange)-\(line)"
        case 3: return "+44 20 \(digits(4)) \(digits(4))"
        case 4: return "020 \(digits(4)) \(digits(4))"
        case 5: return "+49 30 \(digits(7))"
        case 6: return "+33 6 \(digits(2)) \(digits(2)) \(digits(2)) \(digits(2))"
        case 7: return "+1\(area)\(exchange)\(line)"
        default: return "\(area).\(exchange).\(line)"
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
        switch int(0...23) {
        case 0: let v = email(); return ("email", v, pick(["user \(v) signed up", "sent receipt to \(v).", "reply-to: <\(v)>"]))
        case 1: let v = card(); return ("credit_card", v, pick(["charged card \(v) for $12.00", "payment with \(v) declined", "card=\(v)"]))
        case 2: let v = ipv4(); return ("ipv4", v, pick(["client \(v) connected", "request from \(v):\(int(1024...65535))", "x-forwarded-for: \(v)"]))
        case 3: let v = ipv6(); return ("ipv6", v, pick(["peer [\(v)]:443 closed", "client \(v) connected", "src=\(v)"]))
        case 4: let v = phone(); return ("phone", v, pick(["call back on \(v)", "customer phone: \(v)", "sms sent to \(v)."]))
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
        default:
            return ("sensitive_key", "", "")
        }
    }

    mutating func decoy() -> String {
        switch int(0...17) {
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
        default: return "gpu L4 util \(int(1...99))% mem \(int(1000...24000))MiB"
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
