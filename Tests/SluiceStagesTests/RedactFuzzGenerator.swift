import Foundation
import SluiceTestSupport

/// What the redaction fuzzer plants: secrets of every kind the built-in detectors find, in the
/// shapes real producers write them (`Detectors/*.swift` and the README's table are the
/// promise), and look-alikes the detectors promise to leave alone.
///
/// Text around them is built so that nothing but the planted value can be part of a match:
/// filler words without digits, capitals, version words, phone or SSN keywords or sensitive
/// names; items joined by separators no detector reads across (`; `, ` | `, a new line, …);
/// a planted value is wrapped in punctuation or non-ASCII letters at random.
enum RedactFuzzGenerator {
    /// A planted secret: how it is written, and the part that must be gone afterwards.
    struct Secret {
        var rule: String
        var text: String
        var core: String
    }

    static let lower = "abcdefghijklmnopqrstuvwxyz"
    static let upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    static let digitChars = "0123456789"
    static let alnum = lower + upper + digitChars
    static let base64url = alnum + "-_"

    // MARK: Secrets

    static func secret(_ rng: inout SplitMix) -> Secret {
        switch rng.int(0...23) {
        case 0: return email(&rng)
        case 1, 2: return card(&rng)
        case 3: return ipv4(&rng)
        case 4: return ipv6(&rng)
        case 5: return phone(&rng)
        case 6: return ssn(&rng)
        case 7: return iban(&rng)
        case 8: return jwt(&rng)
        case 9: return bearer(&rng)
        case 10: return aws(&rng)
        case 11: return github(&rng)
        case 12: return slack(&rng)
        case 13, 14: return apiKey(&rng)
        case 15: return privateKey(&rng)
        case 18, 19, 20:
            // National identifiers, passports, IMEIs and MAC addresses (NationalIDSamples).
            let sample = NationalIDSamples.any(&rng)
            return Secret(rule: sample.rule, text: sample.text, core: sample.core)
        case 21, 22, 23:
            // Provider keys, URL tokens, connection strings and session cookies (SecretSamples).
            let sample = SecretSamples.any(&rng)
            return Secret(rule: sample.rule, text: sample.text, core: sample.core)
        default: return secretPair(&rng)
        }
    }

    static func plain(_ rule: String, _ text: String) -> Secret { Secret(rule: rule, text: text, core: text) }

    static let fileExtensions: Set<String> = ["png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "js", "css", "json", "txt", "pdf", "gz", "tgz", "yaml", "yml", "py", "ts"]

    static func email(_ rng: inout SplitMix) -> Secret {
        var local = rng.string(1, from: alnum)
        for _ in 0..<rng.int(0...14) { local += rng.string(1, from: rng.chance(0.8) ? alnum : "._+-") }
        local += rng.string(1, from: alnum)
        var domain: [String] = []
        for _ in 0..<rng.int(1...3) {
            var label = rng.string(1, from: lower + digitChars)
            if rng.chance(0.5) { label += rng.string(rng.int(0...6), from: lower + digitChars + "-") + rng.string(1, from: lower + digitChars) }
            domain.append(label)
        }
        var tld = rng.string(rng.int(2...6), from: lower)
        while fileExtensions.contains(tld) || IPv4VersionWords.contains(tld) { tld = rng.string(rng.int(2...6), from: lower) }
        domain.append(tld)
        var host = domain.joined(separator: ".")
        if rng.chance(0.2) { host = host.uppercased() }
        return plain("email", local + (rng.chance(0.15) ? "%40" : "@") + host)
    }

    static let IPv4VersionWords: Set<String> = ["version", "ver", "v", "release", "rel", "build", "firmware", "fw", "sdk", "rev", "revision", "tag"]

    /// A Luhn check digit for `body` (the corpus's).
    static func luhnDigit(_ body: [Int]) -> Int { RedactCorpus.luhnDigit(body) }

    /// Card digits with an issuer prefix, the issuer's length and a valid Luhn digit.
    static func cardDigits(_ rng: inout SplitMix) -> [Int] {
        let (prefix, length): ([Int], Int) = rng.pick([
            ([4], 16), ([4], 13), ([4], 19), ([5, rng.int(1...5)], 16), ([2, 2, 2, rng.int(1...9)], 16), ([2, 7, 2, 0], 16),
            ([3, rng.pick([4, 7])], 15), ([6, 0, 1, 1], 16), ([6, 5], 16), ([6, 4, rng.int(4...9)], 16),
            ([3, 5, rng.int(2...8), rng.int(8...9)], 16), ([3, 6], 14), ([3, 0, rng.int(0...5)], 14), ([6, 2], 16), ([6, 7], 16),
            ([6, 2], rng.int(17...19)), ([6, 0, 1, 1], 19), ([3, 5, 3, rng.int(0...9)], 19),
        ])
        var body = prefix
        while body.count < length - 1 { body.append(rng.int(0...9)) }
        body.append(luhnDigit(body))
        return body
    }

    static func card(_ rng: inout SplitMix) -> Secret {
        let d = cardDigits(&rng).map { String($0) }.joined()
        let c = Array(d)
        let sep = rng.pick([" ", "-"])
        func groups(_ sizes: [Int]) -> String {
            var out: [String] = []
            var at = 0
            for size in sizes {
                out.append(String(c[at..<(at + size)]))
                at += size
            }
            return out.joined(separator: sep)
        }
        switch (c.count, rng.int(0...2)) {
        // Only grouped: 17–19 solid digits with no card named are ids.
        case (19, _): return plain("credit_card", groups(rng.pick([[4, 4, 4, 4, 3], [4, 4, 4, 7], [6, 13]])))
        case (17, _), (18, _): return plain("credit_card", groups([4, 4, 4, 4, c.count - 16]))
        case (16, 1): return plain("credit_card", groups([4, 4, 4, 4]))
        case (15, 1): return plain("credit_card", groups([4, 6, 5]))
        case (14, 1): return plain("credit_card", rng.chance(0.5) ? groups([4, 6, 4]) : groups([4, 4, 4, 2]))
        default: return plain("credit_card", d)
        }
    }

    static func ipv4(_ rng: inout SplitMix) -> Secret {
        plain("ipv4", (0..<4).map { _ in String(rng.int(0...255)) }.joined(separator: "."))
    }

    static func ipv6(_ rng: inout SplitMix) -> Secret {
        func group(_ rng: inout SplitMix) -> String {
            let g = String(rng.int(0...0xFFFF), radix: 16)
            let padded = rng.chance(0.3) ? String(repeating: "0", count: 4 - g.count) + g : g
            return rng.chance(0.2) ? padded.uppercased() : padded
        }
        switch rng.int(0...3) {
        case 0: return plain("ipv6", (0..<8).map { _ in group(&rng) }.joined(separator: ":"))
        case 1:  // one `::`, at least two groups written
            let written = rng.int(2...7)
            let before = rng.int(0...written)
            let head = (0..<before).map { _ in group(&rng) }.joined(separator: ":")
            let tail = (0..<(written - before)).map { _ in group(&rng) }.joined(separator: ":")
            return plain("ipv6", head + "::" + tail)
        case 2:
            let v4 = (0..<4).map { _ in String(rng.int(0...255)) }.joined(separator: ".")
            return plain("ipv6", rng.pick(["::ffff:", "64:ff9b::", "::FFFF:"]) + v4)
        default:
            return plain("ipv6", rng.pick(["2001:db8", "fe80", "2a00:1450", "fd00"]) + "::" + group(&rng) + ":" + group(&rng))
        }
    }

    static func phone(_ rng: inout SplitMix) -> Secret {
        let area = String(rng.int(2...9)) + rng.digits(2)
        let exchange = String(rng.int(2...9)) + rng.digits(2)
        let line = rng.digits(4)
        switch rng.int(0...17) {
        // Shapes of other countries that need no phone word (see RedactPhoneTests).
        case 12: return plain("phone", "(\(rng.int(11...99))) 9\(rng.digits(4))-\(rng.digits(4))")
        case 13: return plain("phone", "8 (9\(rng.digits(2))) \(rng.digits(3))-\(rng.digits(2))-\(rng.digits(2))")
        case 14: return plain("phone", "0\(rng.int(1...9))\(rng.digits(1))/\(rng.digits(7))")
        case 15: return plain("phone", "0\(rng.int(1...9)) \(rng.digits(3)) \(rng.digits(2)) \(rng.digits(2))")
        case 16: return plain("phone", "1\(rng.int(3...9))\(rng.digits(1)) \(rng.digits(4)) \(rng.digits(4))")
        case 17: return plain("phone", "3\(rng.digits(2)) \(rng.digits(7))")
        case 0: return plain("phone", "+1 \(area) \(exchange) \(line)")
        case 1: return plain("phone", "(\(area)) \(exchange)-\(line)")
        case 2: return plain("phone", [area, exchange, line].joined(separator: rng.pick(["-", ".", " "])))
        case 3: return plain("phone", rng.chance(0.5) ? "1-\(area)-\(exchange)-\(line)" : "1 (\(area)) \(exchange)-\(line)")
        case 4: return plain("phone", "+44 20 \(rng.digits(4)) \(rng.digits(4))")
        case 5: return plain("phone", "0\(rng.int(1...9))\(rng.digits(1)) \(rng.digits(4)) \(rng.digits(4))")
        case 6: return plain("phone", "0\(rng.int(1...7)) \(rng.digits(2)) \(rng.digits(2)) \(rng.digits(2)) \(rng.digits(2))")
        case 7: return plain("phone", "+\(rng.int(1...9))\(rng.digits(rng.int(7...13)))")
        case 8: return plain("phone", "+\(rng.pick(["7", "33", "49", "91", "81"])) (\(rng.digits(3))) \(rng.digits(3))-\(rng.digits(2))-\(rng.digits(2))")
        case 9: return plain("phone", "00\(rng.int(1...9))\(rng.digits(1)) \(rng.digits(2)) \(rng.digits(7))")
        case 10: return plain("phone", "+44 (0)20 \(rng.digits(4)) \(rng.digits(4))")
        default:
            // Ten bare digits are a phone only after a word that says so.
            let digits = rng.chance(0.5) ? area + exchange + line : "0" + rng.digits(9)
            return Secret(rule: "phone", text: rng.pick(["phone ", "tel: ", "call ", "mobile: ", "SMS to "]) + digits, core: digits)
        }
    }

    static func ssn(_ rng: inout SplitMix) -> Secret {
        var area = rng.int(1...899)
        if area == 666 { area = 667 }
        let a = String(area), g = String(rng.int(1...99)), s = String(rng.int(1...9999))
        let digits = String(repeating: "0", count: 3 - a.count) + a + String(repeating: "0", count: 2 - g.count) + g + String(repeating: "0", count: 4 - s.count) + s
        let c = Array(digits)
        if rng.chance(0.3) {
            return Secret(rule: "us_ssn", text: rng.pick(["SSN ", "ssn: ", "social security "]) + digits, core: digits)
        }
        let sep = rng.pick(["-", " "])
        return plain("us_ssn", String(c[0..<3]) + sep + String(c[3..<5]) + sep + String(c[5..<9]))
    }

    static let ibanCountries: [(String, Int)] = [("DE", 22), ("GB", 22), ("FR", 27), ("NL", 18), ("ES", 24), ("IT", 27), ("CH", 21), ("NO", 15), ("BE", 16), ("PL", 28), ("MT", 31)]

    static func ibanText(_ rng: inout SplitMix, validCheck: Bool) -> String {
        let (country, length) = rng.pick(ibanCountries)
        var bban = ""
        if country == "GB" || country == "NL" || country == "MT" {
            bban = rng.string(4, from: upper) + rng.digits(length - 8)
        } else {
            for _ in 0..<(length - 4) { bban += rng.chance(0.1) ? rng.string(1, from: upper) : rng.digits(1) }
        }
        var r = 0
        for ch in bban + country + "00" {
            if let d = ch.wholeNumberValue { r = (r * 10 + d) % 97 } else { r = (r * 100 + Int(ch.asciiValue! - 55)) % 97 }
        }
        var check = 98 - r
        if !validCheck { check = (check + rng.int(1...90)) % 97 + 2 }
        return country + (check < 10 ? "0" : "") + String(check) + bban
    }

    static func iban(_ rng: inout SplitMix) -> Secret {
        let solid = Array(ibanText(&rng, validCheck: true))
        if rng.chance(0.5) { return plain("iban", String(solid)) }
        return plain("iban", stride(from: 0, to: solid.count, by: 4).map { String(solid[$0..<min($0 + 4, solid.count)]) }.joined(separator: " "))
    }

    static func jwt(_ rng: inout SplitMix) -> Secret {
        var token = "eyJ" + rng.string(rng.int(7...40), from: base64url) + "." + rng.pick(["eyJ", ""]) + rng.string(rng.int(10...120), from: base64url)
        if rng.chance(0.9) { token += "." + rng.string(rng.pick([0, 43, 86]), from: base64url) }
        return plain("jwt", token)
    }

    static func bearer(_ rng: inout SplitMix) -> Secret {
        var token = rng.string(1, from: alnum)
        if rng.chance(0.7) {
            token += rng.string(rng.int(15...60), from: alnum + "-._~+/")
        } else {
            token += rng.string(rng.int(6...13), from: alnum) + rng.digits(1)
        }
        token += rng.pick(["", "", "=", "=="])
        let scheme = rng.pick(["Bearer ", "bearer ", "BEARER ", "Bearer  "])
        let prefix = rng.pick(["", "Authorization: ", "authorization: ", "auth header "])
        return Secret(rule: "bearer_token", text: prefix + scheme + token, core: token)
    }

    static func aws(_ rng: inout SplitMix) -> Secret {
        let prefix = rng.pick(["AKIA", "ASIA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "AGPA", "ABIA", "ACCA"])
        return plain("aws_access_key", prefix + rng.string(16, from: rng.chance(0.7) ? upper + "234567" : upper + digitChars))
    }

    static func github(_ rng: inout SplitMix) -> Secret {
        if rng.chance(0.7) {
            return plain("github_token", rng.pick(["ghp_", "gho_", "ghu_", "ghs_", "ghr_"]) + rng.string(36, from: alnum))
        }
        return plain("github_token", "github_pat_" + rng.string(22, from: alnum) + "_" + rng.string(59, from: alnum))
    }

    static func slack(_ rng: inout SplitMix) -> Secret {
        switch rng.int(0...2) {
        case 0:
            return plain("slack_token", rng.pick(["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-"]) + rng.digits(rng.int(10...13)) + "-" + rng.digits(rng.int(10...13)) + "-" + rng.string(24, from: alnum))
        case 1:
            return plain("slack_token", "xapp-1-A" + rng.string(10, from: upper + digitChars) + "-" + rng.digits(13) + "-" + rng.string(64, from: "0123456789abcdef"))
        default:
            let path = "T" + rng.string(8, from: upper + digitChars) + "/B" + rng.string(rng.int(8...10), from: upper + digitChars) + "/" + rng.string(24, from: alnum)
            return Secret(rule: "slack_token", text: "https://hooks.slack.com/services/" + path, core: path)
        }
    }

    /// Vendor-prefixed keys, in the alphabet and length each vendor issues (OpenAI's hold
    /// `T3BlbkFJ`, "OpenAI" in base64).
    static func apiKey(_ rng: inout SplitMix) -> Secret {
        switch rng.int(0...7) {
        case 0: return plain("api_key", "sk-" + rng.string(20, from: alnum) + "T3BlbkFJ" + rng.string(20, from: alnum))  // legacy OpenAI
        case 1: return plain("api_key", "sk-proj-" + rng.string(rng.int(20...74), from: base64url) + "T3BlbkFJ" + rng.string(rng.int(20...74), from: base64url))
        case 2: return plain("api_key", "sk-ant-api03-" + rng.string(93, from: base64url) + "AA")
        case 3: return plain("api_key", rng.pick(["sk_live_", "sk_test_", "rk_live_", "rk_test_"]) + rng.string(rng.pick([24, 34, 99]), from: alnum))
        case 4: return plain("api_key", "AIza" + rng.string(35, from: base64url))
        case 5: return plain("api_key", "hf_" + rng.string(34, from: lower + upper))
        case 6: return plain("api_key", "glpat-" + rng.string(20, from: base64url))
        default: return plain("api_key", "npm_" + rng.string(36, from: alnum))
        }
    }

    static func privateKey(_ rng: inout SplitMix) -> Secret {
        let label = rng.pick(["RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY", "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "PRIVATE KEY", "PGP PRIVATE KEY BLOCK"])
        let lines = (0..<rng.int(1...4)).map { _ in rng.string(rng.int(16...64), from: alnum + "+/") }
        let sep = rng.pick(["\n", "\r\n", " ", "\\n"])
        let body = lines.joined(separator: sep)
        return Secret(rule: "private_key", text: "-----BEGIN \(label)-----" + sep + body + sep + "-----END \(label)-----", core: lines[0])
    }

    static let pairNames = ["password", "db_password", "PASSWORD", "passwd", "pwd", "secret", "client_secret", "api_key", "x-api-key", "apikey", "access_token", "auth_token", "secret_key", "private_key", "session_id", "passphrase", "credentials", "token"]

    static func secretPair(_ rng: inout SplitMix) -> Secret {
        // Letters and a digit, so never a status word (`incorrect`) or a count (`token: 512`).
        let value = rng.string(1, from: lower + upper) + rng.string(rng.int(4...20), from: alnum + "-_.!$%^*/+@~") + rng.digits(1)
        let name = rng.pick(pairNames)
        switch rng.int(0...5) {
        case 0: return Secret(rule: "secret_pair", text: "\(name)=\(value)", core: value)
        case 1: return Secret(rule: "secret_pair", text: "\(name): \(value)", core: value)
        case 2: return Secret(rule: "secret_pair", text: "\(name) = '\(value)'", core: value)
        case 3: return Secret(rule: "secret_pair", text: "{\"\(name)\":\"\(value)\"}", core: value)
        case 4:
            let basic = rng.string(rng.int(12...40), from: alnum + "+/") + rng.pick(["", "=", "=="])
            return Secret(rule: "secret_pair", text: "Authorization: Basic \(basic)", core: basic)
        default: return Secret(rule: "secret_pair", text: "https://api.example.com/v1?\(name)=\(value)&page=2", core: value)
        }
    }

    // MARK: Look-alikes

    /// A value the detectors promise to leave alone (README, "Look-alikes left alone").
    static func lookAlike(_ rng: inout SplitMix) -> String {
        func hexWithLetter(_ n: Int, _ rng: inout SplitMix) -> String { rng.hex(n - 1) + rng.string(1, from: "abcdef") }
        func luhnFailing(_ rng: inout SplitMix) -> String {
            var body: [Int] = [4]
            for _ in 0..<14 { body.append(rng.int(0...9)) }
            body.append((luhnDigit(body) + rng.int(1...9)) % 10)
            return body.map { String($0) }.joined()
        }
        let quad = (0..<4).map { _ in String(rng.int(0...255)) }.joined(separator: ".")
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        switch rng.int(0...30) {
        // Dates and times as Europeans and Americans write them, ids after their labels.
        case 28: return "due \(two(rng.int(1...28))).\(two(rng.int(1...12))).2026 \(two(rng.int(0...23))):\(two(rng.int(0...59)))"
        case 29: return "on \(two(rng.int(1...12)))/\(two(rng.int(1...28)))/2026 and 2026-\(two(rng.int(1...12)))-\(two(rng.int(1...28))) \(two(rng.int(0...23))):00"
        case 30: return "order_id=0\(rng.digits(9)) and ticket \(rng.int(1...9))\(rng.digits(9))"
        case 0: return "trace " + hexWithLetter(32, &rng)
        case 1: return "span " + hexWithLetter(16, &rng)
        case 2: return "\(rng.hex(8))-\(rng.hex(4))-4\(rng.hex(3))-a\(rng.hex(3))-\(rng.hex(12))"
        case 3: return "2026-\(rng.int(10...12))-\(rng.int(10...28))T\(rng.int(10...23)):\(rng.int(10...59)):\(rng.int(10...59)).\(rng.digits(6))Z"
        case 4: return "sha256:" + hexWithLetter(64, &rng)
        case 5: return "order ORD-2026-\(rng.digits(8))"
        case 6: return "latency \(rng.int(1...4000)).\(rng.int(0...9)) ms"
        case 7: return "ref " + luhnFailing(&rng)
        case 8: return "id \(rng.int(1...9))\(rng.digits(rng.int(16...18)))"  // decimal ids: 17–19 digits
        case 9: return "tokens_in=\(rng.int(1...8000)) max_tokens: \(rng.pick([256, 512, 1024]))"
        case 10: return "version \(quad)"
        case 11: return "v\(quad)"
        case 12: return "\(quad)-rc\(rng.int(1...9))"
        case 13: return "\(quad).\(rng.int(0...99))"
        case 14: return "pkg@\(rng.int(1...9)).\(rng.int(0...9)).\(rng.int(0...9)) and icon@2x.png"
        // Times, and MAC addresses that identify no device (a longer run, the all-zero placeholder).
        case 15: return "at \(rng.int(10...23)):\(rng.int(10...59)):\(rng.int(10...59)) mac 00:00:00:00:00:00 or 00:1a:2b:\(rng.hex(2)):\(rng.hex(2)):\(rng.hex(2)):\(rng.hex(2))"
        case 16: return "std::vector and Foo::bar"
        case 17: return "Bearer of bad news"
        case 18: return "sk-learn-tutorial-for-beginners"
        case 19: return "password: incorrect; token: expired; secret: **** (retry)"
        case 20: return "token: \(rng.int(1...99999)) left"
        case 21: return "cloning git@github.com:acme/pipeline.git"
        case 22: return "ISBN 978-3-16-148410-0"
        case 23: return "loopback ::1 and 127.0.0.1.nip.io"
        case 24: return "iban " + ibanText(&rng, validCheck: false)
        case 25: return "area \(rng.pick(["000", "666", "9\(rng.digits(2))"]))-\(rng.int(10...99))-\(rng.int(1000...9999))"
        case 26: return "build \(20_260_000 + rng.int(101...1231)).\(rng.int(1...9)) #\(rng.int(100...99999))"
        default: return "price 1,299.00 EUR, page \(rng.int(1...40)) of 40"
        }
    }

    // MARK: Text around them

    /// Words without capitals, version words, keywords or sensitive names, and no number of
    /// their own (a digit starts a word glued to letters).
    static let filler = [
        "the", "request", "was", "handled", "by", "worker", "and", "then", "retried", "after", "timeout", "on", "queue",
        "for", "user", "job", "done", "see", "pipeline", "step", "result", "über", "naïve", "日本語", "данные", "😀",
        "ünïcödé", "…", "«quoted»", "embedding", "retrieval", "chunk", "model", "prompt", "answer", "upstream",
        // Words starting with digits, which a number before them must not swallow.
        "2nd", "3rd", "1st", "10ms", "5x", "p99",
    ]

    /// Separators between items that no detector reads across.
    static let separators = ["; ", ", ", " | ", " — ", ". ", " and ", "\n", " / "]

    /// Punctuation or letters directly around a planted value.
    static let wrappers: [(String, String)] = [
        ("", ""), ("", ""), ("", ""), ("(", ")"), ("[", "]"), ("<", ">"), ("\"", "\""), ("'", "'"), ("«", "»"),
        ("日本", "です"), ("é", "é"), ("😀", "😀"), ("“", "”"), ("", "."), ("", ","), ("", "!"), ("#", "?"),
    ]

    static func fillerWords(_ rng: inout SplitMix) -> [String] {
        (0..<rng.int(0...3)).map { _ in rng.pick(filler) }
    }

    /// One piece of text: filler, look-alikes and secrets in random order.
    struct Text {
        /// One item of the text, at its byte range.
        struct Item {
            var range: Range<Int>
            var secret: Secret?
            /// Where the secret's core starts, in bytes from the start of the text.
            var coreStart: Int = 0
            /// The core as written (escaped when the text is).
            var core: [UInt8] = []
            /// Look-alikes and filler words in the item, which must be kept.
            var kept: [String] = []
        }

        struct Piece {
            var text: String
            var secret: Secret?
            /// The text before the secret's core.
            var beforeCore: String
            var kept: [String]
        }

        var pieces: [Piece] = []
        var separator = " "

        var secrets: [Secret] { pieces.compactMap(\.secret) }
        var kept: [String] { pieces.flatMap(\.kept) }
        var text: String { pieces.map(\.text).joined(separator: separator) }
        var items: [Item] { rendered().items }

        /// The text with every piece and separator passed through `escape` (as a JSON writer
        /// escapes a string's body), and where each item lands in it after `offset` bytes.
        func rendered(offset: Int = 0, _ escape: (String) -> String = { $0 }) -> (text: String, items: [Item]) {
            var out = ""
            var items: [Item] = []
            var at = offset
            let sep = escape(separator)
            for (k, piece) in pieces.enumerated() {
                if k > 0 {
                    out += sep
                    at += sep.utf8.count
                }
                let written = escape(piece.text)
                let n = written.utf8.count
                items.append(Item(
                    range: at..<(at + n), secret: piece.secret, coreStart: at + escape(piece.beforeCore).utf8.count,
                    core: Array(escape(piece.secret?.core ?? "").utf8), kept: piece.kept))
                out += written
                at += n
            }
            return (out, items)
        }
    }

    static func text(_ rng: inout SplitMix, secrets count: Int) -> Text {
        var t = Text()
        for _ in 0..<count {
            var s = secret(&rng)
            let (open, close) = rng.pick(wrappers)
            // An IPv4 address takes a port at times.
            if s.rule == "ipv4" && rng.chance(0.2) { s.text += ":" + String(rng.int(1...65535)) }
            let beforeCore = s.text.range(of: s.core).map { String(s.text[..<$0.lowerBound]) } ?? ""
            t.pieces.append(Text.Piece(text: open + s.text + close, secret: s, beforeCore: open + beforeCore, kept: []))
        }
        for _ in 0..<rng.int(0...3) {
            let a = lookAlike(&rng)
            t.pieces.append(Text.Piece(text: a, secret: nil, beforeCore: "", kept: [a]))
        }
        for _ in 0..<rng.int(0...3) {
            let words = fillerWords(&rng)
            if words.isEmpty { continue }
            t.pieces.append(Text.Piece(text: words.joined(separator: " "), secret: nil, beforeCore: "", kept: words.filter { $0.unicodeScalars.count >= 3 }))
        }
        // Shuffle (Fisher–Yates with the seeded generator).
        if t.pieces.count > 1 {
            for k in stride(from: t.pieces.count - 1, to: 0, by: -1) { t.pieces.swapAt(k, rng.int(0...k)) }
        }
        t.separator = rng.pick(separators)
        return t
    }
}
