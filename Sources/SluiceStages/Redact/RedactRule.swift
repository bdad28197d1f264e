/// The rules the `redact` stage knows: one per built-in detector, the sensitive-key rule,
/// and (after ``RedactRule/builtInCount``) one per custom pattern.
///
/// Rule names are fixed strings from this table or from the pipeline file; they appear in
/// masks (`[REDACTED:email]`), metric labels (`sluice_redact_redactions_total{rule="email"}`)
/// and `--explain` output, never event content.
public enum RedactRule {
    public static let email: UInt16 = 0
    public static let creditCard: UInt16 = 1
    public static let ipv4: UInt16 = 2
    public static let ipv6: UInt16 = 3
    public static let phone: UInt16 = 4
    public static let usSSN: UInt16 = 5
    public static let iban: UInt16 = 6
    public static let jwt: UInt16 = 7
    public static let bearerToken: UInt16 = 8
    public static let awsAccessKey: UInt16 = 9
    public static let githubToken: UInt16 = 10
    public static let slackToken: UInt16 = 11
    public static let apiKey: UInt16 = 12
    public static let privateKey: UInt16 = 13
    public static let secretPair: UInt16 = 14
    /// A JSON member whose key is sensitive (`password`, `api_key`, …): its whole value.
    public static let sensitiveKey: UInt16 = 15
    /// A value the stage could not process (fail closed).
    public static let unprocessable: UInt16 = 16
    /// The end of a line cut at `max_line_bytes`: its trailing token (see ``CutEnd``).
    public static let truncated: UInt16 = 17
    public static let ukNINO: UInt16 = 18
    public static let ukNHS: UInt16 = 19
    public static let caSIN: UInt16 = 20
    public static let inAadhaar: UInt16 = 21
    public static let inPAN: UInt16 = 22
    public static let brCPF: UInt16 = 23
    public static let esDNI: UInt16 = 24
    public static let esNIE: UInt16 = 25
    public static let frNIR: UInt16 = 26
    public static let itCodiceFiscale: UInt16 = 27
    public static let deSteuerID: UInt16 = 28
    public static let passport: UInt16 = 29
    public static let imei: UInt16 = 30
    public static let macAddress: UInt16 = 31
    /// The value of a secret query parameter in a URL (`?X-Amz-Signature=…`, `&token=…`).
    public static let urlToken: UInt16 = 32
    /// The `user:password` of a URL or connection string (`postgresql://u:p@host/db`), and the
    /// key of a `;`-separated connection string (`;AccountKey=…`, `;Password=…`).
    public static let connectionCredentials: UInt16 = 33
    /// The value of a session cookie in a `Cookie:`/`Set-Cookie:` header or a cookie member.
    public static let sessionCookie: UInt16 = 34
    /// A person's name: after a cue in text, a listed name, or under a key naming a person
    /// (see ``PersonNameDetector``, ``PersonalKeys``).
    public static let personName: UInt16 = 35
    /// A postal address or postcode (see ``AddressDetector``).
    public static let address: UInt16 = 36
    /// A date of birth (see ``BirthDateDetector``).
    public static let dateOfBirth: UInt16 = 37
    /// Number of built-in rules; custom patterns are numbered from here.
    public static let builtInCount: UInt16 = 38
    /// Rules that only mask, named in no `actions:` (they are not detectors).
    public static let maskOnlyNames: Set<String> = ["unprocessable", "truncated"]

    /// Names of the built-in rules, indexed by rule number.
    public static let builtInNames: [String] = [
        "email", "credit_card", "ipv4", "ipv6", "phone", "us_ssn", "iban", "jwt", "bearer_token",
        "aws_access_key", "github_token", "slack_token", "api_key", "private_key", "secret_pair",
        "sensitive_key", "unprocessable", "truncated",
        "uk_nino", "uk_nhs", "ca_sin", "in_aadhaar", "in_pan", "br_cpf", "es_dni", "es_nie", "fr_nir", "it_codice_fiscale",
        "de_steuer_id", "passport", "imei", "mac_address", "url_token", "connection_credentials", "session_cookie",
        "person_name", "address", "date_of_birth",
    ]

    /// The national identifiers, country by country (see ``RedactRegion``).
    public static let nationalIDs: [UInt16] = [
        usSSN, ukNINO, ukNHS, caSIN, inAadhaar, inPAN, brCPF, esDNI, esNIE, frNIR, itCodiceFiscale, deSteuerID,
    ]

    /// Names accepted in `detectors:` and the rules each enables. `api_key` enables every
    /// API-key format (AWS, GitHub, Slack, the vendor-prefixed keys of AI and cloud providers,
    /// and the keys known only by the vendor's name before them), `national_id` every
    /// national identifier (``nationalIDs``), `device_id` IMEIs and MAC addresses,
    /// `personal_data` names, addresses and dates of birth.
    public static let detectorNames: [(name: String, rules: [UInt16])] = [
        ("email", [email]), ("credit_card", [creditCard]), ("ipv4", [ipv4]), ("ipv6", [ipv6]),
        ("phone", [phone]), ("us_ssn", [usSSN]), ("iban", [iban]), ("jwt", [jwt]),
        ("bearer_token", [bearerToken]), ("aws_access_key", [awsAccessKey]),
        ("github_token", [githubToken]), ("slack_token", [slackToken]),
        ("api_key", [apiKey, awsAccessKey, githubToken, slackToken]),
        ("private_key", [privateKey]), ("secret_pair", [secretPair]),
        ("uk_nino", [ukNINO]), ("uk_nhs", [ukNHS]), ("ca_sin", [caSIN]), ("in_aadhaar", [inAadhaar]), ("in_pan", [inPAN]),
        ("br_cpf", [brCPF]), ("es_dni", [esDNI]), ("es_nie", [esNIE]), ("fr_nir", [frNIR]),
        ("it_codice_fiscale", [itCodiceFiscale]), ("de_steuer_id", [deSteuerID]), ("national_id", nationalIDs),
        ("passport", [passport]), ("imei", [imei]), ("mac_address", [macAddress]), ("device_id", [imei, macAddress]),
        ("url_token", [urlToken]), ("connection_credentials", [connectionCredentials]), ("session_cookie", [sessionCookie]),
        ("person_name", [personName]), ("address", [address]), ("date_of_birth", [dateOfBirth]),
        ("personal_data", [personName, address, dateOfBirth]),
    ]

    /// Every built-in detector rule (what `detectors: all` enables).
    public static let allDetectors: DetectorSet = {
        var set = DetectorSet()
        for (_, rules) in detectorNames { for r in rules { set.insert(r) } }
        return set
    }()
}

/// A set of built-in detector rules, as a bit mask.
public struct DetectorSet: Sendable, Equatable {
    public var bits: UInt64 = 0
    public init() {}
    @inline(__always) public func contains(_ rule: UInt16) -> Bool { bits & (1 << UInt64(rule)) != 0 }
    public mutating func insert(_ rule: UInt16) { bits |= 1 << UInt64(rule) }
    /// The rules in both sets.
    public func intersection(_ other: DetectorSet) -> DetectorSet {
        var set = DetectorSet()
        set.bits = bits & other.bits
        return set
    }
    /// True when the sets share a rule.
    @inline(__always) public func intersects(_ other: DetectorSet) -> Bool { bits & other.bits != 0 }
}

/// One finding in a string: the byte range and the rule that found it.
public struct RedactMatch: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public var rule: UInt16

    public init(start: Int, end: Int, rule: UInt16) {
        self.start = start
        self.end = end
        self.rule = rule
    }
}
