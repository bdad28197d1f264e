import SluiceTestSupport

/// National identifiers, IMEIs, MAC addresses and passport numbers for the redact tests, in
/// every format the detectors promise (README, "Redaction"), with their check digits computed
/// here from random bodies — independently of `Sources/SluiceStages/Redact/Detectors` — and
/// near misses made from them (one check digit off).
enum NationalIDSamples {
    /// A planted identifier: its rule, the text as written (with any word that names it) and
    /// the part that must be gone afterwards.
    struct Sample {
        var rule: String
        var text: String
        var core: String
    }

    static let upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    static let rules = [
        "uk_nino", "uk_nhs", "ca_sin", "in_aadhaar", "in_pan", "br_cpf", "es_dni", "es_nie", "fr_nir", "it_codice_fiscale",
        "de_steuer_id", "passport", "imei", "mac_address",
    ]

    static func string(_ d: [Int]) -> String { d.map { String($0) }.joined() }

    /// `s` cut into groups of `sizes`, joined by `sep`.
    static func grouped(_ s: String, _ sizes: [Int], _ sep: String) -> String {
        let c = Array(s)
        var out: [String] = []
        var at = 0
        for size in sizes {
            out.append(String(c[at..<(at + size)]))
            at += size
        }
        return out.joined(separator: sep)
    }

    // MARK: Check digits

    static func luhnDigit(_ body: [Int]) -> Int { RedactCorpus.luhnDigit(body) }

    /// The NHS check digit (weights 10…2), nil when it would be 10 (never issued).
    static func nhsCheck(_ nine: [Int]) -> Int? {
        let sum = (0..<9).reduce(0) { $0 + nine[$1] * (10 - $1) }
        let check = (11 - sum % 11) % 11
        return check == 10 ? nil : check
    }

    static let verhoeffD: [[Int]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
        [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1], [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
        [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ]
    static let verhoeffP: [[Int]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
        [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1], [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
    ]
    static let verhoeffInverse = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]

    /// The Verhoeff check digit for `body`.
    static func verhoeffDigit(_ body: [Int]) -> Int {
        var c = 0
        for (k, d) in body.reversed().enumerated() { c = verhoeffD[c][verhoeffP[(k + 1) % 8][d]] }
        return verhoeffInverse[c]
    }

    /// The CPF check digit over `d` (weights d.count+1 … 2).
    static func cpfDigit(_ d: [Int]) -> Int {
        let sum = d.enumerated().reduce(0) { $0 + $1.element * (d.count + 1 - $1.offset) }
        return sum % 11 < 2 ? 0 : 11 - sum % 11
    }

    /// The ISO 7064 MOD 11,10 check digit of the Steuer-ID.
    static func steuerCheck(_ ten: [Int]) -> Int {
        var product = 10
        for d in ten {
            var sum = (d + product) % 10
            if sum == 0 { sum = 10 }
            product = sum * 2 % 11
        }
        return (11 - product) % 10
    }

    static let dniLetters = Array("TRWAGMYFPDXBNJZSQVHLCKE")

    /// The NIR key of thirteen characters (`2A` as 19, `2B` as 18).
    static func nirKey(_ thirteen: String) -> Int {
        let n = thirteen.replacingOccurrences(of: "2A", with: "19").replacingOccurrences(of: "2B", with: "18")
        return 97 - Int(n)! % 97
    }

    static let cfOdd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]

    /// The codice fiscale check letter of fifteen characters.
    static func cfCheck(_ fifteen: String) -> Character {
        var sum = 0
        for (k, ch) in fifteen.enumerated() {
            let v = ch.isNumber ? ch.wholeNumberValue! : Int(ch.asciiValue! - 65)
            sum += k % 2 == 0 ? cfOdd[v] : v
        }
        return Character(UnicodeScalar(UInt8(65 + sum % 26)))
    }

    // MARK: Valid numbers

    static func ninoText(_ rng: inout SplitMix) -> String {
        var prefix = ""
        repeat {
            prefix = rng.string(1, from: "ABCEGHJKLMNOPRSTWXYZ") + rng.string(1, from: "ABCEGHJKLMNPRSTWXYZ")
        } while ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].contains(prefix)
        return prefix + rng.digits(6) + rng.string(1, from: "ABCD")
    }

    /// Ten NHS digits; `phoneShaped: false` makes the fourth digit 0 or 1, so that the 3-3-4
    /// form is no North American phone number.
    static func nhsDigits(_ rng: inout SplitMix, phoneShaped: Bool = true) -> [Int] {
        while true {
            var d = [rng.pick([4, 6, 7])] + (0..<8).map { _ in rng.int(0...9) }
            if !phoneShaped { d[3] = rng.int(0...1) }
            if let c = nhsCheck(d) { return d + [c] }
        }
    }

    static func sinDigits(_ rng: inout SplitMix) -> [Int] {
        let body = [rng.pick([1, 2, 3, 4, 5, 6, 7, 9])] + (0..<7).map { _ in rng.int(0...9) }
        return body + [luhnDigit(body)]
    }

    static func aadhaarDigits(_ rng: inout SplitMix) -> [Int] {
        let body = [rng.int(2...9)] + (0..<10).map { _ in rng.int(0...9) }
        return body + [verhoeffDigit(body)]
    }

    static func cpfDigits(_ rng: inout SplitMix) -> [Int] {
        var d = (0..<9).map { _ in rng.int(0...9) }
        d[8] = (d[0] + 1) % 10  // never one digit repeated
        d.append(cpfDigit(d))
        d.append(cpfDigit(d))
        return d
    }

    /// Eleven Steuer-ID digits: the first ten hold exactly one digit twice (or, one time in
    /// four, three times, never three in a row) and the others at most once.
    static func steuerDigits(_ rng: inout SplitMix) -> [Int] {
        while true {
            var pool = Array(0...9)
            for k in stride(from: 9, to: 0, by: -1) { pool.swapAt(k, rng.int(0...k)) }
            var d: [Int]
            if rng.chance(0.25) {
                d = Array(pool[0..<8]) + [pool[0], pool[0]]
            } else {
                d = Array(pool[0..<9]) + [pool[rng.int(0...8)]]
            }
            for k in stride(from: 9, to: 0, by: -1) { d.swapAt(k, rng.int(0...k)) }
            if d[0] == 0 { continue }
            var threeInARow = false
            for k in 0..<8 where d[k] == d[k + 1] && d[k + 1] == d[k + 2] { threeInARow = true }
            if threeInARow { continue }
            return d + [steuerCheck(d)]
        }
    }

    static func imeiDigits(_ rng: inout SplitMix) -> [Int] {
        let body = rng.pick([[3, 5], [0, 1], [8, 6], [9, 9]]) + (0..<12).map { _ in rng.int(0...9) }
        return body + [luhnDigit(body)]
    }

    static func panText(_ rng: inout SplitMix) -> String {
        rng.string(3, from: upper) + rng.string(1, from: "ABCFGHJLPT") + rng.string(1, from: upper) + rng.digits(4) + rng.string(1, from: upper)
    }

    static func dniText(_ rng: inout SplitMix) -> (digits: String, letter: Character) {
        let n = rng.int(10_000_000...99_999_999)
        return (String(n), dniLetters[n % 23])
    }

    static func nieText(_ rng: inout SplitMix) -> (prefix: Character, digits: String, letter: Character) {
        let p = rng.int(0...2)
        let digits = rng.digits(7)
        return (Array("XYZ")[p], digits, dniLetters[(p * 10_000_000 + Int(digits)!) % 23])
    }

    /// Fifteen NIR characters; Corsican (`2A`/`2B`) when `corsica`.
    static func nirText(_ rng: inout SplitMix, corsica: Bool = false) -> String {
        let sex = String(rng.pick([1, 2]))
        let year = rng.digits(2)
        let m = rng.int(1...12)
        let month = m < 10 ? "0\(m)" : "\(m)"
        let department = corsica ? rng.pick(["2A", "2B"]) : rng.pick(["75", "13", "69", "33", "59", "01", "95"])
        let thirteen = sex + year + month + department + rng.digits(3) + rng.digits(3)
        let key = nirKey(thirteen)
        return thirteen + (key < 10 ? "0" : "") + String(key)
    }

    /// A codice fiscale; with `omocodia`, its last digits written as letters (`L`–`V`).
    static func codiceFiscaleText(_ rng: inout SplitMix, omocodia: Bool = false) -> String {
        let day = rng.int(1...31) + (rng.chance(0.5) ? 40 : 0)
        var body = Array(rng.string(6, from: upper) + rng.digits(2) + rng.string(1, from: "ABCDEHLMPRST")
            + (day < 10 ? "0\(day)" : "\(day)") + rng.string(1, from: upper) + rng.digits(3))
        if omocodia {
            let letters = Array("LMNPQRSTUV")
            for k in [14, 13] { body[k] = letters[body[k].wholeNumberValue!] }
        }
        let fifteen = String(body)
        return fifteen + String(cfCheck(fifteen))
    }

    static func macText(_ rng: inout SplitMix, form: Int) -> String {
        var hex = rng.hex(12)
        if hex.allSatisfy({ $0 == "0" || $0 == "f" }) || !hex.contains(where: { $0.isLetter }) { hex = "0a" + hex.dropFirst(2) }
        if rng.chance(0.3) { hex = hex.uppercased() }
        switch form {
        case 0: return grouped(hex, [2, 2, 2, 2, 2, 2], ":")
        case 1: return grouped(hex, [2, 2, 2, 2, 2, 2], "-")
        default: return grouped(hex.lowercased(), [4, 4, 4], ".")
        }
    }

    static func passportNumber(_ rng: inout SplitMix) -> String {
        switch rng.int(0...3) {
        case 0: return rng.digits(9)
        case 1: return rng.string(1, from: upper) + rng.digits(7)
        case 2: return rng.string(2, from: upper) + rng.digits(7)
        default: return rng.string(1, from: "CFGHJK") + rng.digits(1) + rng.string(7, from: "0123456789CFGHJKLMNPRTVWXYZ")
        }
    }

    // MARK: Every format

    /// Every written format of `rule`, one sample each (with any word the format needs).
    static func formats(_ rule: String, _ rng: inout SplitMix) -> [Sample] {
        func s(_ text: String, _ core: String? = nil) -> Sample { Sample(rule: rule, text: text, core: core ?? text) }
        switch rule {
        case "uk_nino":
            let n = Array(ninoText(&rng))
            return [s(String(n)), s(String(n[0..<2]) + " " + grouped(String(n[2..<8]), [2, 2, 2], " ") + " " + String(n[8]))]
        case "uk_nhs":
            let d = string(nhsDigits(&rng)), plain = string(nhsDigits(&rng, phoneShaped: false))
            return [s("NHS number \(d)", d), s("NHS: " + grouped(d, [3, 3, 4], " "), grouped(d, [3, 3, 4], " ")),
                    s("nhs no " + grouped(d, [3, 3, 4], "-"), grouped(d, [3, 3, 4], "-")), s(grouped(plain, [3, 3, 4], " "))]
        case "ca_sin":
            let d = string(sinDigits(&rng))
            return [s(grouped(d, [3, 3, 3], " ")), s(grouped(d, [3, 3, 3], "-")), s("SIN \(d)", d), s("social insurance number: \(d)", d)]
        case "in_aadhaar":
            let d = string(aadhaarDigits(&rng))
            return [s(grouped(d, [4, 4, 4], " ")), s(grouped(d, [4, 4, 4], "-")), s("Aadhaar \(d)", d)]
        case "in_pan":
            return [s(panText(&rng))]
        case "br_cpf":
            let d = string(cpfDigits(&rng))
            return [s(grouped(d, [3, 3, 3], ".") + "-" + d.suffix(2)), s(d.prefix(9) + "-" + d.suffix(2)), s("CPF \(d)", d)]
        case "es_dni":
            let (d, l) = dniText(&rng)
            return [s(d + String(l)), s(d + "-" + String(l))]
        case "es_nie":
            let (p, d, l) = nieText(&rng)
            return [s("\(p)\(d)\(l)"), s("\(p)-\(d)-\(l)")]
        case "fr_nir":
            let n = nirText(&rng), c = nirText(&rng, corsica: true)
            return [s(grouped(n, [1, 2, 2, 2, 3, 3, 2], " ")), s(n.prefix(13) + " " + n.suffix(2)), s("NIR \(n)", n),
                    s("numéro de sécurité sociale \(n)", n), s(grouped(c, [1, 2, 2, 2, 3, 3, 2], " ")), s(c)]
        case "it_codice_fiscale":
            return [s(codiceFiscaleText(&rng)), s(codiceFiscaleText(&rng, omocodia: true))]
        case "de_steuer_id":
            let d = string(steuerDigits(&rng))
            return [s(grouped(d, [2, 3, 3, 3], " ")), s("Steuer-ID \(d)", d), s("IdNr: \(d)", d), s("steuerliche Identifikationsnummer \(d)", d)]
        case "passport":
            let p = (0..<4).map { _ in passportNumber(&rng) }
            return [s("passport \(p[0])", p[0]), s("Passport No. \(p[1])", p[1]), s("passport number: \(p[2])", p[2]),
                    s("passport_no=\(p[3])", p[3])]
        case "imei":
            let d = string(imeiDigits(&rng))
            return [s(grouped(d, [2, 6, 6, 1], "-")), s(grouped(d, [2, 6, 6, 1], " ")), s("IMEI \(d)", d), s("imei: \(d)", d)]
        case "mac_address":
            return (0...2).map { s(macText(&rng, form: $0)) }
        default:
            fatalError("no samples for \(rule)")
        }
    }

    /// One sample of any rule, in any of its formats.
    static func any(_ rng: inout SplitMix) -> Sample {
        let rule = rng.pick(rules)
        return rng.pick(formats(rule, &rng))
    }
}
