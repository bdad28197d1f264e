import SluiceTestSupport

/// An independent, labelled corpus of AI-workflow log lines for the personal-data rules
/// (`person_name`, `address`, `date_of_birth`), written from what real logs and users'
/// messages contain, not from the detectors.
///
/// Each line is a structlog-like JSON object (timestamp, level, event, trace and span ids,
/// workflow id, model, latency, tokens) with 0–2 labelled pieces (names from many cultures,
/// postal addresses of ten countries, dates of birth in every common format) placed in
/// messages, prompts, completions, chat transcripts, tickets, emails, nested objects, arrays,
/// header text, URLs, Python tracebacks and JSON inside a string field, and 1–3 decoys that
/// must survive byte for byte. A quarter of the lines are written with `ensure_ascii`
/// (non-ASCII as `\u00e9`), as Python's `json.dumps` does by default.
struct PersonalDataCorpus {
    struct Item {
        var rule: String
        /// The piece as plain text (the name itself, the address span, the date itself).
        var label: String
        /// Its words; "whole" recall asks that every one of them is gone.
        var words: [String]
        /// Masks this piece may take without counting as false positives.
        var maxMasks: Int
        /// Optional pieces (a city or country field) may be masked but are not counted for recall.
        var required = true
        var cue: String
        var format: String
        var place = ""
    }

    struct Decoy {
        var kind: String
        var text: String
    }

    struct Line {
        var text: String
        var items: [Item]
        var decoys: [Decoy]
    }

    indirect enum J {
        case s(String), n(String), o([(String, J)]), a([J])
    }

    struct Piece {
        var text: String?
        var place: String?
        var members: [(String, J)] = []
        var items: [Item] = []
    }

    var rng: SplitMix
    var ascii = false

    init(seed: UInt64) { rng = SplitMix(seed: seed) }

    mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(0...(xs.count - 1))] }
    mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }
    mutating func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(int(0...9))) }) }
    mutating func hex(_ n: Int) -> String { String((0..<n).map { _ in Array("0123456789abcdef")[int(0...15)] }) }
    mutating func letters(_ n: Int) -> String { String((0..<n).map { _ in Array("ABDEFGHJLNPQRSTUWXYZ")[int(0...19)] }) }

    // MARK: JSON text

    static func hex4(_ v: UInt32) -> String {
        let h = String(v, radix: 16)
        return String(repeating: "0", count: max(0, 4 - h.count)) + h
    }

    /// The body of a JSON string holding `s`; with `ascii`, non-ASCII as `\uXXXX`.
    static func escape(_ s: String, ascii: Bool) -> String { JSONStringLiteral.body(s, asciiOnly: ascii) }


    /// Every way `s` can appear in a line: raw, `\u`-escaped, and either one inside a JSON string.
    static func forms(_ s: String) -> [String] {
        let plain = escape(s, ascii: false), esc = escape(s, ascii: true)
        var out: [String] = []
        for f in [plain, esc, escape(plain, ascii: false), escape(esc, ascii: false)] where !out.contains(f) { out.append(f) }
        return out
    }

    static func render(_ j: J, ascii: Bool) -> String {
        switch j {
        case .s(let s): return "\"" + escape(s, ascii: ascii) + "\""
        case .n(let n): return n
        case .o(let m): return "{" + m.map { "\"\(escape($0.0, ascii: ascii))\":" + render($0.1, ascii: ascii) }.joined(separator: ",") + "}"
        case .a(let xs): return "[" + xs.map { render($0, ascii: ascii) }.joined(separator: ",") + "]"
        }
    }

    static func formEncode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            if (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45 || b == 46 || b == 95 {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else if b == 32 {
                out += "+"
            } else {
                out += "%" + String(hex4(UInt32(b)).suffix(2)).uppercased()
            }
        }
        return out
    }

    static let particles: Set<String> = ["van", "der", "den", "de", "la", "del", "da", "das", "do", "dos", "di", "von", "le", "du", "des", "Mac", "Ní", "y", "e", "am", "rue", "bis", "-"]

    static func words(_ s: String) -> [String] {
        s.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\n" || $0 == "+" }).map(String.init)
            .filter { $0.count >= 2 && !particles.contains($0) && !($0.count == 2 && $0.hasSuffix(".")) }
    }

    static func item(_ rule: String, _ label: String, cue: String, format: String, maxMasks: Int? = nil, required: Bool = true) -> Item {
        let w = words(label)
        return Item(rule: rule, label: label, words: w, maxMasks: maxMasks ?? max(1, w.count), required: required, cue: cue, format: format)
    }

    // MARK: Names

    struct Culture {
        var tag: String, first: [String], last: [String], order: Int  // 0 given-family, 1 either, 2 family-middle-given
    }

    static let cultures: [Culture] = [
        Culture(tag: "English", first: ["James", "Sarah", "Emily", "Michael", "Olivia", "Daniel", "Hannah", "Thomas", "Jessica", "Matthew", "Grace", "Ryan"], last: ["Johnson", "Whitaker", "Clarke", "Thompson", "Bennett", "Hughes", "Fletcher", "Reed", "Mitchell", "Carter", "Walsh", "Parker-Jones"], order: 0),
        Culture(tag: "Spanish", first: ["José", "María Fernanda", "Alejandro", "Lucía", "Juan Carlos", "Camila", "Diego", "Valentina", "Andrés", "Sofía"], last: ["García", "López", "Ramírez", "Hernández", "de la Cruz", "Rodríguez", "Martínez", "Gómez", "Pérez Ortega", "Núñez"], order: 0),
        Culture(tag: "French", first: ["François", "Zoë", "Amélie", "Étienne", "Camille", "Hélène", "Mathieu", "Inès", "Jean-Luc"], last: ["Dubois", "Lefèvre", "Laurent", "Moreau", "Girard", "Rousseau", "Fontaine", "Béranger", "Lemaître"], order: 0),
        Culture(tag: "German", first: ["Jürgen", "Katrin", "Lukas", "Anna-Lena", "Maximilian", "Ulrike", "Felix", "Jörg"], last: ["Müller", "Schäfer", "Becker", "Hoffmann", "Weiß", "von Richthofen", "Schmidt", "Köhler", "Zimmermann"], order: 0),
        Culture(tag: "Italian", first: ["Giulia", "Alessandro", "Francesca", "Lorenzo", "Chiara", "Matteo", "Niccolò", "Beatrice"], last: ["Rossi", "Bianchi", "Esposito", "Ricci", "Romano", "Colombo", "D'Angelo", "De Luca", "Di Stefano"], order: 0),
        Culture(tag: "Portuguese", first: ["João", "Ana Beatriz", "Gonçalo", "Thiago", "Luíza", "Mariana", "Rodrigo", "Conceição"], last: ["Silva", "Souza", "Pereira", "Oliveira", "Carvalho", "dos Santos", "Gonçalves", "Araújo"], order: 0),
        Culture(tag: "Indian", first: ["Priya", "Rahul", "Ananya", "Arjun", "Sanjay", "Lakshmi", "Vikram", "Deepika", "Aditya"], last: ["Sharma", "Verma", "Iyer", "Reddy", "Gupta", "Narayanan", "Chatterjee", "Patel", "Krishnamurthy"], order: 0),
        Culture(tag: "Chinese", first: ["Wei", "Jing", "Xiaoming", "Yang", "Xin", "Mei", "Hao", "Yuxuan"], last: ["Zhang", "Wang", "Li", "Chen", "Liu", "Zhou", "Huang", "Xu"], order: 1),
        Culture(tag: "Japanese", first: ["Haruto", "Yuki", "Aiko", "Kenji", "Sakura", "Takeshi", "Yui", "Ren"], last: ["Sato", "Tanaka", "Suzuki", "Watanabe", "Yamamoto", "Takahashi", "Kobayashi", "Itō"], order: 1),
        Culture(tag: "Korean", first: ["Min-jun", "Ji-woo", "Seo-yeon", "Hyun-woo", "Ji-hye", "Dong-hyun"], last: ["Kim", "Park", "Lee", "Choi", "Jung", "Kang"], order: 1),
        Culture(tag: "Vietnamese", first: ["An", "Mai", "Tuấn", "Hà", "Linh", "Dũng", "Hùng", "Trang"], last: ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ"], order: 2),
        Culture(tag: "Arabic", first: ["Mohammed", "Fatima", "Omar", "Layla", "Ahmed", "Yousef", "Noura", "Khalid"], last: ["Al-Rashid", "Haddad", "Khalil", "Mansour", "El-Sayed", "Al-Farsi", "Abdullah", "Nasser"], order: 0),
        Culture(tag: "West African", first: ["Chinedu", "Ngozi", "Kwame", "Ama", "Oluwaseun", "Kofi", "Adaeze", "Emeka", "Yaw"], last: ["Okafor", "Adeyemi", "Mensah", "Owusu", "Adebayo", "Boateng", "Okonkwo", "Asante", "Eze"], order: 0),
        Culture(tag: "Russian", first: ["Dmitri", "Anastasia", "Sergei", "Ekaterina", "Alexei", "Natalia", "Yevgeny"], last: ["Ivanov", "Petrova", "Volkov", "Smirnova", "Kuznetsov", "Sokolova", "Popov"], order: 0),
        Culture(tag: "Polish", first: ["Łukasz", "Agnieszka", "Paweł", "Małgorzata", "Krzysztof", "Zofia", "Wojciech"], last: ["Kowalski", "Wiśniewska", "Nowak", "Zielińska", "Wójcik", "Lewandowski", "Kamińska"], order: 0),
        Culture(tag: "Nordic", first: ["Sigrid", "Björn", "Åsa", "Søren", "Ingrid", "Lars", "Freja", "Mikael"], last: ["Johansson", "Lindqvist", "Nilsson", "Madsen", "Halvorsen", "Andersen", "Eriksson", "Søgaard"], order: 0),
        Culture(tag: "Irish", first: ["Siobhán", "Seán", "Aoife", "Niamh", "Ciarán", "Darragh", "Orla"], last: ["O'Brien", "Murphy", "Ní Bhriain", "O'Sullivan", "Mac Cárthaigh", "Kavanagh", "O'Neill"], order: 0),
        Culture(tag: "Dutch", first: ["Pieter", "Sanne", "Daan", "Femke", "Joost", "Maartje"], last: ["van der Berg", "de Vries", "van Dijk", "Bakker", "Jansen", "de Jong", "van den Heuvel"], order: 0),
    ]

    struct Name { var first: String, last: String, full: String, culture: String }

    mutating func name() -> Name {
        let c = pick(Self.cultures)
        let f = pick(c.first), l = pick(c.last)
        var full = "\(f) \(l)"
        if c.order == 2 { full = "\(l) \(pick(["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc"])) \(f)" }
        if c.order == 1 && chance(50) { full = "\(l) \(f)" }
        if c.tag == "English" && chance(10) { full = "\(f) \(pick(["A.", "J.", "M.", "R."])) \(l)" }
        return Name(first: f, last: l, full: full, culture: c.tag)
    }

    mutating func namePiece() -> Piece {
        let n = name(), n2 = name()
        var p = Piece()
        func it(_ label: String, _ cue: String, _ extra: Int = 0) -> Item {
            var i = Self.item("person_name", label, cue: cue, format: n.culture)
            i.maxMasks += extra
            return i
        }
        let title = pick(["Mr.", "Mr", "Mrs", "Mrs.", "Ms.", "Ms", "Dr.", "Dr"])
        switch int(0...32) {
        case 0:
            let k = pick(["full_name", "customer_name", "contact_name", "display_name", "account_holder", "name", "patient_name", "contact", "reviewed_by", "assignee"])
            p.members = [(k, .s(n.full))]; p.items = [it(n.full, "key:\(k)")]
        case 1: p.members = [("user", .o([("id", .s("u-\(digits(6))")), ("name", .s(n.full))]))]; p.items = [it(n.full, "key:user.name")]
        case 2: p.members = [("user", .o([("full_name", .s(n.full)), ("plan", .s("pro"))]))]; p.items = [it(n.full, "key:user.full_name")]
        case 3: p.members = [("customer", .o([("id", .s("cus_\(hex(14))")), ("name", .s(n.full)), ("tier", .s("gold"))]))]; p.items = [it(n.full, "key:customer.name")]
        case 4: p.members = [("patient", .o([("name", .s(n.full)), ("mrn", .s("MRN-\(digits(7))"))]))]; p.items = [it(n.full, "key:patient.name")]
        case 5:
            p.members = [("contact", .o([("firstName", .s(n.first)), ("lastName", .s(n.last)), ("locale", .s("en-GB"))]))]
            p.items = [it(n.first, "key:firstName"), it(n.last, "key:lastName")]
        case 6:
            p.members = [("applicant", .o([("first_name", .s(n.first)), ("last_name", .s(n.last)), ("status", .s("pending"))]))]
            p.items = [it(n.first, "key:first_name"), it(n.last, "key:last_name")]
        case 7:
            p.members = [("document", .o([("title", .s("Q3 vendor review")), ("authors", .a([.s(n.full), .s(n2.full)])), ("pages", .n("14"))]))]
            p.items = [it(n.full, "key:authors[]"), Self.item("person_name", n2.full, cue: "key:authors[]", format: n2.culture)]
        case 8: p.members = [("cardholder_name", .s(n.full.uppercased()))]; p.items = [it(n.full.uppercased(), "key:cardholder_name (upper case)")]
        case 9: p.members = [("headers", .o([("x-request-id", .s(hex(16))), ("x-user-name", .s(n.full))]))]; p.items = [it(n.full, "key:headers.x-user-name")]
        case 10:
            let args = Self.render(.o([("full_name", .s(n.full)), ("include_orders", .n("true"))]), ascii: ascii)
            p.members = [("tool_call", .o([("name", .s("lookup_customer")), ("arguments", .s(args))]))]; p.items = [it(n.full, "json-in-string:full_name")]
        case 11:
            let body = Self.render(.o([("customer", .o([("name", .s(n.full)), ("email_verified", .n("false"))]))]), ascii: ascii)
            p.members = [("payload", .s(body))]; p.items = [it(n.full, "json-in-string:customer.name")]
        case 12: p.members = [("recipient", .o([("name", .s(n.full)), ("channel", .s("email"))]))]; p.items = [it(n.full, "key:recipient.name")]
        case 13: p.text = "Hi, my name is \(n.full) and I need to change the delivery date for my order."; p.items = [it(n.full, "my name is")]
        case 14: p.text = "My name is \(n.full), I was charged twice this month."; p.items = [it(n.full, "my name is")]
        case 15: p.text = "I'm \(n.first) and I can't log into my account since yesterday."; p.items = [it(n.first, "I'm")]
        case 16: p.text = "Hello, I am \(n.full), the account holder, and I'd like to close the account."; p.items = [it(n.full, "I am")]
        case 17: p.text = "Dear \(n.full),\nThank you for contacting support. Your refund has been approved."; p.items = [it(n.full, "Dear")]
        case 18: p.text = "Dear \(title) \(n.last), your appointment has been rescheduled to Thursday."; p.items = [it(n.last, "Dear + title")]
        case 19: p.text = "Please forward the lab results to Dr. \(n.full) before Friday."; p.items = [it(n.full, "Dr.")]
        case 20: p.text = "customer: \(n.full)\nissue: package marked delivered but not received"; p.items = [it(n.full, "customer:")]
        case 21: p.text = "patient: \(n.full), 54, presenting with chest pain"; p.items = [it(n.full, "patient:")]
        case 22:
            let off = pick(["Regards,\n", "Thanks,\n", "Best,\n", "Kind regards,\n", "Cheers,\n", "Sincerely,\n", "Best, ", "Signed, "])
            let who = off.hasPrefix("Thanks") || off.hasPrefix("Cheers") ? pick([n.first, n.full]) : n.full
            p.text = "I've attached the invoice.\n\n\(off)\(who)"; p.items = [it(who, "sign-off")]
        case 23: p.text = "Hi, this is \(n.full) calling about invoice 4471, please call me back."; p.items = [it(n.full, "this is X calling")]
        case 24:
            if chance(25) {
                p.text = "Meeting notes: \(n.full) and \(n2.full) agreed to move the launch to Q3."
                p.items = [it(n.full, "no cue"), Self.item("person_name", n2.full, cue: "no cue", format: n2.culture)]
            } else {
                p.text = pick(["\(n.full) uploaded the signed contract to the shared drive.", "Forwarded by \(n.full) on behalf of the finance team.", "Escalated after \(n.full) reported the outage twice.", "Approved by \(n.full)."])
                p.items = [it(n.full, "no cue")]
            }
        case 25:
            p.text = "User: hey, I'm \(n.full)\nAssistant: Hi \(n.first), how can I help you today?"; p.place = "transcript"
            p.items = [it(n.full, "chat transcript", 1), it(n.first, "chat transcript")]
        case 26:
            switch int(0...3) {
            case 0: p.text = "Mrs \(n.full) called to confirm the delivery."; p.items = [it(n.full, "title")]
            case 1: p.text = "Ms. \(n.last) said the refund never arrived."; p.items = [it(n.last, "title")]
            case 2: p.text = "Spoke with Mr. \(n.full) about the renewal; he wants a quote by Monday."; p.items = [it(n.full, "title")]
            default: p.text = "Prof. \(n.last) approved the dataset request."; p.items = [it(n.last, "title")]
            }
        case 27:
            p.text = "Traceback (most recent call last):\n  File \"/srv/app/crm/sync.py\", line 142, in upsert_contact\n    record = normalize(payload)\n  File \"/srv/app/crm/normalize.py\", line 57, in normalize\n    raise ValueError(f\"invalid customer name: {raw!r}\")\nValueError: invalid customer name: '\(n.full)'"
            p.place = "exc_info"; p.items = [it(n.full, "traceback")]
        case 28:
            if chance(50) {
                p.text = "From: \(n.full)\nTo: Support Desk\nSubject: Re: contract renewal\nDate: Tue, 24 Nov 2026 09:14:03 +0000"; p.place = "email_headers"
                p.items = [it(n.full, "header From:")]
            } else {
                p.text = "GET /v1/orders HTTP/1.1\nHost: api.example.com\nX-Customer-Name: \(n.full)\nX-Request-Id: \(hex(12))"; p.place = "request"
                p.items = [it(n.full, "header X-Customer-Name:")]
            }
        case 29:
            let enc = Self.formEncode(n.full)
            p.members = [("http", .o([("method", .s("GET")), ("url", .s("https://crm.example.com/api/v2/customers/search?full_name=\(enc)&limit=10")), ("status", .n("200"))]))]
            p.items = [it(enc, "url query full_name=")]
        case 30:
            let t = pick(["Ich heiße \(n.full) und habe eine Frage zu meiner Rechnung.", "Me llamo \(n.full) y no recibí mi pedido.", "Je m'appelle \(n.full), je voudrais annuler ma commande.", "Mi chiamo \(n.full) e vorrei cambiare il mio indirizzo email.", "Meu nome é \(n.full) e preciso de ajuda com o pagamento."])
            p.text = t; p.items = [it(n.full, "foreign: " + String(t.prefix(8)))]
        case 31: p.text = "The customer, \(n.full), confirmed the order number and asked for a refund."; p.place = "completion"; p.items = [it(n.full, "summary apposition")]
        default: p.text = "Pt: \(n.full). Seen today for follow-up, vitals stable."; p.items = [it(n.full, "Pt:")]
        }
        return p
    }

    // MARK: Addresses

    struct Address { var country: String, line1: String, city: String, region: String?, postcode: String, text: String, local: [String] }

    mutating func address() -> Address {
        let num = "\(int(1...480))"
        switch int(0...9) {
        case 0:
            let (city, st, zip3) = pick([("San Francisco", "CA", "941"), ("Austin", "TX", "787"), ("Brooklyn", "NY", "112"), ("Seattle", "WA", "981"), ("Chicago", "IL", "606"), ("Denver", "CO", "802"), ("Boston", "MA", "021")])
            var line1 = "\(num) \(pick(["Maple", "Oak", "Market", "Mission", "Elm", "Cedar", "Washington", "Lincoln", "Sunset", "Highland", "Lakeview"])) \(pick(["Street", "St", "St.", "Avenue", "Ave", "Blvd", "Road", "Rd", "Drive", "Dr", "Lane", "Court", "Way", "Place", "Parkway"]))"
            if chance(25) { line1 += pick([", Apt \(int(1...40))\(pick(["A", "B", ""]))", " Suite \(int(100...900))", " #\(int(2...30))"]) }
            let zip = zip3 + digits(2) + (chance(20) ? "-" + digits(4) : "")
            return Address(country: "US", line1: line1, city: city, region: st, postcode: zip, text: "\(line1), \(city), \(st) \(zip)", local: [])
        case 1:
            let (city, outs) = pick([("London", ["SW1A", "NW1", "E14", "N16", "SE15", "W2"]), ("Manchester", ["M1", "M14"]), ("Birmingham", ["B15"]), ("Leeds", ["LS6"]), ("Bristol", ["BS8"]), ("Edinburgh", ["EH3"]), ("Glasgow", ["G12"]), ("Cardiff", ["CF10"])])
            let pc = "\(pick(outs)) \(int(1...9))\(letters(2))"
            var line1 = "\(chance(10) ? "221B" : num) \(pick(["Baker", "Elm", "Church", "Victoria", "Station", "Mill", "Park", "Queen's", "Albert"])) \(pick(["Street", "Road", "Lane", "Close", "Avenue", "Crescent", "Gardens", "Grove", "Terrace", "Way"]))"
            if chance(20) { line1 = "Flat \(int(1...12)), " + line1 }
            return Address(country: "UK", line1: line1, city: city, region: nil, postcode: pc, text: "\(line1), \(city) \(pc)", local: [])
        case 2:
            let (city, prov, fsa) = pick([("Toronto", "ON", "M5V"), ("Vancouver", "BC", "V6B"), ("Montréal", "QC", "H2X"), ("Calgary", "AB", "T2P"), ("Ottawa", "ON", "K1P")])
            let pc = "\(fsa) \(int(1...9))\(letters(1))\(int(0...9))"
            let line1 = prov == "QC" ? "\(num) rue \(pick(["Sainte-Catherine", "Saint-Denis", "Sherbrooke"]))" : "\(num) \(pick(["King", "Queen", "Bay", "Granville", "Elgin"])) \(pick(["Street", "St W", "Avenue", "Road", "Drive"]))"
            return Address(country: "CA", line1: line1, city: city, region: prov, postcode: pc, text: "\(line1), \(city), \(prov) \(pc)", local: [])
        case 3:
            let (city, st, base) = pick([("Sydney", "NSW", 2000), ("Melbourne", "VIC", 3000), ("Brisbane", "QLD", 4000), ("Perth", "WA", 6000), ("Adelaide", "SA", 5000)])
            let line1 = (chance(20) ? "Unit \(int(1...20)), " : "") + "\(num) \(pick(["Wallaby", "Collins", "George", "Smith", "Beach", "Hill"])) \(pick(["Street", "St", "Road", "Parade", "Avenue", "Place", "Crescent", "Way"]))"
            let pc = "\(base + int(0...199))"
            return Address(country: "AU", line1: line1, city: city, region: st, postcode: pc, text: "\(line1), \(city) \(st) \(pc)", local: [])
        case 4:
            let (city, lo) = pick([("Berlin", 10115), ("München", 80331), ("Hamburg", 20095), ("Köln", 50667), ("Frankfurt am Main", 60311), ("Leipzig", 4103)])
            let v = lo + int(0...90)
            let plz = v < 10_000 ? "0\(v)" : "\(v)"
            let line1 = pick(["\(pick(["Haupt", "Schiller", "Goethe", "Bahnhof", "Linden", "Garten"]))\(pick(["straße", "str.", "weg", "allee", "platz", "ring"])) \(num)\(pick(["", "", "a", "b"]))", "\(pick(["Berliner", "Münchner", "Frankfurter"])) Straße \(num)", "Am \(pick(["Markt", "Kanal", "Sonnenhang"])) \(num)"])
            return Address(country: "DE", line1: line1, city: city, region: nil, postcode: plz, text: "\(line1), \(plz) \(city)", local: ["Lieferadresse: ", "Bitte liefern an: "])
        case 5:
            let (city, cp) = pick([("Paris", "750" + String(format2: int(1...20))), ("Lyon", "6900\(int(1...9))"), ("Marseille", "130" + String(format2: int(1...16))), ("Toulouse", "31000"), ("Nantes", "44000"), ("Lille", "59000")])
            let line1 = "\(num)\(chance(10) ? " bis" : "") \(pick(["rue", "avenue", "boulevard", "place", "allée", "impasse", "quai"])) \(pick(["de la Paix", "Victor Hugo", "des Lilas", "Jean Jaurès", "de la République", "du Faubourg Saint-Antoine"]))"
            return Address(country: "FR", line1: line1, city: city, region: nil, postcode: cp, text: "\(line1), \(cp) \(city)", local: ["mon adresse est ", "Livraison à : "])
        case 6:
            let (city, cp) = pick([("Madrid", "280" + String(format2: int(1...55))), ("Barcelona", "080" + String(format2: int(1...42))), ("Valencia", "460" + String(format2: int(1...25))), ("Sevilla", "410" + String(format2: int(1...20))), ("Bilbao", "480" + String(format2: int(1...15)))])
            var line1 = "\(pick(["Calle de Alcalá", "Calle Mayor", "Avenida de la Constitución", "Paseo de Gracia", "C/ Gran Vía", "Plaza Mayor"])) \(num)"
            if chance(30) { line1 += ", \(int(1...8))º \(pick(["A", "B", "C", "izq."]))" }
            return Address(country: "ES", line1: line1, city: city, region: nil, postcode: cp, text: "\(line1), \(cp) \(city)", local: ["Mi dirección es ", "Enviar a "])
        case 7:
            let (city, cap, prov) = pick([("Roma", "001" + String(format2: int(0...99)), "RM"), ("Milano", "201" + String(format2: int(0...99)), "MI"), ("Napoli", "801" + String(format2: int(0...47)), "NA"), ("Torino", "101" + String(format2: int(0...56)), "TO"), ("Firenze", "501" + String(format2: int(0...45)), "FI")])
            let line1 = "\(pick(["Via", "Viale", "Corso", "Piazza", "Largo"])) \(pick(["Roma", "Garibaldi", "Giuseppe Verdi", "Dante", "Vittorio Emanuele II", "dei Mille", "Cavour"]))\(pick([" ", ", "]))\(num)"
            return Address(country: "IT", line1: line1, city: city, region: prov, postcode: cap, text: "\(line1), \(cap) \(city)\(chance(50) ? " (\(prov))" : "")", local: ["indirizzo: ", "Spedire a "])
        case 8:
            let city = pick(["Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven"])
            let pc = "\(int(1000...9999)) \(letters(2))"
            let line1 = "\(pick(["Keizers", "Heren", "Prinsen", "Kerk", "Molen", "Dorps", "Stations"]))\(pick(["straat", "weg", "laan", "gracht", "plein", "kade"])) \(num)"
            return Address(country: "NL", line1: line1, city: city, region: nil, postcode: pc, text: "\(line1), \(pc) \(city)", local: ["bezorgadres: ", "Mijn adres is "])
        default:
            let (city, uf, pre) = pick([("São Paulo", "SP", "01"), ("Rio de Janeiro", "RJ", "22"), ("Belo Horizonte", "MG", "30"), ("Curitiba", "PR", "80"), ("Porto Alegre", "RS", "90")])
            let cep = "\(pre)\(digits(3))-\(digits(3))"
            let line1 = "\(pick(["Rua", "Avenida", "Av.", "Alameda", "Travessa"])) \(pick(["Augusta", "das Flores", "XV de Novembro", "Paulista", "Oscar Freire", "Sete de Setembro"])), \(num)"
            return Address(country: "BR", line1: line1, city: city, region: uf, postcode: cep, text: "\(line1), \(city) - \(uf), \(cep)", local: ["endereço de entrega: ", "Moro na "])
        }
    }

    mutating func addressPiece() -> Piece {
        let a = address()
        var p = Piece()
        func it(_ label: String, _ cue: String, _ maxMasks: Int? = nil, required: Bool = true) -> Item {
            Self.item("address", label, cue: cue, format: a.country, maxMasks: maxMasks ?? 4, required: required)
        }
        switch int(0...13) {
        case 0...6:
            if !a.local.isEmpty && chance(40) {
                let cue = pick(a.local)
                p.text = "\(cue)\(a.text)"; p.items = [it(a.text, "local: \(cue)")]
            } else {
                let (cue, t) = pick([("ship to", "ship to \(a.text)"), ("deliver to", "Please deliver to \(a.text) before noon."), ("my new address is", "My new address is \(a.text)."), ("I live at", "I live at \(a.text) and the courier keeps missing me."), ("billing address:", "billing address: \(a.text)"), ("Address:", "Address: \(a.text)"), ("moved to", "Customer moved to \(a.text) last month."), ("send to", "Send the replacement to \(a.text), buzzer 4.")])
                p.text = t; p.items = [it(a.text, cue)]
            }
        case 7...8:
            let cue = ["US": pick(["zip ", "ZIP code: "]), "UK": "postcode ", "CA": "postal code ", "AU": "postcode ", "DE": "PLZ ", "FR": "code postal ", "ES": "código postal ", "IT": "CAP ", "NL": "postcode ", "BR": "CEP "][a.country]!
            p.text = pick(["Customer updated \(cue)\(a.postcode) on the billing profile.", "Checking delivery slots for \(cue)\(a.postcode).", "user says their \(cue)\(a.postcode) is rejected by the form"])
            p.items = [it(a.postcode, "postcode: \(cue)", 1)]
        case 9...10:
            let k = pick(["postal_code", "postcode", "zip"])
            var obj: [(String, J)] = [("line1", .s(a.line1)), ("city", .s(a.city))]
            if let r = a.region { obj.append(("state", .s(r))) }
            obj += [(k, .s(a.postcode)), ("country", .s(a.country))]
            let key = pick(["shipping_address", "billing_address", "address"])
            p.members = [(key, .o(obj))]
            p.items = [it(a.line1, "object \(key).line1", 2), it(a.postcode, "object \(key).\(k)", 1), it(a.city, "object city", 1, required: false), it(a.country, "object country", 1, required: false)]
            if let r = a.region { p.items.append(it(r, "object state", 1, required: false)) }
        case 11:
            let k = pick(["address", "home_address", "delivery_address", "mailing_address"])
            p.members = [(k, .s(a.text))]; p.items = [it(a.text, "key:\(k)")]
        case 12:
            let args = Self.render(.o([("recipient_address", .s(a.text)), ("service", .s("express"))]), ascii: ascii)
            p.members = [("tool_call", .o([("name", .s("create_shipment")), ("arguments", .s(args))]))]; p.items = [it(a.text, "json-in-string:recipient_address")]
        default:
            p.text = "Driver arrived at \(a.text) at 14:05 but nobody answered."; p.items = [it(a.text, "arrived at")]
        }
        return p
    }

    // MARK: Dates of birth

    static let months: [String: [String]] = [
        "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
        "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
        "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
        "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
        "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
        "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
        "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
    ]

    static func ordinal(_ d: Int) -> String {
        if (11...13).contains(d) { return "\(d)th" }
        return "\(d)" + (d % 10 == 1 ? "st" : d % 10 == 2 ? "nd" : d % 10 == 3 ? "rd" : "th")
    }

    mutating func date(_ lang: String, yearless: Bool = false) -> (text: String, format: String) {
        let y = int(1938...2007), m = int(1...12), d = int(1...28)
        let dd = String(format2: d), mm = String(format2: m), yy = String(format2: y % 100)
        let mon = Self.months[lang]![m - 1], en = Self.months["en"]![m - 1], short = String(en.prefix(3))
        if yearless { return pick([("\(en) \(d)", "Month d (no year)"), ("\(d) \(en)", "d Month (no year)"), ("\(en) \(Self.ordinal(d))", "Month dth (no year)")]) }
        switch lang {
        case "de": return pick([("\(dd).\(mm).\(y)", "dd.mm.yyyy"), ("\(d).\(m).\(y)", "d.m.yyyy"), ("\(d). \(mon) \(y)", "d. Monat yyyy (de)")])
        case "es", "pt": return pick([("\(dd)/\(mm)/\(y)", "dd/mm/yyyy"), ("\(d) de \(mon) de \(y)", "d de mes de yyyy (\(lang))")])
        case "fr", "it": return pick([("\(dd)/\(mm)/\(y)", "dd/mm/yyyy"), (d == 1 && lang == "fr" ? "1er \(mon) \(y)" : "\(d) \(mon) \(y)", "d mois yyyy (\(lang))")])
        case "nl": return pick([("\(dd)-\(mm)-\(y)", "dd-mm-yyyy"), ("\(d) \(mon) \(y)", "d maand yyyy (nl)")])
        default:
            return pick([
                ("\(y)-\(mm)-\(dd)", "yyyy-mm-dd"), ("\(mm)/\(dd)/\(y)", "mm/dd/yyyy"), ("\(dd)/\(mm)/\(y)", "dd/mm/yyyy"), ("\(dd).\(mm).\(y)", "dd.mm.yyyy"),
                ("\(dd)-\(mm)-\(y)", "dd-mm-yyyy"), ("\(y)/\(mm)/\(dd)", "yyyy/mm/dd"), ("\(en) \(d), \(y)", "Month d, yyyy"), ("\(d) \(en) \(y)", "d Month yyyy"),
                ("\(short) \(d), \(y)", "Mon d, yyyy"), ("\(d) \(short) \(y)", "d Mon yyyy"), ("\(Self.ordinal(d)) \(en) \(y)", "dth Month yyyy"),
                ("\(en) \(Self.ordinal(d)), \(y)", "Month dth, yyyy"), ("\(y)\(mm)\(dd)", "yyyymmdd"), ("\(m)/\(d)/\(yy)", "m/d/yy"),
                ("\(dd)-\(short)-\(y)", "dd-Mon-yyyy"), ("\(dd)/\(mm)/\(yy)", "dd/mm/yy"), ("\(m)/\(d)/\(y)", "m/d/yyyy"),
            ])
        }
    }

    mutating func dobPiece() -> Piece {
        var p = Piece()
        func it(_ d: (text: String, format: String), _ cue: String) -> Item { Self.item("date_of_birth", d.text, cue: cue, format: d.format, maxMasks: 1) }
        switch int(0...11) {
        case 0...5:
            let lang = chance(65) ? "en" : pick(["de", "es", "fr", "it", "pt", "nl"])
            let cue = pick([
                "en": ["DOB: ", "DOB ", "D.O.B. ", "dob=", "Date of birth: ", "date of birth ", "born on ", "I was born on ", "my birthday is ", "birthday: ", "Birth date: "],
                "de": ["Geburtsdatum: ", "geboren am "], "es": ["fecha de nacimiento: ", "nací el "], "fr": ["date de naissance : ", "né le ", "née le "],
                "it": ["data di nascita: ", "nato il "], "pt": ["data de nascimento: ", "nasci em "], "nl": ["geboortedatum: ", "geboren op "],
            ][lang]!)
            let d = date(lang, yearless: cue.contains("birthday") && chance(30))
            let t = lang != "en" ? "\(cue)\(d.text)" : pick(["Patient verification: \(cue)\(d.text), MRN on file.", "\(cue)\(d.text)", "Hi, I need to update my profile, \(cue)\(d.text).", "KYC check failed: \(cue)\(d.text) does not match the ID document.", "Identity confirmed (\(cue)\(d.text))."])
            p.text = t; p.items = [it(d, String(cue.dropLast(cue.hasSuffix(" ") ? 1 : 0)))]
        case 6:
            let k = pick(["dob", "date_of_birth", "birthDate", "birth_date", "dateOfBirth", "DOB", "birthdate"])
            let d = date(chance(80) ? "en" : "de")
            p.members = [(k, .s(d.text))]; p.items = [it(d, "key:\(k)")]
        case 7:
            let d = date("en")
            let (k, v): (String, J) = pick([("patient", .o([("mrn", .s("MRN-\(digits(7))")), ("dob", .s(d.text))])), ("user", .o([("id", .s("u-\(digits(5))")), ("dateOfBirth", .s(d.text))])), ("kyc", .o([("status", .s("pending")), ("birth_date", .s(d.text))]))])
            p.members = [(k, v)]; p.items = [it(d, "key:\(k).*")]
        case 8:
            let d = date("en")
            let args = Self.render(.o([("policy_id", .s("POL-\(digits(6))")), ("dob", .s(d.text))]), ascii: ascii)
            p.members = [("tool_call", .o([("name", .s("verify_identity")), ("arguments", .s(args))]))]; p.items = [it(d, "json-in-string:dob")]
        case 9:
            let d = date("en")
            p.text = "pydantic_core._pydantic_core.ValidationError: 1 validation error for Patient\ndob\n  Input should be a valid date [type=date_from_datetime_parsing, input_value='\(d.text)', input_type=str]"
            p.place = "exc_info"; p.items = [it(d, "pydantic error (dob)")]
        case 10:
            let d = date("en")
            let enc = Self.formEncode(d.text)
            p.members = [("http", .o([("method", .s("GET")), ("url", .s("https://ehr.example.org/fhir/Patient?birthdate=\(enc)&_count=5")), ("status", .n("200"))]))]
            p.items = [it((enc, d.format), "url query birthdate=")]
        default:
            let d = date("en")
            p.text = "Caller verified with DOB \(d.text) and the last four digits of the card."; p.place = "transcript"; p.items = [it(d, "DOB (transcript)")]
        }
        return p
    }
}

extension PersonalDataCorpus {
    // MARK: Decoys (must survive byte for byte)

    /// A look-alike: text for a message, or a member of its own.
    mutating func decoy() -> (decoy: Decoy, member: (String, J)?) {
        let en = Self.months["en"]!
        let day = int(1...28), mon = en[int(0...11)], year = int(2019...2027)
        func t(_ kind: String, _ text: String) -> (decoy: Decoy, member: (String, J)?) { (Decoy(kind: kind, text: text), nil) }
        func m(_ kind: String, _ key: String, _ value: String, _ wrap: ((J) -> J)? = nil) -> (decoy: Decoy, member: (String, J)?) {
            (Decoy(kind: kind, text: value), (key, wrap?(.s(value)) ?? .s(value)))
        }
        switch int(0...24) {
        case 0, 1: return t("model name", pick(["Routed to Claude Sonnet 4.5 after the primary timed out", "Claude Opus returned a refusal", "Gemma 2 9B produced an empty completion", "Mistral Large rate-limited the batch", "Llama 3.1 70B Instruct warmed up", "scheduled on Grace Hopper GH200 nodes", "fine-tuned on Ada Lovelace GPUs (L40S)", "GPT-4o mini fallback engaged", "Command R+ rerank finished", "Phi-3 Medium loaded in 4-bit"]))
        case 2: return t("company", pick(["vendor Goldman Sachs sandbox returned 200", "Johnson & Johnson catalog sync complete", "invoice from Morgan Stanley Wealth processed", "Wells Fargo webhook retried", "Dell Technologies SSO metadata refreshed", "Ernst & Young audit export queued", "Procter & Gamble feed ingested", "Acme Corp tenant provisioned"]))
        case 3: return t("region/city", pick(["region eu-west-1 (Ireland)", "failover to us-east-1 (N. Virginia)", "europe-west3 (Frankfurt) p99 latency 412 ms", "edge pop in São Paulo degraded", "replica in ap-northeast-1 (Tokyo) lagging", "traffic shifted from London to Amsterdam"]))
        case 4: return t("street-like words", pick(["Found 3 ways to speed up retrieval", "merged 12 commits into main branch", "Route 53 health check passed", "GPU link trained at 8 lanes instead of 16", "parsed 2 Court filings from the docket", "hot path optimised in 4 places", "Drive 3 of 4 mounted read-only", "roadmap item 12 closed"]))
        case 5, 6: return t("greeting / I am", pick(["Dear customer, your request has been received.", "Dear valued customer, thank you for your patience.", "Dear Sir or Madam,", "Hi team, the nightly job finished.", "I am retrying the request in 2 seconds.", "I'm sorry, but I can't help with that.", "I am unable to access external URLs.", "This is expected when the cache is cold.", "this is a known issue in v2.3", "I'm Claude, an AI assistant made by Anthropic.", "Thanks, the Support Team", "Best regards, Customer Care", "I'm not sure which invoice you mean.", "My name is not needed for this request."]))
        case 7, 8: return t("non-birth date", pick(["model released on \(mon) \(day), \(year)", "contract renewal date: \(String(format2: day))/\(String(format2: int(1...12)))/\(year)", "invoice dated \(String(format2: int(1...12)))/\(String(format2: day))/\(year) is overdue", "cache expires \(year)-\(String(format2: int(1...12)))-\(String(format2: day))", "next review on \(day) \(mon) \(year)", "billing cycle started \(day) \(mon) \(year)", "Date: Tue, \(day) Nov 2026 09:14:03 +0000", "index built \(year)\(String(format2: int(1...12)))\(String(format2: day)) from snapshot", "trial ends \(mon) \(Self.ordinal(day)), \(year)"]))
        case 9: return t("birth word, no birth date", pick(["date_of_birth field missing from payload", "DOB not provided; skipping age check", "birthday email campaign scheduled for \(year)-12-01", "born-digital documents: 412 of 500", "age gate: dob required for this workflow"]))
        case 10: return t("duration/tokens", pick(["step took 1m32.4s (p95 2.1s)", "prompt_tokens=\(int(10...9000)) completion_tokens=\(int(1...2000)) total_tokens=\(int(9001...12000))", "timeout after PT30S, retry 2 of 5", "queue wait 1205 ms"]))
        case 11: return t("path", pick(["reading /var/lib/sluice/spool/000\(int(100...999)).seg", "loaded /opt/models/gemma-2-9b-it/tokenizer.json", "wrote s3://ml-artifacts/runs/\(hex(8))/metrics.parquet"]))
        case 12: return t("exception", pick(["ValueError: chunk_size must be positive", "KeyError: 'customer_name'", "TimeoutError: upstream did not respond in 30s", "openai.RateLimitError: Error code: 429", "AttributeError: 'NoneType' object has no attribute 'address'"]))
        case 13: return m("heading", "error", pick(["Internal Server Error", "Not Found", "Service Unavailable", "Bad Gateway", "Too Many Requests"])) { .o([("status", .n("503")), ("title", $0)]) }
        case 14: return t("url", "GET https://api.example.com/v1/users/\(int(100...99999))/profile?fields=name,address,dob 200")
        case 15: return t("header", pick(["User-Agent: python-httpx/0.27.0", "Accept-Language: de-DE,de;q=0.9", "Content-Type: application/json; charset=utf-8"]))
        case 16: return t("number", pick(["processed \(int(10000...99999)) rows in batch \(int(1...99))", "listening on port \(int(10000...65535))", "evicted \(int(10000...99999)) cache entries"]))
        case 17: return m("span name", "span", pick(["retrieval.search", "llm.generate", "tool.get_weather", "embed_documents", "rerank.cohere", "postprocess.pii_scrub"])) { .o([("name", $0), ("kind", .s("internal"))]) }
        case 18: return m("tool name", "tool", pick(["get_order_status", "search_knowledge_base", "send_email", "lookup_customer"])) { .o([("name", $0), ("version", .s("2"))]) }
        case 19: return m("service name", "service", pick(["inference-gateway", "embedding-worker", "delivery-webhook"])) { .o([("name", $0), ("version", .s("2.14.3"))]) }
        case 20: return m("workflow/dataset name", pick(["workflow", "dataset", "prompt_template"]), pick(["Invoice Extraction", "Support Ticket Triage", "Contract Review", "Resume Screening", "Support Tickets Q3", "Customer Emails 2026"])) { .o([("name", $0), ("version", .n("7"))]) }
        case 21: return m("date key", pick(["created_at", "release_date", "start_date", "expires_at", "last_login", "due_date"]), pick(["\(year)-\(String(format2: int(1...12)))-\(String(format2: day))", "\(String(format2: day)).\(String(format2: int(1...12))).\(year)", "\(year)-11-\(String(format2: day))T08:12:44Z"]))
        case 22: return m("model display name", "model_display_name", pick(["Claude Sonnet 4.5", "Gemini 1.5 Pro", "Mistral Large 2", "Llama 3.1 405B"]))
        case 23: return m("version", "sdk_version", pick(["anthropic-python/0.39.0", "openai 1.54.4", "langchain-core 0.3.19"]))
        default: return m("region key", "region", pick(["eu-west-1 (Ireland)", "us-west-2 (Oregon)", "ap-south-1 (Mumbai)"]))
        }
    }

    // MARK: Lines

    mutating func line() -> Line {
        ascii = chance(25)
        var items: [Item] = []
        var decoys: [Decoy] = []
        var members: [(String, J)] = []
        var extra: [J] = []
        var message: [String] = []
        func add(_ k: String, _ v: J) {
            if members.contains(where: { $0.0 == k }) { extra.append(.o([(k, v)])) } else { members.append((k, v)) }
        }
        func place(_ text: String, _ forced: String?) -> String {
            let where_ = forced ?? pick(["event", "event", "event", "prompt", "completion", "messages", "ticket", "email", "output", "raw_request"])
            switch where_ {
            case "event": message.append(text)
            case "messages": add("messages", .a([.o([("role", .s("system")), ("content", .s("You are a helpful support assistant."))]), .o([("role", .s("user")), ("content", .s(text))])]))
            case "ticket": add("ticket", .o([("id", .s("T-\(digits(6))")), ("priority", .s("p2")), ("body", .s(text))]))
            case "email": add("email", .o([("subject", .s("Re: your order")), ("body", .s(text))]))
            case "output": add("output", .o([("choices", .a([.o([("index", .n("0")), ("text", .s(text))])]))]))
            case "raw_request":
                add("raw_request", .s(Self.render(.o([("model", .s("claude-sonnet-4-5")), ("messages", .a([.o([("role", .s("user")), ("content", .s(text))])]))]), ascii: ascii)))
            default: add(where_, .s(text))
            }
            return where_
        }
        let pieceCount = chance(15) ? 0 : chance(35) ? 2 : 1
        for _ in 0..<pieceCount {
            var p: Piece
            switch int(0...99) {
            case 0..<45: p = namePiece()
            case 45..<75: p = addressPiece()
            default: p = dobPiece()
            }
            var where_ = p.members.first?.0 ?? ""
            if let text = p.text { where_ = place(text, p.place) }
            for (k, v) in p.members { add(k, v) }
            for var i in p.items {
                i.place = where_ + (ascii && i.label.unicodeScalars.contains { $0.value > 0x7E } ? " (\\u-escaped)" : "")
                items.append(i)
            }
        }
        for _ in 0..<int(1...3) {
            let d = decoy()
            decoys.append(d.decoy)
            if let member = d.member { add(member.0, member.1) } else { _ = place(d.decoy.text, nil) }
        }
        let stage = pick(["ingestion", "preprocessing", "inference", "postprocessing", "delivery"])
        let event = message.isEmpty ? pick(["llm_call_completed", "document_ingested", "tool_call_finished", "delivery_succeeded", "chunk_embedded"]) : message.joined(separator: "\n")
        let base: [(String, J)] = [
            ("timestamp", .s("2026-11-24T\(String(format2: int(0...23))):\(String(format2: int(0...59))):\(String(format2: int(0...59))).\(digits(6))Z")),
            ("level", .s(pick(["info", "info", "debug", "warning", "error"]))), ("event", .s(event)), ("logger", .s("workflow.\(stage)")),
            ("trace_id", .s(hex(32))), ("span_id", .s(hex(16))), ("workflow_id", .s("wf-\(hex(12))")), ("stage", .s(stage)),
            ("model", .s(pick(["claude-sonnet-4-5", "gpt-4o-mini", "llama-3.1-70b-instruct", "mistral-large-2411", "gemma-2-9b-it"]))),
            ("latency_ms", .n("\(int(5...20000)).\(int(0...9))")), ("tokens", .o([("prompt", .n("\(int(10...9000))")), ("completion", .n("\(int(0...2000))"))])),
        ]
        var all = base + members
        if !extra.isEmpty { all.append(("related", .a(extra))) }
        return Line(text: Self.render(.o(all), ascii: ascii), items: items, decoys: decoys)
    }
}
