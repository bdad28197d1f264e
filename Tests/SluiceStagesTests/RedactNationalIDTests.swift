import Testing
import SluiceCore
import SluiceTestSupport
@testable import SluiceStages

/// The national identifiers, passports, IMEIs and MAC addresses (issue #20): every written
/// format in every kind of place a log puts it, generated with fresh check digits; near misses
/// (a check digit off, a digit more or less); and the look-alikes that must stay.
@Suite struct RedactNationalIDTests {
    /// How many random numbers of each rule are tried in every format and place.
    static let rounds = 25

    /// Places a log line puts a value: `text` (already JSON-escaped) becomes one JSON line.
    static let places: [(name: String, line: @Sendable (String) -> String)] = [
        ("sentence", { #"{"msg":"customer record \#($0) was updated by the kyc worker"}"# }),
        ("string value", { #"{"level":"info","value":"\#($0)"}"# }),
        ("nested object", { #"{"user":{"profile":{"ids":{"note":"\#($0)"}}},"n":1}"# }),
        ("array element", { #"{"items":["first",3,"\#($0)",{"x":null}]}"# }),
        ("traceback", { #"{"exc":"Traceback (most recent call last):\n  File \"/app/kyc.py\", line 42, in verify\nValueError: rejected \#($0) (stale)"}"# }),
        ("escaped text", { #"{"msg":"caf\u00e9 \u00ab\#($0)\u00bb d\u00e9j\u00e0 vu"}"# }),
    ]

    static func redactLine(_ line: String, _ options: RedactStage.Options = .init()) -> String {
        let (batch, _) = RedactHarness.run([line], options)
        guard let event = batch.events.first else { return "<dead-lettered>" }
        return RedactHarness.json(event)
    }

    static func escaped(_ s: String) -> String {
        var out: [UInt8] = []
        Array(s.utf8).withUnsafeBufferPointer { JSONStringCodec.appendEscaped($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    @Test(arguments: NationalIDSamples.rules)
    func everyFormatInEveryPlace(_ rule: String) {
        var rng = SplitMix(seed: 0x20_1D5 &+ UInt64(NationalIDSamples.rules.firstIndex(of: rule)!))
        for _ in 0..<Self.rounds {
            for sample in NationalIDSamples.formats(rule, &rng) {
                for place in Self.places {
                    let out = Self.redactLine(place.line(Self.escaped(sample.text)))
                    #expect(!out.contains(Self.escaped(sample.core)), "\(rule) in \(place.name): \(out)")
                    #expect(out.contains("[REDACTED:\(rule)]"), "\(rule) in \(place.name): \(out)")
                }
            }
        }
    }

    /// Solid forms in a URL's query, after a parameter that names them or on their own.
    @Test func inURLQueries() {
        var rng = SplitMix(seed: 0x0A11)
        for _ in 0..<Self.rounds {
            let cases: [(String, String, String)] = [
                ("nhs_number", NationalIDSamples.string(NationalIDSamples.nhsDigits(&rng)), "uk_nhs"),
                ("sin", NationalIDSamples.string(NationalIDSamples.sinDigits(&rng)), "ca_sin"),
                ("cpf", NationalIDSamples.string(NationalIDSamples.cpfDigits(&rng)), "br_cpf"),
                ("aadhaar", NationalIDSamples.string(NationalIDSamples.aadhaarDigits(&rng)), "in_aadhaar"),
                ("imei", NationalIDSamples.string(NationalIDSamples.imeiDigits(&rng)), "imei"),
                ("passport_number", NationalIDSamples.passportNumber(&rng), "passport"),
                ("nino", NationalIDSamples.ninoText(&rng), "uk_nino"),
                ("pan", NationalIDSamples.panText(&rng), "in_pan"),
                ("cf", NationalIDSamples.codiceFiscaleText(&rng), "it_codice_fiscale"),
                ("device", NationalIDSamples.macText(&rng, form: 1), "mac_address"),
            ]
            for (parameter, value, rule) in cases {
                let out = Self.redactLine(#"{"url":"https://api.example.com/v1/lookup?\#(parameter)=\#(value)&page=2"}"#)
                #expect(!out.contains(value), "\(rule): \(out)")
                #expect(out.contains("[REDACTED:\(rule)]&page=2"), "\(rule): \(out)")
            }
        }
    }

    /// A bare number in a member whose key names it, and not in one whose key only contains
    /// the letters (`business_id` holds `sin`).
    @Test func membersNamedByTheirKeys() {
        let line = #"{"nhs_number":"9434765919","customerSin":"130692544","cpf":"52998224725","passport_no":"X1234567","#
            + #""imei":"490154203237518","aadhaar":"234123412346","steuer_id":"86095742719","nir":"295109912611193","#
            + #""business_id":"130692544","order":"X1234567"}"#
        #expect(Self.redactLine(line) == #"{"nhs_number":"[REDACTED:uk_nhs]","customerSin":"[REDACTED:ca_sin]","#
            + #""cpf":"[REDACTED:br_cpf]","passport_no":"[REDACTED:passport]","imei":"[REDACTED:imei]","#
            + #""aadhaar":"[REDACTED:in_aadhaar]","steuer_id":"[REDACTED:de_steuer_id]","nir":"[REDACTED:fr_nir]","#
            + #""business_id":"130692544","order":"X1234567"}"#)
    }

    /// Found by RedactFuzzTests: a word after a JSON escape in text that holds JSON as
    /// written (`\nimei: …`), a passport number starting like a suffix (`NR…`).
    static let foundByFuzzing: [(String, String)] = [
        (#"{\"msg\":\"done\nimei: 358881072558142\n3rd\"}"#, #"{\"msg\":\"done\nimei: [REDACTED:imei]\n3rd\"}"#),
        (#"x\nsocial insurance number: 937481505,\niban"#, #"x\nsocial insurance number: [REDACTED:ca_sin],\niban"#),
        (#"— \"passport NR2780567\" —"#, #"— \"passport [REDACTED:passport]\" —"#),
        ("Passport No 123456789 and passport no. AB1234567", "Passport No [REDACTED:passport] and passport no. [REDACTED:passport]"),
    ]

    @Test(arguments: foundByFuzzing)
    func foundByFuzzingIsRedacted(_ input: String, _ expected: String) {
        #expect(RedactHarness.redactMessage(input) == expected)
    }

    /// Published examples, checked against the validators directly.
    static let published: [(String, String)] = [
        ("uk_nhs", "9434765919"), ("uk_nhs", "4010232137"), ("ca_sin", "130692544"), ("in_aadhaar", "234123412346"),
        ("br_cpf", "52998224725"), ("br_cpf", "11144477735"), ("de_steuer_id", "86095742719"), ("de_steuer_id", "47036892816"),
        ("de_steuer_id", "65929970489"), ("imei", "490154203237518"), ("fr_nir", "295109912611193"),
        ("fr_nir", "2 53 07 2B 073 004 70"), ("fr_nir", "253072A07300443"), ("it_codice_fiscale", "RSSMRA85T10A562S"),
        ("es_dni", "12345678Z"), ("es_nie", "X1234567L"), ("in_pan", "ABCPE1234F"), ("uk_nino", "AB123456C"),
    ]

    @Test(arguments: published)
    func publishedExamples(_ rule: String, _ number: String) {
        let keyword: String
        switch rule {
        case "fr_nir": keyword = "NIR"
        case "uk_nhs": keyword = "NHS"
        case "ca_sin": keyword = "SIN"
        case "in_aadhaar": keyword = "Aadhaar"
        case "br_cpf": keyword = "CPF"
        case "de_steuer_id": keyword = "IdNr"
        case "imei": keyword = "IMEI"
        default: keyword = "id"
        }
        #expect(RedactHarness.redactMessage("\(keyword) \(number) ok") == "\(keyword) [REDACTED:\(rule)] ok")
    }

    // MARK: Near misses

    /// `text` with its last check character replaced by every other value.
    static func otherChecks(_ text: String, letters: Bool = false) -> [String] {
        let alphabet = letters ? Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ") : Array("0123456789")
        let last = text.last!
        return alphabet.filter { $0 != last }.map { String(text.dropLast()) + String($0) }
    }

    @Test func wrongCheckDigitsAreLeftAlone() {
        var rng = SplitMix(seed: 0xBAD)
        for _ in 0..<Self.rounds {
            let S = NationalIDSamples.self
            var misses: [(String, String)] = []
            let nhs = S.string(S.nhsDigits(&rng))
            misses += Self.otherChecks(nhs).map { ("uk_nhs", "NHS number \($0)") }
            let sin = S.string(S.sinDigits(&rng))
            misses += Self.otherChecks(S.grouped(sin, [3, 3, 3], " ")).map { ("ca_sin", $0) }
            let aadhaar = S.string(S.aadhaarDigits(&rng))
            misses += Self.otherChecks(S.grouped(aadhaar, [4, 4, 4], " ")).map { ("in_aadhaar", $0) }
            let cpf = S.string(S.cpfDigits(&rng))
            misses += Self.otherChecks(S.grouped(cpf, [3, 3, 3], ".") + "-" + cpf.suffix(2)).map { ("br_cpf", $0) }
            let steuer = S.string(S.steuerDigits(&rng))
            misses += Self.otherChecks(S.grouped(steuer, [2, 3, 3, 3], " ")).map { ("de_steuer_id", $0) }
            let imei = S.string(S.imeiDigits(&rng))
            misses += Self.otherChecks(S.grouped(imei, [2, 6, 6, 1], "-")).map { ("imei", $0) }
            let nir = S.nirText(&rng)
            misses += Self.otherChecks(S.grouped(nir, [1, 2, 2, 2, 3, 3, 2], " ")).map { ("fr_nir", $0) }
            let (dni, letter) = S.dniText(&rng)
            misses += Self.otherChecks(dni + String(letter), letters: true).map { ("es_dni", $0) }
            let (p, nieDigits, nieLetter) = S.nieText(&rng)
            misses += Self.otherChecks("\(p)\(nieDigits)\(nieLetter)", letters: true).map { ("es_nie", $0) }
            misses += Self.otherChecks(S.codiceFiscaleText(&rng), letters: true).map { ("it_codice_fiscale", $0) }
            for (rule, text) in misses {
                let out = RedactHarness.redactMessage("value \(text) end")
                #expect(!out.contains("[REDACTED:\(rule)]"), "\(rule): \(text) → \(out)")
            }
        }
    }

    @Test func wrongLengthsAreLeftAlone() {
        var rng = SplitMix(seed: 0x1E6)
        for _ in 0..<Self.rounds {
            let S = NationalIDSamples.self
            let cases: [(String, String)] = [
                ("uk_nhs", "NHS " + S.string(S.nhsDigits(&rng)) + "1"), ("uk_nhs", "NHS " + String(S.string(S.nhsDigits(&rng)).dropLast())),
                ("ca_sin", "SIN " + S.string(S.sinDigits(&rng)) + "3"), ("ca_sin", "SIN 1" + S.grouped(S.string(S.sinDigits(&rng)), [3, 3, 3], " ")),
                ("in_aadhaar", "Aadhaar " + S.string(S.aadhaarDigits(&rng)) + "7"),
                ("br_cpf", "CPF " + S.string(S.cpfDigits(&rng)) + "0"),
                ("de_steuer_id", "Steuer-ID " + S.string(S.steuerDigits(&rng)) + "5"),
                ("imei", "IMEI " + S.string(S.imeiDigits(&rng)) + "4"), ("imei", "IMEI " + String(S.string(S.imeiDigits(&rng)).dropLast())),
                ("fr_nir", "NIR " + S.nirText(&rng) + "1"), ("fr_nir", "NIR " + String(S.nirText(&rng).dropFirst())),
                ("es_dni", "1" + S.dniText(&rng).digits + "Z"), ("uk_nino", String(S.ninoText(&rng).dropLast())),
                ("uk_nino", S.ninoText(&rng) + "D"), ("in_pan", S.panText(&rng) + "X"), ("in_pan", String(S.panText(&rng).dropFirst())),
                ("it_codice_fiscale", String(S.codiceFiscaleText(&rng).dropLast())),
                ("passport", "passport " + rng.digits(10)), ("passport", "passport " + rng.digits(5)),
                ("mac_address", S.macText(&rng, form: 0) + ":1f"), ("mac_address", String(S.macText(&rng, form: 1).dropLast(3))),
            ]
            for (rule, text) in cases {
                let out = RedactHarness.redactMessage("value \(text) end")
                #expect(!out.contains("[REDACTED:\(rule)]"), "\(rule): \(text) → \(out)")
            }
        }
    }

    // MARK: Look-alikes

    static let lookAlikes: [String] = [
        "trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7",
        "trace 43417658133791235421783954262139 span 1306925449434765",
        "request 123e4567-e89b-12d3-a456-426614174000 done",
        "ulid 01ARZ3NDEKTSV4RRFFQ69G5FAV and 01HZY3K5V8Q2W9XJ4M7N6P5R3T",
        "commit e83c5163316f89bfbde7d9ab23ca2e25604af290 (HEAD)",
        "digest sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f158c13d5d2a5b8b5e3d1c7a9f0",
        "role arn:aws:iam::123456789012:role/service-role/IngestRole and arn:aws:s3:::acme-raw/part-0001",
        "container 3f4e5d6c7b8a9f0e1d2c3b4a59687766554433221100ffeeddccbbaa99887766 short 3f4e5d6c7b8a",
        "pod api-7d9f8b6c5-x2x9z on node ip-10-0-3-17, job batch-28473610-qv7wz",
        "model llama-3.1-70b-instruct and mistral-7b-instruct-v0.3 on A100-80GB",
        "deployed version 1.2.3.4 build 2026.1124.0001",
        "request req_01HZY3K5V8Q2W9 and req-8f14e45fceea167a",
        "latency_ms=1306 tokens_in=9434 tokens_out=765919 took 130692544 ns",
        "processed 9434765919 rows, offset 52998224725, seq 234123412346 and 352099001761481, ts 295109912611193",
        "business 130692544 and using 130692544 bytes",
        "at 2026-11-24T12:30:45.123456Z, basic 20261124T103000Z, epoch 1732445445123",
        "ref X1234567 and AB123456 and ABCDE1234",
        "passport photo uploaded, passport expired, passport 12",
        "macs 00:00:00:00:00:00 ff:ff:ff:ff:ff:ff 00:1a:2b:3c:4d:5e:6f and time 12:30:45",
        "HTTP 503 after 3 retries, page 12 of 40",
    ]

    @Test(arguments: lookAlikes)
    func lookAlikesAreLeftAlone(_ input: String) {
        #expect(RedactHarness.redactMessage(input) == input)
    }

    /// Numbers whose digits pass a check but sit in a longer run of groups: thousands written
    /// with spaces, part of a Luhn-failing grouped card number.
    @Test func groupsInsideLongerRunsAreLeftAlone() {
        var rng = SplitMix(seed: 0x5EC)
        for _ in 0..<Self.rounds {
            let S = NationalIDSamples.self
            let sin = S.grouped(S.string(S.sinDigits(&rng)), [3, 3, 3], " ")
            #expect(RedactHarness.redactMessage("total 1 \(sin) bytes") == "total 1 \(sin) bytes")
            let aadhaar = S.grouped(S.string(S.aadhaarDigits(&rng)), [4, 4, 4], " ")
            let out = RedactHarness.redactMessage("ref \(aadhaar) 1234 failed")
            #expect(!out.contains("in_aadhaar"), "\(out)")
        }
    }

    // MARK: Configuration

    @Test func regionsRestrictTheCountries() throws {
        let options = try RedactHarness.load("""
              - type: redact
                regions: [gb, IN]
            """).get()
        let text = "nino AB123456C, pan ABCPE1234F, cpf 529.982.247-25, dni 12345678Z, ssn 078-05-1120, mac 00:1a:2b:3c:4d:5e"
        #expect(RedactHarness.redactMessage(text, options)
            == "nino [REDACTED:uk_nino], pan [REDACTED:in_pan], cpf 529.982.247-25, dni 12345678Z, ssn 078-05-1120, mac [REDACTED:mac_address]")
        #expect(options.regions == ["gb", "in"])
        #expect(RedactHarness.redactMessage(text)
            == "nino [REDACTED:uk_nino], pan [REDACTED:in_pan], cpf [REDACTED:br_cpf], dni [REDACTED:es_dni], ssn [REDACTED:us_ssn], mac [REDACTED:mac_address]")
    }

    @Test func groupNamesSelectDetectors() throws {
        let national = try RedactHarness.load("  - type: redact\n    detectors: [national_id]").get()
        for rule in RedactRule.nationalIDs { #expect(national.detectors.contains(rule)) }
        #expect(!national.detectors.contains(RedactRule.email) && !national.detectors.contains(RedactRule.macAddress))
        let devices = try RedactHarness.load("  - type: redact\n    detectors: [device_id, passport]").get()
        #expect(devices.detectors.contains(RedactRule.imei) && devices.detectors.contains(RedactRule.macAddress))
        #expect(devices.detectors.contains(RedactRule.passport) && !devices.detectors.contains(RedactRule.ukNINO))
        for rule in RedactRule.ukNINO..<RedactRule.builtInCount { #expect(RedactRule.allDetectors.contains(rule)) }
        #expect(RedactRule.builtInNames.count == Int(RedactRule.builtInCount))
    }

    static let invalidRegions: [(String, String)] = [
        ("  - type: redact\n    regions: [gb, xx]", #"stages[0].regions[1]: "xx" is not a region"#),
        ("  - type: redact\n    regions: [itt]", #"did you mean "it"?"#),
        ("  - type: redact\n    regions: [uk]", "the United Kingdom is gb"),
        ("  - type: redact\n    regions: { gb: true }", "stages[0].regions: expected a list"),
    ]

    @Test(arguments: invalidRegions)
    func unknownRegionsAreConfigErrors(_ yaml: String, _ expected: String) {
        RedactHarness.expectConfigError(yaml, expected)
    }
}
