import Testing
import SluiceCore
@testable import SluiceStages

/// Person names, postal addresses and dates of birth found by context (issue #20, third
/// part): each example is redacted with what surrounds it kept; each near miss comes out
/// unchanged.
@Suite struct RedactPersonalDataTests {
    /// Text, the part that must go, the rule that masks it.
    static let textCases: [(String, String, String)] = [
        // Names after cues.
        ("Hi, my name is Maria Gonzalez and I need help", "Maria Gonzalez", "person_name"),
        ("my name is priya sharma, order late", "priya sharma", "person_name"),
        ("Dear Mr. Thompson, your refund is ready", "Thompson", "person_name"),
        ("Dear Aoife, thanks for waiting", "Aoife", "person_name"),
        ("escalated to Dr. Sanjay Gupta for review", "Sanjay Gupta", "person_name"),
        ("Ms O'Brien called twice", "O'Brien", "person_name"),
        ("I'm Fatima Al Hassan from the Leeds office", "Fatima Al Hassan", "person_name"),
        ("I am Kwame Mensah", "Kwame Mensah", "person_name"),
        ("Hello, this is Jean-Luc Picard speaking", "Jean-Luc Picard", "person_name"),
        ("customer: Oluwaseun Adeyemi (gold tier)", "Oluwaseun Adeyemi", "person_name"),
        ("patient: Hiroshi Tanaka, age 54", "Hiroshi Tanaka", "person_name"),
        ("full name: José Álvarez Ruiz", "José Álvarez Ruiz", "person_name"),
        ("Thanks,\nSiobhan", "Siobhan", "person_name"),
        ("Kind regards, Lukas Becker", "Lukas Becker", "person_name"),
        ("hola, me llamo Lucía Fernández", "Lucía Fernández", "person_name"),
        ("bonjour, je m'appelle Élodie Dubois", "Élodie Dubois", "person_name"),
        ("ciao, mi chiamo Giulia Romano", "Giulia Romano", "person_name"),
        ("a patient named Ngozi Okafor was admitted", "Ngozi Okafor", "person_name"),
        ("Frau Schneider asked for an invoice", "Schneider", "person_name"),
        // Names without a cue, from the lists.
        ("ticket from Sarah Johnson about billing", "Sarah Johnson", "person_name"),
        ("Rahul Verma uploaded 3 documents", "Rahul Verma", "person_name"),
        ("assigned to Zhang Wei", "Zhang Wei", "person_name"),
        ("Nguyen Van An requested a callback", "Nguyen Van An", "person_name"),
        ("summary for Élodie Martin", "Élodie Martin", "person_name"),
        ("reviewed by Maria", "Maria", "person_name"),
        ("Pt: Conceição Araújo. Seen today", "Conceição Araújo", "person_name"),
        ("The customer, Femke van Dijk, confirmed the order", "Femke van Dijk", "person_name"),
        ("I'm Pieter and I can't log in", "Pieter", "person_name"),
        ("Hi Łukasz, the report is attached", "Łukasz", "person_name"),
        ("From: Kwabena Boateng\nSubject: refund", "Kwabena Boateng", "person_name"),
        ("x-user-name: Jörg Hoffmann", "Jörg Hoffmann", "person_name"),
        ("My new address is 82 Wallaby Parade, Brisbane QLD 4002.", "82 Wallaby Parade, Brisbane QLD 4002", "address"),
        ("x-user-name: Siobhán", "Siobhán", "person_name"),
        ("GET /v1/search?full_name=Maria%20Gonzalez&limit=5", "Maria%20Gonzalez", "person_name"),
        (#"tool args {"customer_name":"Tran Thi Mai","priority":"high"}"#, "Tran Thi Mai", "person_name"),
        (#"payload {'first_name': 'Aoife', 'plan': 'pro'}"#, "Aoife", "person_name"),
        ("1 validation error for Patient\ndob\n  Input should be a valid date [type=date_parsing, input_value='03/14/1985', input_type=str]", "03/14/1985", "date_of_birth"),
        ("GET /fhir/Patient?birthdate=8%2F13%2F79&_count=5", "8%2F13%2F79", "date_of_birth"),
        ("birthday: October 2", "October 2", "date_of_birth"),
        ("nací el 26/04/1982", "26/04/1982", "date_of_birth"),
        ("geboortedatum: 8 juli 1986", "8 juli 1986", "date_of_birth"),
        ("né le 5 mars 1969", "5 mars 1969", "date_of_birth"),
        ("Jmenuji se Björn Lindqvist a mám dotaz", "Björn Lindqvist", "person_name"),
        ("Dzień dobry, nazywam się Szabó Erzsébet.", "Szabó Erzsébet", "person_name"),
        ("Estimada Sra. López, gracias", "López", "person_name"),
        ("mein Name ist Jörg Hoffmann", "Jörg Hoffmann", "person_name"),
        ("Agent is speaking with Jan-Erik Lindqvist regarding the refund", "Jan-Erik Lindqvist", "person_name"),
        ("Best,\nPimchanok", "Pimchanok", "person_name"),
        ("ok thanks Bence! talk tomorrow", "Bence", "person_name"),
        ("Kovács Gábor approved the change", "Kovács Gábor", "person_name"),
        ("Kundin geb. 18. Februar 1964 in Graz", "18. Februar 1964", "date_of_birth"),
        ("Datum narození: 27. 12. 1981", "27. 12. 1981", "date_of_birth"),
        ("Data urodzenia: 25.03.1937", "25.03.1937", "date_of_birth"),
        ("Doğum tarihi: 22 Haziran 1947", "22 Haziran 1947", "date_of_birth"),
        ("Födelsedatum: 1992-01-27", "1992-01-27", "date_of_birth"),
        ("Ημερομηνία γέννησης: 19 Ιουνίου 2004", "19 Ιουνίου 2004", "date_of_birth"),
        ("cc Maria Gonzalez, Tupou Faleolo", "Maria Gonzalez, Tupou Faleolo", "person_name"),
        ("slides by Meseret Alemu.", "Meseret Alemu", "person_name"),
        ("ValidationError: customer 'Eleftheria Papadopoulou' has an invalid postcode", "Eleftheria Papadopoulou", "person_name"),
        ("Please send it to:\nYekaterina Smirnova\nFlat 4", "Yekaterina Smirnova", "person_name"),
        ("Merci, María José Fernández García", "María José Fernández García", "person_name"),
        // Addresses.
        ("Is PO Box 4471, Tulsa, OK 74159 inside the zone?", "PO Box 4471, Tulsa, OK 74159", "address"),
        ("Deliver to: Flat 302, Sai Krupa Apartments, 14th Cross, Indiranagar, Bengaluru, Karnataka 560038 (landmark: temple)",
         "Flat 302, Sai Krupa Apartments, 14th Cross, Indiranagar, Bengaluru, Karnataka 560038", "address"),
        ("new address is House No. 221, Sector 15A, Noida, Uttar Pradesh 201301", "House No. 221, Sector 15A, Noida, Uttar Pradesh 201301", "address"),
        ("I live at 4-2-8 Shibakoen, Minato-ku, Tokyo 105-0011 and", "4-2-8 Shibakoen, Minato-ku, Tokyo 105-0011", "address"),
        ("Domicilio: Calle de Alcalá 45, 3º izq., 28009 Madrid", "Calle de Alcalá 45, 3º izq., 28009 Madrid", "address"),
        ("My address is 350 West 20th Street, New York, NY 10011, thanks", "350 West 20th Street, New York, NY 10011", "address"),
        ("Anschrift: Mariahilfer Straße 8/12, 1060 Wien", "Mariahilfer Straße 8/12, 1060 Wien", "address"),
        ("Return label for:\nul. Długa 5\n31-019 Kraków", "ul. Długa 5\n31-019 Kraków", "address"),
        ("Send it to 298 avenue des Lilas, 59000 Lille, buzzer 4", "298 avenue des Lilas, 59000 Lille", "address"),
        ("I live at Am Kanal 38, 04174 Leipzig", "Am Kanal 38, 04174 Leipzig", "address"),
        ("Av. Augusta, 109, Porto Alegre - RS, 90249-247", "Av. Augusta, 109, Porto Alegre - RS, 90249-247", "address"),
        ("Unit 13, 334 George Road, Sydney", "334 George Road, Sydney", "address"),
        ("indirizzo CAP 80102", "80102", "address"),
        ("ship to 221B Baker Street, London NW1 6XE please", "221B Baker Street, London NW1 6XE", "address"),
        ("billing address 1600 Pennsylvania Avenue NW, Washington, DC 20500", "1600 Pennsylvania Avenue NW, Washington, DC 20500", "address"),
        ("lives at 42 W 5th St. Apt 4B", "42 W 5th St. Apt 4B", "address"),
        ("deliver to 12 main st", "12 main st", "address"),
        ("adresse: 12 rue de la Paix, 75002 Paris", "12 rue de la Paix, 75002 Paris", "address"),
        ("indirizzo Via Roma 10, 00184 Roma", "Via Roma 10, 00184 Roma", "address"),
        ("dirección Calle Mayor, 12", "Calle Mayor, 12", "address"),
        ("Anschrift: Hauptstraße 5, 10115 Berlin", "Hauptstraße 5, 10115 Berlin", "address"),
        ("Berliner Str. 12a", "Berliner Str. 12a", "address"),
        ("adres Keizersgracht 123, 1015 CJ Amsterdam", "Keizersgracht 123, 1015 CJ Amsterdam", "address"),
        ("endereço Rua Augusta 1234", "Rua Augusta 1234", "address"),
        ("office at 500 Bay Street, Toronto, ON M5V 2T6", "500 Bay Street, Toronto, ON M5V 2T6", "address"),
        ("zip 94105", "94105", "address"),
        ("postcode: SW1A 1AA", "SW1A 1AA", "address"),
        ("postal code K1A 0B1", "K1A 0B1", "address"),
        ("PLZ 80331", "80331", "address"),
        // Dates of birth.
        ("DOB: 1985-03-14", "1985-03-14", "date_of_birth"),
        ("dob 14/03/1985 verified", "14/03/1985", "date_of_birth"),
        ("D.O.B. 03/14/85", "03/14/85", "date_of_birth"),
        ("date of birth is March 14, 1985", "March 14, 1985", "date_of_birth"),
        ("born on 14th of March 1985 in Lagos", "14th of March 1985", "date_of_birth"),
        ("birthday: 14 Mar 1985", "14 Mar 1985", "date_of_birth"),
        ("Birth date 14.03.1985", "14.03.1985", "date_of_birth"),
        ("geboren am 14. März 1985", "14. März 1985", "date_of_birth"),
        ("fecha de nacimiento: 14-03-1985", "14-03-1985", "date_of_birth"),
        ("birthdate 19850314", "19850314", "date_of_birth"),
        ("born 14-Mar-1985", "14-Mar-1985", "date_of_birth"),
    ]

    /// Text that holds none of these (look-alikes of the logs of an AI workflow).
    static let nearMisses: [String] = [
        "model claude-3-5-sonnet answered in 1234 ms",
        "Claude Sonnet 4 returned 512 tokens",
        "loaded Gemma 2 and Aria weights",
        "GPU Grace Hopper GH200 ready, Ada Lovelace L40S idle",
        "name: inference.complete",
        "step name is preprocess",
        "ValueError: name 'tokenizer' is not defined",
        "I am retrying the request",
        "I'm not sure the batch finished",
        "this is a test",
        "Dear customer, your order shipped",
        "Thanks, Support Team",
        "customer cus_8f7a2b upgraded",
        "retry 3 times the way the docs say",
        "mounted 2 external drive volumes",
        "born in 1985",
        "DOB unknown",
        "released 2026-12-03, build 20261203",
        "took 14.03 s on node 12",
        "scale to 1600 replicas",
        "zip file 94105 bytes",
        "T4 8GB and A10 24GB GPUs",
        "Main Street Capital earnings",
        "OpenAI and Anthropic keys rotated",
        "HTTP 404 Not Found for /v1/users/42",
        "Processed 12 Records in 3 Batches",
        "Monday standup with the Platform Team",
        "upgraded pandas 2.2.3 to 2.3.0",
        "Dear Valued Customer, your plan renews soon",
        "this is Google Cloud returning quota errors",
        "customer: Enterprise, seats 40",
        "Thanks, Regards",
        "alert level Amber for queue depth",
        "Hello, I'm Claude, an AI assistant",
        "region eu-west-1 (Ireland), zone b",
        "edge pop in São Paulo degraded",
        "latency in San Diego rose",
        "Re: Invoice Payment",
        "rate cap 10000 tokens",
        "Hello World!",
        "finish_reason=stop tool_name='web_search'",
        #"{"name": "retrieval.search", "tool_name": "Browser Tool"}"#,
        "vendor Charles Schwab and Dr. Oetker and Mr Porter renewed",
        "this is Grafana",
        "latency 1887.3 ms. Bearer of bad news",
        "Jan 5, 2026 release notes",
        "built by Hugging Face and served by Mistral Large",
        "customer 'cus_8f7a' has no plan",
        "1 validation error for Config\nmax_tokens\n  Input should be a valid integer [type=int_parsing, input_value='12 Main', input_type=str]",
    ]

    @Test(arguments: Array(textCases.indices))
    func textExamples(_ k: Int) {
        let (text, secret, rule) = Self.textCases[k]
        let out = RedactHarness.redactMessage(text)
        #expect(!out.contains(secret), "\(rule): \(text.debugDescription) → \(out.debugDescription)")
        #expect(out.contains("[REDACTED:\(rule)]"), "\(rule): \(text.debugDescription) → \(out.debugDescription)")
        // What surrounds it stays.
        let parts = text.components(separatedBy: secret)
        for part in parts where !part.isEmpty {
            #expect(out.contains(part), "\(text.debugDescription) lost \(part.debugDescription): \(out.debugDescription)")
        }
        // Redacting again changes nothing.
        #expect(RedactHarness.redactMessage(out) == out, "second pass changed \(out.debugDescription)")
    }

    @Test(arguments: nearMisses)
    func nearMissesStay(_ text: String) {
        #expect(RedactHarness.redactMessage(text) == text)
    }

    /// Members whose key names a person, an address or a date of birth, and objects about them.
    @Test func keyedMembers() throws {
        let line = #"""
            {"customer_name":"Maria Gonzalez","firstName":"Aditi","user.full_name":"Li Na","name":"Sarah Johnson",
             "customer":{"id":"cus_8f7a","name":"Acme Inc","email_verified":true},
             "patient":{"name":{"first":"Kwame","last":"Mensah"},"dob":"1971-02-09","mrn":"A12"},
             "shipping_address":{"line1":"12 High St","city":"Leeds","postcode":"LS1 4AP","country":"GB"},
             "address":"500 Bay Street, Toronto","zip":94105,"date_of_birth":"14/03/1985",
             "authors":["Hannah Arendt","Chinua Achebe"],"birthday":{"day":14,"month":3}}
            """#.replacingOccurrences(of: "\n", with: "")
        let (batch, _) = RedactHarness.run([line])
        let out = RedactHarness.json(try #require(batch.events.first))
        for gone in ["Maria Gonzalez", "Aditi", "Li Na", "Sarah Johnson", "Acme Inc", "Kwame", "Mensah", "1971-02-09",
                     "12 High St", "Leeds", "LS1 4AP", "500 Bay Street", "94105", "14/03/1985", "Hannah Arendt", "Chinua Achebe",
                     #""day":14"#] {
            #expect(!out.contains(gone), "\(gone) in \(out)")
        }
        for kept in [#""id":"cus_8f7a""#, #""country":"GB""#, #""mrn":"A12""#, #""email_verified":true"#] {
            #expect(out.contains(kept), "\(kept) lost: \(out)")
        }
        #expect(out.contains("[REDACTED:person_name]") && out.contains("[REDACTED:address]") && out.contains("[REDACTED:date_of_birth]"))
    }

    /// Keys that look personal but are not, and names that are not people's.
    @Test func keyedNearMisses() throws {
        let line = #"""
            {"name":"inference.complete","span_name":"llm.generate","model_name":"Claude Sonnet","host_name":"gpu-node-7",
             "file_name":"report.pdf","username":"svc-ingest","remote_address":"10.0.0.1:8080","address":"0x71C7656EC7ab88b098defB751B7401B5",
             "tool":{"name":"web_search"},"service":{"name":"Document Parser"},"event":"customer_created","display_name":"Batch Runner"}
            """#.replacingOccurrences(of: "\n", with: "")
        let (batch, _) = RedactHarness.run([line])
        let out = RedactHarness.json(try #require(batch.events.first))
        #expect(!out.contains("REDACTED:person_name") && !out.contains("REDACTED:address"), "\(out)")
    }

    /// `detectors:` names the new rules; without them nothing of this is masked.
    @Test func detectorsChooseTheRules() throws {
        let options = try RedactHarness.load("- type: redact\n  detectors: [email]\n").get()
        #expect(RedactHarness.redactMessage("my name is Maria Gonzalez, DOB 1985-03-14", options) == "my name is Maria Gonzalez, DOB 1985-03-14")
        let personal = try RedactHarness.load("- type: redact\n  detectors: [personal_data]\n").get()
        let out = RedactHarness.redactMessage("my name is Maria Gonzalez, DOB 1985-03-14, 12 Baker Street", personal)
        #expect(out == "my name is [REDACTED:person_name], DOB [REDACTED:date_of_birth], [REDACTED:address]", "\(out)")
    }
}
