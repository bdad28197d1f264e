import SluiceTestSupport

/// A second, held-out labelled corpus for the personal-data rules (`person_name`, `address`,
/// `date_of_birth`), written independently of the corpus the detectors were tuned on.
///
/// Each line is a JSON object: a message or payload built from a template (support tickets,
/// chat transcripts, CRM/EHR/e-commerce payloads, LLM prompts, tool calls, HTTP dumps, URLs,
/// tracebacks, JSON inside strings), plus decoy fields. A fifth of the lines write every
/// non-ASCII character as a `\u` escape. Placeholders in templates: `⟨N⟩` full name, `⟨NU⟩`
/// upper-case full name, `⟨NURL⟩` URL-encoded full name, `⟨G⟩` given name, `⟨S⟩` surname,
/// `⟨A⟩` / `⟨A:DE,AT⟩` address, `⟨AML⟩` multi-line address, `⟨SA⟩` / `⟨SAF⟩` structured
/// address (street line labelled), `⟨D⟩` / `⟨D:fr⟩` date of birth, `⟨X⟩` / `⟨X:kind⟩` decoy,
/// `⟨M⟩` the wrapped message.
struct HeldOutPersonalDataCorpus {
    struct Piece { var rule: String; var text: String; var tag: String }
    struct Decoy { var kind: String; var text: String }
    struct Line {
        var text: String
        var pii: [Piece]
        var decoys: [Decoy]
        var context: String
        var escaped: Bool
        /// Masks tolerated beyond the labelled pieces: the city and postcode fields of a
        /// structured address (neither required nor counted as false positives).
        var tolerated: [String: Int]
    }

    var rng: SplitMix
    var tolerated: [String: Int] = [:]
    init(seed: UInt64) { rng = SplitMix(seed: seed) }

    mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
    mutating func pick<T>(_ a: [T]) -> T { a[int(0...(a.count - 1))] }

    mutating func line() -> Line {
        var pii: [Piece] = [], decoys: [Decoy] = []
        tolerated = [:]
        var fragments: [String] = []
        var context = "decoy-only"
        let ts = "2026-03-\(Self.two(int(1...28)))T\(Self.two(int(0...23))):\(Self.two(int(0...59))):\(Self.two(int(0...59))).\(int(100...999))Z"
        let textCount = Self.textTemplates.count, jsonCount = Self.jsonTemplates.count
        if int(0...99) < 78 {
            let k = int(0...(textCount + jsonCount - 1))
            if k < textCount {
                let (tag, body) = Self.textTemplates[k]
                fragments.append(wrap(expand(body, json: false, tag: tag, &pii, &decoys), &context, &pii, &decoys))
            } else {
                let (tag, body) = Self.jsonTemplates[k - textCount]
                context = "json-payload"
                fragments.append(expand(body, json: true, tag: tag, &pii, &decoys))
            }
        } else {
            fragments.append(wrap(expand(pick(Self.decoyTemplates), json: false, tag: "decoy", &pii, &decoys), &context, &pii, &decoys))
            context = "decoy-only"
        }
        var pools = Self.decoyPools
        for _ in 0..<int(1...3) {
            let pool = pools.remove(at: int(0...(pools.count - 1)))
            let item = pick(pool.items)
            decoys.append(Decoy(kind: pool.kind, text: item))
            fragments.append("\"\(pool.key)\":\(Self.quote(item))")
        }
        var text = "{\"ts\":\"\(ts)\"," + fragments.joined(separator: ",") + "}"
        let escaped = int(0...4) == 0
        if escaped { text = Self.escapeNonASCII(text) }
        return Line(text: text, pii: pii, decoys: decoys, context: context, escaped: escaped, tolerated: tolerated)
    }

    mutating func wrap(_ message: String, _ context: inout String, _ pii: inout [Piece], _ decoys: inout [Decoy]) -> String {
        let (name, body) = pick(Self.wrappers)
        context = name
        let m = name == "tool-args" ? Self.quote("{\"query\":\(Self.quote(message)),\"locale\":\"auto\"}") : Self.quote(message)
        return expand(body, json: true, tag: "wrapper", message: m, &pii, &decoys)
    }

    mutating func expand(_ body: String, json: Bool, tag: String, message: String = "", _ pii: inout [Piece], _ decoys: inout [Decoy]) -> String {
        var out = ""
        var rest = Substring(body)
        while let open = rest.firstIndex(of: "⟨"), let close = rest[open...].firstIndex(of: "⟩") {
            out += rest[..<open]
            let parts = rest[rest.index(after: open)..<close].split(separator: ":", maxSplits: 1).map(String.init)
            rest = rest[rest.index(after: close)...]
            let arg = parts.count > 1 ? parts[1] : ""
            var rule = "person_name", value = ""
            switch parts[0] {
            case "M": out += message; continue
            case "SA", "SAF":
                let a = pick(Self.structured)
                pii.append(Piece(rule: "address", text: a.line1, tag: tag))
                tolerated["address", default: 0] += 2
                out += parts[0] == "SA"
                    ? "\"line1\":\(Self.quote(a.line1)),\"city\":\(Self.quote(a.city)),\"postal_code\":\(Self.quote(a.postcode))"
                    : "\"line\":[\(Self.quote(a.line1))],\"city\":\(Self.quote(a.city)),\"postalCode\":\(Self.quote(a.postcode))"
                continue
            case "N": value = pick(Self.fullNames)
            case "NU": value = pick(Self.fullNames).uppercased()
            case "NURL": value = Self.percentEncoded(pick(Self.fullNames), plus: int(0...1) == 0)
            case "G": value = pick(Self.givenNames)
            case "S": value = pick(Self.surnames)
            case "A":
                let allowed = arg.split(separator: ",").map(String.init)
                value = pick(Self.addresses.filter { allowed.isEmpty || allowed.contains($0.cc) }).text
                rule = "address"
            case "AML": value = pick(Self.multiLineAddresses); rule = "address"
            case "D": value = dob(arg.isEmpty ? "en" : arg); rule = "date_of_birth"
            case "X":
                let pool = arg.isEmpty ? pick(Self.decoyPools) : Self.decoyPools.first { $0.kind == arg }!
                value = pick(pool.items)
                decoys.append(Decoy(kind: pool.kind, text: value))
                out += json ? Self.escape(value) : value
                continue
            default: fatalError("unknown placeholder \(parts[0])")
            }
            pii.append(Piece(rule: rule, text: value, tag: tag))
            out += json ? Self.escape(value) : value
        }
        return out + rest
    }

    mutating func dob(_ style: String) -> String {
        let y = int(1931...2008), m = int(1...12), d = int(1...28)
        let dd = Self.two(d), mm = Self.two(m)
        func month(_ lang: String) -> String { Self.months.first { $0.0 == lang }!.1[m - 1] }
        switch style {
        case "iso", "sv": return "\(y)-\(mm)-\(dd)"
        case "compact": return "\(y)\(mm)\(dd)"
        case "fr": return "\(d == 1 ? "1er" : "\(d)") \(month("fr")) \(y)"
        case "de": return int(0...1) == 0 ? "\(d). \(month("de")) \(y)" : "\(dd).\(mm).\(y)"
        case "es": return "\(d) de \(month("es")) de \(y)"
        case "pt": return int(0...1) == 0 ? "\(d) de \(month("pt")) de \(y)" : "\(dd)/\(mm)/\(y)"
        case "it": return "\(d) \(month("it")) \(y)"
        case "nl": return "\(d) \(month("nl")) \(y)"
        case "pl": return int(0...1) == 0 ? "\(d) \(month("pl")) \(y)" : "\(dd).\(mm).\(y)"
        case "tr": return "\(d) \(month("tr")) \(y)"
        case "hu": return int(0...1) == 0 ? "\(y). \(month("hu")) \(d)." : "\(y).\(mm).\(dd)."
        case "el": return "\(d) \(month("el")) \(y)"
        case "ja": return "\(y)年\(m)月\(d)日"
        case "fi": return "\(d).\(m).\(y)"
        case "cs": return "\(d). \(m). \(y)"
        default:
            let en = month("en"), short = String(en.prefix(3))
            let suffix = (11...13).contains(d) ? "th" : [1: "st", 2: "nd", 3: "rd"][d % 10] ?? "th"
            switch int(0...11) {
            case 0: return "\(dd)/\(mm)/\(y)"
            case 1: return "\(mm)/\(dd)/\(y)"
            case 2: return "\(dd).\(mm).\(y)"
            case 3: return "\(en) \(d), \(y)"
            case 4: return "\(d) \(en) \(y)"
            case 5: return "\(d)\(suffix) of \(en) \(y)"
            case 6: return "\(short) \(d) \(y)"
            case 7: return "\(dd)-\(short.uppercased())-\(y)"
            case 8: return "\(y)/\(mm)/\(dd)"
            case 9: return "\(m)/\(d)/\(Self.two(y % 100))"
            case 10: return "\(d)\(suffix) \(en) \(y)"
            default: return "\(y)-\(mm)-\(dd)"
            }
        }
    }

    // MARK: Text helpers

    static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

    /// The body of a JSON string literal for `s` (no quotes).
    static func escape(_ s: String) -> String { JSONStringLiteral.body(s) }


    static func quote(_ s: String) -> String { "\"" + escape(s) + "\"" }

    static func two16(_ v: UInt32) -> String {
        let h = String(v, radix: 16)
        return h.count < 2 ? "0" + h : h
    }

    static func escapeNonASCII(_ s: String) -> String {
        var r = ""
        for u in s.unicodeScalars {
            if u.value < 0x80 { r.unicodeScalars.append(u); continue }
            let units: [UInt16] = u.value <= 0xFFFF ? [UInt16(u.value)]
                : [UInt16(0xD800 + ((u.value - 0x10000) >> 10)), UInt16(0xDC00 + ((u.value - 0x10000) & 0x3FF))]
            for unit in units {
                let h = String(unit, radix: 16)
                r += "\\u" + String(repeating: "0", count: 4 - h.count) + h
            }
        }
        return r
    }

    /// Decodes `\uXXXX` escapes (and surrogate pairs) in JSON text; other escapes are kept,
    /// or turned into a space when `plain`.
    static func unescape(_ s: String, plain: Bool = false) -> String {
        let u = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        func hex4(_ at: Int) -> UInt32? {
            at + 3 < u.count ? UInt32(String(String.UnicodeScalarView(u[at...(at + 3)])), radix: 16) : nil
        }
        var i = 0
        while i < u.count {
            guard u[i] == "\\", i + 1 < u.count else { out.append(u[i]); i += 1; continue }
            if u[i + 1] == "u", let v = hex4(i + 2) {
                var value = v, step = 6
                if (0xD800..<0xDC00).contains(v), i + 7 < u.count, u[i + 6] == "\\", u[i + 7] == "u", let lo = hex4(i + 8) {
                    value = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
                    step = 12
                }
                if let scalar = Unicode.Scalar(value) { out.append(scalar); i += step; continue }
            }
            if plain { out.append(" ") } else { out.append(u[i]); out.append(u[i + 1]) }
            i += 2
        }
        return String(out)
    }

    /// Words of three or more letters/digits, counted.
    static func tokens(_ s: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for word in s.split(whereSeparator: { !($0.isLetter || $0.isNumber) }) where word.count >= 3 {
            counts[String(word), default: 0] += 1
        }
        return counts
    }

    static func percentEncoded(_ s: String, plus: Bool) -> String {
        var r = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                r.unicodeScalars.append(Unicode.Scalar(b))
            case UInt8(ascii: " ") where plus: r += "+"
            default: r += "%" + two16(UInt32(b)).uppercased()
            }
        }
        return r
    }

    // MARK: Data

    static let fullNames = [
        "Aroha Ngata", "Wiremu Te Awa", "Hēmi Parata", "Ngaio Tawhiri", "Mereana Kereama",
        "Szabó Erzsébet", "Kovács Gábor", "Zsófia Horváth", "Bence Tóth-Varga",
        "Ayşe Yılmaz", "Mehmet Öztürk", "Elif Çelik", "Emre Doğanay",
        "Eleftheria Papadopoulou", "Konstantinos Georgiou", "Dimitris Karagiannis",
        "Maria Luz Dela Cruz", "Jomar Bautista", "Rowena Macaraeg", "Ma. Cristina Villanueva",
        "Somchai Wongsawat", "Nattaya Srisuk", "Kittipong Chaiyaporn", "Pimchanok Rattanasiri",
        "Abebe Bekele Tesfaye", "Meseret Alemu", "Tigist Haile", "Yohannes Gebremariam",
        "Parisa Hosseini", "Dariush Rahimzadeh", "Shirin Kazemi", "Kourosh Jafari",
        "Yael Ben-David", "Avraham Mizrahi", "Noa Shapira", "Itzhak Peretz",
        "Jiří Dvořák", "Markéta Nováková", "Václav Procházka", "Zdeňka Černá",
        "Aino Virtanen", "Juha Mäkinen", "Tuulikki Järvinen", "Eero Heikkilä",
        "Siobhán Ní Bhriain", "Pádraig Ó Súilleabháin", "Chukwuemeka Okafor", "Ngozi Adeyemi",
        "Nguyễn Thị Hoa", "Trần Văn Minh", "Haruto Takahashi", "Sakura Yamamoto",
        "Venkataraman Subramaniam", "Priyanka Chaturvedi", "Abdulrahman Al-Qahtani", "Fatima Zahra El Amrani",
        "María José Fernández García", "João Pedro Gonçalves", "Małgorzata Wiśniewska", "Grzegorz Brzęczyszczykiewicz",
        "Jan-Willem van der Berg", "Sanne de Vries", "Hannelore Schäfer", "Yekaterina Smirnova",
        "Tupou Faleolo", "Keoni Kahananui", "Kayleigh O'Donnell", "Bartholomew Finch",
        "Thandiwe Mthembu", "Oluwaseun Adebayo-Smith", "Björn Lindqvist", "Ximena Huerta Cisneros",
    ]
    static let givenNames = [
        "Aroha", "Wiremu", "Zsófia", "Bence", "Ayşe", "Emre", "Eleftheria", "Dimitris", "Rowena", "Jomar",
        "Nattaya", "Somchai", "Tigist", "Abebe", "Parisa", "Kourosh", "Yael", "Itzhak", "Markéta", "Jiří",
        "Aino", "Eero", "Siobhán", "Ngozi", "Chukwuemeka", "Haruto", "Thandiwe", "Oluwaseun", "Kayleigh", "Ximena",
    ]
    static let surnames = [
        "Öztürk", "Gebremariam", "Karagiannis", "Villanueva", "Ní Bhriain", "Wongsawat", "Hosseini", "Mizrahi",
        "Procházka", "Järvinen", "Te Awa", "Horváth", "Okafor", "Nakamura", "Papadopoulou", "Kowalczyk",
        "Van den Broeck", "da Silva", "Ó Súilleabháin", "Ramírez", "Lindqvist", "Rahimzadeh", "Tesfaye",
        "Macaraeg", "Chaiyaporn", "Nováková", "Heikkilä", "Faleolo", "Adeyemi", "Brzęczyszczykiewicz",
    ]
    static let addresses: [(cc: String, text: String)] = [
        ("US", "1427 Maple Crest Drive, Apt 3B, Boise, ID 83704"), ("US", "88 W 12th St, New York, NY 10011"),
        ("US", "PO Box 4471, Tulsa, OK 74159"), ("US", "5120 Old Cedar Hollow Rd, Chattanooga, TN 37416"),
        ("UK", "Flat 2, 17 Cranbourne Road, Leeds LS6 2AB"), ("UK", "The Old Rectory, Church Lane, Little Snoring, Norfolk NR21 0AA"),
        ("IE", "Apartment 12, Harbour View, Strand Road, Bray, Co. Wicklow, A98 X2Y4"), ("IE", "14 Gleann na Rí, Galway H91 E2W7"),
        ("AU", "Unit 5/22 Wattle Street, Fremantle WA 6160"), ("AU", "3 Banksia Ct, Toowoomba QLD 4350"),
        ("NZ", "42 Kowhai Road, Mairangi Bay, Auckland 0630"), ("NZ", "7 Rimu Street, Riccarton, Christchurch 8041"),
        ("CA", "2310 rue Sainte-Catherine O, Montréal QC H3H 1M8"), ("CA", "55 Birchmount Rd, Scarborough, ON M1N 3J3"),
        ("DE", "Lindenstraße 47, 10969 Berlin"), ("DE", "Am Hang 3a, 79104 Freiburg im Breisgau"),
        ("AT", "Mariahilfer Straße 101/4/12, 1060 Wien"), ("CH", "Bahnhofstrasse 21, 8001 Zürich"),
        ("CH", "Chemin des Pâquerettes 9, 1004 Lausanne"), ("FR", "12 bis rue des Lilas, 75019 Paris"),
        ("FR", "Résidence Les Pins, Bât. C, 4 allée Jean Moulin, 13008 Marseille"), ("BE", "Kerkstraat 118 bus 3, 2060 Antwerpen"),
        ("BE", "Avenue Louise 231, 1050 Ixelles"), ("NL", "Prinsengracht 263-1, 1016 GV Amsterdam"),
        ("NL", "Oudegracht 88, 3511 AV Utrecht"), ("ES", "Calle de Alcalá 134, 3º izq., 28009 Madrid"),
        ("ES", "C/ Mallorca 401, 08013 Barcelona"), ("PT", "Rua Augusta 27, 2º Esq., 1100-048 Lisboa"),
        ("IT", "Via dei Coronari 112, 00186 Roma RM"), ("IT", "Corso Buenos Aires 33, 20124 Milano"),
        ("PL", "ul. Marszałkowska 84/92 m. 15, 00-514 Warszawa"), ("SE", "Drottninggatan 53, 111 21 Stockholm"),
        ("BR", "Rua Oscar Freire 1200, apto 84, Jardim Paulista, São Paulo - SP, 01426-001"),
        ("BR", "Av. Atlântica 2000, Copacabana, Rio de Janeiro - RJ, 22021-001"),
        ("MX", "Av. Insurgentes Sur 1605, Col. San José Insurgentes, 03900 Ciudad de México, CDMX"),
        ("IN", "Flat 302, Sai Krupa Apartments, 14th Cross, Indiranagar, Bengaluru, Karnataka 560038"),
        ("IN", "House No. 221, Sector 15A, Noida, Uttar Pradesh 201301"),
        ("JP", "4-2-8 Shibakoen, Minato-ku, Tokyo 105-0011"), ("JP", "Sakura Mansion 302, 1-12-3 Nishishinjuku, Shinjuku-ku, Tokyo 160-0023"),
    ]
    static let multiLineAddresses = [
        "Flat 4\n22 Ashgrove Terrace\nGlasgow G12 8QQ", "1601 Larkspur Lane\nSuite 210\nDenver, CO 80206",
        "Hauptstraße 12\n3. OG\n69117 Heidelberg", "18 Pōhutukawa Place\nPapamoa 3118\nNew Zealand",
        "Ul. Floriańska 9/4\n31-019 Kraków", "12 Rue Nationale\n59000 Lille\nFrance",
    ]
    static let structured: [(line1: String, city: String, postcode: String)] = [
        ("221 Wairere Drive", "Hamilton", "3210"), ("Unit 9, 14 Quarry Road", "Ballarat", "3350"),
        ("Kungsgatan 12", "Göteborg", "411 19"), ("ul. Długa 7/3", "Gdańsk", "80-827"), ("Rua das Flores 58", "Porto", "4050-262"),
        ("Carrer de Verdi 32", "Barcelona", "08012"), ("Bosweg 14", "Eindhoven", "5615 AB"),
        ("2-14-5 Tenjin, Chuo-ku", "Fukuoka", "810-0001"), ("1187 Rue Principale", "Sherbrooke", "J1H 1A1"),
        ("36 Quay Street", "Auckland", "1010"), ("9 Kálvin tér", "Budapest", "1091"), ("Vinohradská 1511/230", "Praha", "100 00"),
    ]
    static let months: [(String, [String])] = [
        ("en", ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]),
        ("fr", ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]),
        ("de", ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]),
        ("es", ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"]),
        ("pt", ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"]),
        ("it", ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"]),
        ("nl", ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]),
        ("pl", ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia"]),
        ("tr", ["Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım", "Aralık"]),
        ("hu", ["január", "február", "március", "április", "május", "június", "július", "augusztus", "szeptember", "október", "november", "december"]),
        ("el", ["Ιανουαρίου", "Φεβρουαρίου", "Μαρτίου", "Απριλίου", "Μαΐου", "Ιουνίου", "Ιουλίου", "Αυγούστου", "Σεπτεμβρίου", "Οκτωβρίου", "Νοεμβρίου", "Δεκεμβρίου"]),
    ]

    static let decoyPools: [(kind: String, key: String, items: [String])] = [
        ("model", "model", ["Claude Opus 4.1", "Claude Sonnet 4", "Gemini Pro", "Gemini 2.5 Flash", "Llama Guard 3 8B", "Phi-3 Mini",
                            "Mistral Large 2", "Command R+", "Qwen2.5-Coder-32B", "DeepSeek-R1", "GPT-4o mini", "Whisper large-v3"]),
        ("hardware", "accelerator", ["Grace Blackwell GB200 NVL72", "NVIDIA H100 80GB HBM3", "A100-SXM4-40GB", "GeForce RTX 4090",
                                     "Grace Hopper GH200", "Ada Lovelace L40S", "AMD Instinct MI300X", "TPU v5e", "Jetson Orin Nano"]),
        ("span", "span", ["tool.search_customer_records", "span:retrieval.rerank", "logger=app.crm.contact_sync", "openai.chat.completions.create",
                          "langchain.agents.AgentExecutor", "fn:get_shipping_address", "validate_date_of_birth", "PersonNameResolver.resolve",
                          "PatientRecordService.fetch", "llm.call[claude-opus-4-1]"]),
        ("service", "service", ["billing-api", "address-normalizer", "user-profile-svc", "kyc-gateway", "ehr-bridge", "checkout-worker-7f9c",
                                "names-dedupe-job", "dob-verification-lambda"]),
        ("region", "region", ["us-east-1 (N. Virginia)", "Frankfurt region", "eu-west-2 (London)", "ap-northeast-1 (Tokyo)", "sa-east-1 (São Paulo)",
                              "Sydney edge PoP", "westeurope (Amsterdam)", "ap-south-1 (Mumbai)", "Zurich data centre"]),
        ("date", "release_note", ["released 2024-06-20", "GA since March 14, 2025", "knowledge cutoff April 2024", "deprecated on 2025-01-31",
                                  "2026-11-24T08:13:02.118Z", "Tue, 24 Nov 2026 08:13:02 GMT", "cert expires 03/14/2027",
                                  "invoice date 14.03.2026", "next review 1 July 2026"]),
        ("version", "version", ["v2.14.3", "build 1987.03.14", "sluice/0.9.1", "python 3.12.4", "node v20.11.1", "CUDA 12.4",
                                "chart 4.1.0-rc.2", "API 2023-06-01"]),
        ("number", "stat", ["took 1987 ms", "p99 14.3 s", "retry in 30s", "input_tokens=14031", "batch of 512", "ttl 86400", "$1,427.00",
                            "€88.50", "3 × £12.99", "60 req/min", "1,204 rows", "0.92 F1"]),
        ("path", "file", ["/home/runner/work/crm/src/address_parser.py", "/var/lib/sluice/state/names.db",
                          "C:\\Users\\build\\AppData\\Local\\Temp\\dob_cache.tmp", "s3://exports/2026/11/customers_full_name.parquet",
                          "/srv/app/templates/dear_customer.html"]),
        ("exception", "error", ["KeyError: 'date_of_birth'", "AttributeError: 'NoneType' object has no attribute 'full_name'",
                                "ValueError: time data '1990-02-31' does not match format '%Y-%m-%d'",
                                "TypeError: Address.__init__() missing 1 required positional argument: 'postcode'",
                                "asyncio.exceptions.CancelledError", "pydantic_core.ValidationError: 1 validation error for Person"]),
        ("http", "status", ["HTTP/1.1 451 Unavailable For Legal Reasons", "429 Too Many Requests", "502 Bad Gateway", "HTTP/2 418 I'm a teapot",
                            "304 Not Modified", "407 Proxy Authentication Required"]),
        ("company", "vendor", ["Johnson & Johnson", "Morgan Stanley", "Procter & Gamble", "Ernst & Young", "Marks & Spencer", "Goldman Sachs",
                               "Dr. Oetker", "Mr Porter", "Hewlett Packard Enterprise", "Ben & Jerry's", "Rolls-Royce", "Charles Schwab",
                               "Wells Fargo", "Lloyds Banking Group"]),
        ("phrase", "note", ["merged into the main street of the codebase", "there are 3 ways to fix this", "mapped the share to drive letter D",
                            "Dear Sir or Madam", "I am done", "this is Grafana", "I'm Claude, an AI assistant made by Anthropic",
                            "Hi, this is the on-call bot", "speaking with the billing agent now", "Regards, the Platform Team", "patient: stable",
                            "I'm sorry, I can't help with that", "Hello World", "park this branch until Monday", "Lane 3 of the build matrix failed",
                            "Baker Street dashboard is down", "name: string (required)", "date_of_birth: date | None", "Dear Customer",
                            "I'm on it", "this is fine", "Way too slow on cold start"]),
    ]

    static let wrappers: [(String, String)] = [
        ("msg", #""level":"info","logger":"support.inbox","msg":⟨M⟩"#),
        ("llm-prompt", #""event":"llm.request","model":"⟨X:model⟩","messages":[{"role":"system","content":"You are a helpful customer support assistant."},{"role":"user","content":⟨M⟩}]"#),
        ("tool-args", #""event":"tool_call","tool_calls":[{"id":"call_8f2","type":"function","function":{"name":"create_ticket","arguments":⟨M⟩}}]"#),
        ("transcript", #""call_id":"c-55120","transcript":[{"speaker":"agent","text":"Thanks for calling, how can I help?"},{"speaker":"caller","text":⟨M⟩}]"#),
        ("ticket", #""ticket":{"id":48211,"channel":"email","subject":"Re: your order","body":⟨M⟩}"#),
        ("otel", #""attributes":{"gen_ai.system":"anthropic","gen_ai.prompt.0.content":⟨M⟩}"#),
    ]

    static let textTemplates: [(String, String)] = [
        ("name:cue-en", "Hi there, my name is ⟨N⟩ and I can't log in since the ⟨X⟩ rollout."),
        ("name:cue-en", "I'm ⟨N⟩, the account owner. Please cancel order 88213."),
        ("name:cue-en", "hey, I'm ⟨G⟩ — the invoice still shows the old company name"),
        ("name:cue-en", "Dear ⟨N⟩,\n\nYour refund has been processed and should arrive within 5 business days."),
        ("name:cue-en", "Hello, this is ⟨N⟩ calling from the Wellington office about invoice 4471."),
        ("name:cue-en", "Agent is speaking with ⟨N⟩ regarding a failed card payment."),
        ("name:cue-en", "Thanks for the quick turnaround.\n\nSigned,\n⟨N⟩"),
        ("name:cue-en", "Please find the signed form attached.\n\nKind regards,\n⟨N⟩\nHead of Procurement"),
        ("name:cue-en", "Best regards, ⟨N⟩"),
        ("name:cue-en", "Cheers,\n⟨G⟩"),
        ("name:cue-en", "Customer name: ⟨N⟩. Issue: duplicate charge of ⟨X:number⟩."),
        ("name:cue-en", "Full name on the booking is ⟨N⟩, please fix the spelling."),
        ("name:cue-en", "From: ⟨N⟩\nSubject: Re: parcel still missing"),
        ("name:cue-en", "patient: ⟨N⟩; bed 14; NEWS2 score 5"),
        ("name:cue-en", "Patient: ⟨N⟩ | triage: amber | routed via ⟨X:service⟩"),
        ("name:title", "Dear Mr ⟨S⟩, thank you for contacting support."),
        ("name:title", "Appointment confirmed for Mrs ⟨S⟩ with Dr ⟨S⟩ on Tuesday at 09:30."),
        ("name:title", "Prof. ⟨S⟩ will present the evaluation of ⟨X:model⟩; slides by ⟨N⟩."),
        ("name:title", "Ms ⟨S⟩ asked to be called back after 5pm."),
        ("name:title", "Referred by Dr. ⟨N⟩ (cardiology)."),
        ("name:cue-intl", "Bonjour, je m'appelle ⟨N⟩ et je voudrais modifier ma réservation."),
        ("name:cue-intl", "Hola, me llamo ⟨N⟩ y mi pedido no ha llegado."),
        ("name:cue-intl", "Guten Tag, ich heiße ⟨N⟩ und habe eine Frage zu meiner Rechnung."),
        ("name:cue-intl", "Olá, o meu nome é ⟨N⟩, preciso de ajuda com a fatura."),
        ("name:cue-intl", "Buongiorno, mi chiamo ⟨N⟩ e vorrei annullare l'abbonamento."),
        ("name:cue-intl", "Dzień dobry, nazywam się ⟨N⟩."),
        ("name:cue-intl", "Hallo, mijn naam is ⟨N⟩ en mijn pakket is beschadigd."),
        ("name:cue-intl", "Merhaba, benim adım ⟨N⟩, siparişim nerede?"),
        ("name:cue-intl", "Hei, nimeni on ⟨N⟩ ja tarvitsen apua."),
        ("name:cue-intl", "Sehr geehrte Frau ⟨S⟩, vielen Dank für Ihre Nachricht."),
        ("name:cue-intl", "Vielen Dank.\n\nMit freundlichen Grüßen\n⟨N⟩"),
        ("name:cue-intl", "Merci d'avance.\nCordialement,\n⟨N⟩"),
        ("name:cue-intl", "Jmenuji se ⟨N⟩ a mám dotaz k objednávce."),
        ("name:cue-intl", "Kedves ⟨N⟩! Köszönjük a rendelését."),
        ("name:no-cue", "⟨N⟩ approved the change request at 14:02 UTC."),
        ("name:no-cue", "Forwarded to ⟨N⟩ and ⟨N⟩ for review."),
        ("name:no-cue", "Escalated by ⟨N⟩ after ⟨X:http⟩ from the payment gateway."),
        ("name:no-cue", "Call summary: ⟨G⟩ said the courier never arrived and wants a refund."),
        ("name:no-cue", "ok thanks ⟨G⟩! talk tomorrow"),
        ("name:no-cue", "cc ⟨N⟩, ⟨N⟩"),
        ("name:no-cue", "Meeting notes: attendees ⟨N⟩, ⟨N⟩, ⟨N⟩. Decision: ship ⟨X:version⟩."),
        ("name:no-cue", "Summarise the complaint from ⟨N⟩ in two sentences."),
        ("name:no-cue", "Reassigned ticket 4471 from ⟨N⟩ to ⟨N⟩."),
        ("name:no-cue", "⟨N⟩ (she/her) joined the call late."),
        ("name:no-cue", "Draft a reply to ⟨N⟩ apologising for the delay."),
        ("name:no-cue", "Speaker 2 (⟨N⟩): yeah, the install failed again on ⟨X:hardware⟩."),
        ("addr:cue-en", "Please ship to ⟨A⟩."),
        ("addr:cue-en", "I live at ⟨A⟩ and the driver keeps going to the wrong house."),
        ("addr:cue-en", "My address is ⟨A⟩, can you update it on my profile?"),
        ("addr:cue-en", "Delivery address: ⟨A⟩"),
        ("addr:cue-en", "I've moved, new address is ⟨A⟩"),
        ("addr:cue-en", "Send the replacement unit to ⟨A⟩ please"),
        ("addr:cue-en", "Billing address on file: ⟨A⟩; shipping is the same."),
        ("addr:cue-en", "Shipping address (romaji): ⟨A:JP⟩"),
        ("addr:cue-en", "Deliver to: ⟨A:IN⟩ (landmark: opposite the temple)"),
        ("addr:multiline", "Please send it to:\n⟨N⟩\n⟨AML⟩"),
        ("addr:multiline", "Return label for:\n⟨AML⟩\nThanks!"),
        ("addr:no-cue", "Geocoding failed for '⟨A⟩': ZERO_RESULTS"),
        ("addr:no-cue", "Courier left the parcel at ⟨A⟩ at 10:42 (photo on file)."),
        ("addr:no-cue", "Technician dispatched to ⟨A⟩, ETA 40 min."),
        ("addr:no-cue", "Rewrite this in the local postal format: ⟨A⟩"),
        ("addr:no-cue", "Is ⟨A⟩ inside the delivery zone?"),
        ("addr:cue-intl", "Adresse: ⟨A:DE,AT,CH⟩"),
        ("addr:cue-intl", "Meine Anschrift lautet ⟨A:DE,AT,CH⟩."),
        ("addr:cue-intl", "Adresse de livraison : ⟨A:FR,BE,CH⟩"),
        ("addr:cue-intl", "J'habite au ⟨A:FR⟩ depuis mars."),
        ("addr:cue-intl", "Domicilio: ⟨A:ES,MX⟩"),
        ("addr:cue-intl", "Vivo en ⟨A:ES,MX⟩ y el repartidor no encuentra la casa."),
        ("addr:cue-intl", "Endereço de entrega: ⟨A:BR,PT⟩"),
        ("addr:cue-intl", "Indirizzo di spedizione: ⟨A:IT⟩"),
        ("addr:cue-intl", "Adres dostawy: ⟨A:PL⟩"),
        ("addr:cue-intl", "Leveransadress: ⟨A:SE⟩"),
        ("addr:cue-intl", "Afleveradres: ⟨A:NL,BE⟩"),
        ("dob:cue-en", "Verified caller identity. DOB: ⟨D⟩."),
        ("dob:cue-en", "Patient ⟨N⟩, D.O.B. ⟨D⟩, presents with chest pain."),
        ("dob:cue-en", "My date of birth is ⟨D⟩."),
        ("dob:cue-en", "I was born on ⟨D⟩ in Tampere."),
        ("dob:cue-en", "Applicant (born ⟨D⟩) requested a passport reissue."),
        ("dob:cue-en", "Her birthday is ⟨D⟩ so the age check should pass."),
        ("dob:cue-en", "⟨N⟩ (b. ⟨D⟩) is listed as the primary insured."),
        ("dob:cue-en", "Can you confirm the date of birth on the policy? It should be ⟨D⟩."),
        ("dob:cue-en", "date of birth ⟨D⟩ does not match our records"),
        ("dob:cue-en", "d.o.b ⟨D⟩ / member since 2019"),
        ("dob:cue-en", "Birth date: ⟨D⟩"),
        ("dob:cue-intl", "Née le ⟨D:fr⟩ à Lyon."),
        ("dob:cue-intl", "Date de naissance : ⟨D:fr⟩"),
        ("dob:cue-intl", "Geburtsdatum: ⟨D:de⟩"),
        ("dob:cue-intl", "Frau ⟨S⟩, geb. ⟨D:de⟩ in Graz"),
        ("dob:cue-intl", "Fecha de nacimiento: ⟨D:es⟩"),
        ("dob:cue-intl", "Nací el ⟨D:es⟩ en Guadalajara."),
        ("dob:cue-intl", "Data de nascimento: ⟨D:pt⟩"),
        ("dob:cue-intl", "Data di nascita: ⟨D:it⟩"),
        ("dob:cue-intl", "Sono nata il ⟨D:it⟩ a Bari."),
        ("dob:cue-intl", "Geboortedatum: ⟨D:nl⟩"),
        ("dob:cue-intl", "Data urodzenia: ⟨D:pl⟩"),
        ("dob:cue-intl", "生年月日: ⟨D:ja⟩"),
        ("dob:cue-intl", "Syntymäaika: ⟨D:fi⟩"),
        ("dob:cue-intl", "Datum narození: ⟨D:cs⟩"),
        ("dob:cue-intl", "Doğum tarihi: ⟨D:tr⟩"),
        ("dob:cue-intl", "Születési dátum: ⟨D:hu⟩"),
        ("dob:cue-intl", "Födelsedatum: ⟨D:sv⟩"),
        ("dob:cue-intl", "Ημερομηνία γέννησης: ⟨D:el⟩"),
    ]

    static let jsonTemplates: [(String, String)] = [
        ("name:keyed", #""contact_name":"⟨N⟩","channel":"phone""#),
        ("name:keyed", #""recipient":"⟨N⟩","template":"order_shipped""#),
        ("name:keyed", #""guardian":{"full_name":"⟨N⟩","relationship":"mother","consent":true}"#),
        ("name:keyed", #""owner":{"name":"⟨N⟩","team":"⟨X:service⟩"}"#),
        ("name:keyed", #""participants":[{"name":"⟨N⟩","role":"host"},{"name":"⟨N⟩","role":"guest"}]"#),
        ("name:keyed", #""attendees":["⟨N⟩","⟨N⟩"],"room":"Kauri 2""#),
        ("name:keyed", #""customer":{"first_name":"⟨G⟩","last_name":"⟨S⟩","tier":"gold"}"#),
        ("name:keyed", #""assignee":"⟨N⟩","priority":"P2""#),
        ("name:keyed", #""card":{"cardholder_name":"⟨NU⟩","brand":"visa","last4":"4242"}"#),
        ("name:keyed", #""emergency_contact":{"name":"⟨N⟩","relation":"spouse"}"#),
        ("name:keyed", #""author":{"displayName":"⟨N⟩","bot":false}"#),
        ("name:keyed", #""user":{"given_name":"⟨G⟩","family_name":"⟨S⟩","locale":"fi-FI"}"#),
        ("name:keyed", #""beneficiary":"⟨N⟩","amount":"⟨X:number⟩""#),
        ("name:keyed", #""signatory":"⟨N⟩","signed_at":"2026-02-11T10:00:00Z""#),
        ("fhir", #""resourceType":"Patient","name":[{"use":"official","family":"⟨S⟩","given":["⟨G⟩"]}],"birthDate":"⟨D:iso⟩","gender":"female""#),
        ("fhir", #""resourceType":"Patient","address":[{⟨SAF⟩,"use":"home"}]"#),
        ("header", #""msg":"upstream request dump: POST /v2/tickets HTTP/1.1\r\nHost: support.internal\r\nX-Customer-Name: ⟨N⟩\r\nContent-Type: application/json""#),
        ("header", #""msg":"proxy headers: X-Ship-To: ⟨A⟩\r\nX-Region: ⟨X:region⟩""#),
        ("url", #""http":{"method":"GET","url":"https://crm.internal/api/v1/customers/search?name=⟨NURL⟩&dob=⟨D:iso⟩&limit=20","status":200}"#),
        ("traceback", #""exc_info":"Traceback (most recent call last):\n  File \"/srv/app/records/merge.py\", line 88, in merge\n    raise DuplicatePatient(name, dob)\nrecords.errors.DuplicatePatient: duplicate record for ⟨N⟩ (born ⟨D⟩)""#),
        ("traceback", #""exc_info":"Traceback (most recent call last):\n  File \"/srv/app/shipping/quote.py\", line 212, in quote\n    rate = carrier.rate(addr)\nshipping.errors.UndeliverableAddress: no route to ⟨A⟩""#),
        ("error", #""error":"ValidationError: customer '⟨N⟩' has an invalid postcode in '⟨A⟩'""#),
        ("json-in-string", #""body":"{\"recipient\":\"⟨N⟩\",\"ship_to\":\"⟨A⟩\",\"gift\":true}""#),
        ("json-in-string", #""tool":"update_customer","arguments":"{\"customer_id\":\"cus_N4xQ\",\"full_name\":\"⟨N⟩\",\"date_of_birth\":\"⟨D:iso⟩\"}""#),
        ("json-in-string", #""tool_calls":[{"function":{"name":"create_shipment","arguments":"{\"to\":{\"name\":\"⟨N⟩\",\"address\":\"⟨A⟩\"},\"service\":\"express\"}"}}]"#),
        ("addr:keyed", #""shipping_address":"⟨A⟩""#),
        ("addr:keyed", #""home_address":"⟨A⟩","verified":true"#),
        ("addr:keyed", #""delivery":{"address":"⟨A⟩","window":"10:00-12:00"}"#),
        ("addr:keyed", #""Anschrift":"⟨A:DE,AT,CH⟩""#),
        ("addr:keyed", #""endereco":"⟨A:BR⟩""#),
        ("addr:keyed", #""residence":"⟨A⟩""#),
        ("addr:struct", #""shipping":{"address":{⟨SA⟩,"country":"auto"}}"#),
        ("addr:struct", #""billing_address":{⟨SA⟩}"#),
        ("dob:keyed", #""dob":"⟨D⟩""#),
        ("dob:keyed", #""date_of_birth":"⟨D⟩","age_verified":true"#),
        ("dob:keyed", #""birthDate":"⟨D:iso⟩""#),
        ("dob:keyed", #""patient":{"mrn":"MRN-0048213","birth_date":"⟨D⟩"}"#),
        ("dob:keyed", #""geburtsdatum":"⟨D:de⟩""#),
        ("dob:keyed", #""fecha_nacimiento":"⟨D:es⟩""#),
        ("dob:keyed", #""birthdate":"⟨D:compact⟩""#),
        ("dob:keyed", #""member":{"DOB":"⟨D⟩","plan":"PPO"}"#),
        ("dob:keyed", #""kyc":{"subject":{"dateOfBirth":"⟨D:iso⟩"}}"#),
    ]

    static let decoyTemplates = [
        "Dear Sir or Madam, please find attached the Q3 statement from ⟨X:company⟩.",
        "Routing ⟨X:model⟩ traffic to ⟨X:region⟩ on ⟨X:hardware⟩.",
        "Renewal with ⟨X:company⟩ approved; total ⟨X:number⟩.",
        "⟨X:phrase⟩",
        "⟨X:phrase⟩. ⟨X:phrase⟩",
        "Upstream returned ⟨X:http⟩ after ⟨X:number⟩.",
        "Failed to open ⟨X:path⟩: ⟨X:exception⟩",
        "Benchmark: ⟨X:model⟩ vs ⟨X:model⟩ on ⟨X:hardware⟩, ⟨X:number⟩.",
        "Changelog ⟨X:version⟩, ⟨X:date⟩.",
        "Span ⟨X:span⟩ in ⟨X:service⟩ finished with ⟨X:http⟩.",
        "Analyst note: ⟨X:company⟩ and ⟨X:company⟩ both moved to ⟨X:model⟩.",
    ]
}
