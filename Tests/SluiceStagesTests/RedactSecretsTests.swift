import Testing
import SluiceCore
import SluiceTestSupport
@testable import SluiceStages

/// Secrets of the AI stack and cloud (issue #20, second part): provider keys, secret query
/// parameters, credentials in connection strings and session cookies, generated with random
/// bodies of the right alphabet and length (``SecretSamples``), in every kind of place a log
/// puts them; what sits around them stays readable; the near misses stay as they are.
@Suite struct RedactSecretsTests {
    static let rounds = 10

    static let places: [(name: String, line: @Sendable (String) -> String)] = RedactNationalIDTests.places + [
        (name: "header line", line: { @Sendable in #"{"msg":"upstream request\nHost: api.example.com\n\#($0)\nAccept: */*"}"# }),
    ]

    static func redactLine(_ line: String, _ options: RedactStage.Options = .init()) -> String {
        RedactNationalIDTests.redactLine(line, options)
    }

    static func escaped(_ s: String) -> String { RedactNationalIDTests.escaped(s) }

    @Test(arguments: SecretSamples.rules)
    func everyFormatInEveryPlace(_ rule: String) {
        var rng = SplitMix(seed: 0x5EC_2E75 &+ UInt64(SecretSamples.rules.firstIndex(of: rule)!))
        for _ in 0..<Self.rounds {
            for sample in SecretSamples.formats(rule, &rng) {
                for place in Self.places {
                    let out = Self.redactLine(place.line(Self.escaped(sample.text)))
                    #expect(!out.contains(Self.escaped(sample.core)), "\(rule) in \(place.name): \(out)")
                    #expect(out.contains("[REDACTED:\(rule)]"), "\(rule) in \(place.name): \(out)")
                    for kept in sample.kept {
                        #expect(out.contains(Self.escaped(kept)), "\(rule) in \(place.name): \(kept.debugDescription) not kept in \(out)")
                    }
                    // Redacting again changes nothing.
                    #expect(Self.redactLine(out) == out, "\(rule) in \(place.name): second pass changed \(out)")
                }
            }
        }
    }

    /// Every provider's key in every form (plain, `Authorization: Bearer`, `x-api-key:`, an
    /// environment variable, JSON, a Python call, a traceback) and place: named `api_key`,
    /// also after `Bearer`, a sensitive name or a query parameter. A key known by the
    /// vendor's name alone is only a secret pair's value after a sensitive name.
    @Test func providerKeysInEveryFormAndPlace() {
        var rng = SplitMix(seed: 0xA1_5EC)
        for _ in 0..<3 {
            for (vendor, key, context) in SecretSamples.providerKeys(&rng) {
                for form in SecretSamples.keyForms {
                    for place in Self.places {
                        let out = Self.redactLine(place.line(Self.escaped(form.text(context, key))))
                        #expect(!out.contains(key), "\(vendor) as \(form.name) in \(place.name): \(out)")
                        let named = context.isEmpty || ["plain", "json in text", "traceback"].contains(form.name)
                        #expect(!named || out.contains("[REDACTED:api_key]"), "\(vendor) as \(form.name) in \(place.name): \(out)")
                    }
                }
                let url = Self.redactLine(#"{"url":"https://api.example.com/v1/models?key=\#(key)&alt=json"}"#)
                #expect(!url.contains(key) && url.contains("&alt=json"), "\(vendor) in a URL: \(url)")
                #expect(context.isEmpty ? url.contains("?key=[REDACTED:api_key]&") : url.contains("?key=[REDACTED:url_token]&"), "\(vendor) in a URL: \(url)")
            }
        }
    }

    @Test func nearMissesAreLeftAlone() {
        var rng = SplitMix(seed: 0x0DD)
        for _ in 0..<Self.rounds {
            for text in SecretSamples.lookAlikes(&rng) {
                #expect(RedactHarness.redactMessage(text) == text)
                for place in Self.places {
                    let out = Self.redactLine(place.line(Self.escaped(text)))
                    #expect(!out.contains("[REDACTED"), "\(place.name): \(out)")
                }
            }
        }
    }

    /// Keys one character short or long, or in the wrong alphabet.
    @Test func wrongLengthsAndAlphabetsAreLeftAlone() {
        var rng = SplitMix(seed: 0x1E7)
        let A = SecretSamples.alnum
        for _ in 0..<Self.rounds {
            let misses = [
                "AIza" + rng.string(34, from: A), "AIza" + rng.string(36, from: A), "gsk_" + rng.string(30, from: A),
                "r8_" + rng.string(36, from: A), "r8_" + rng.string(38, from: A), "npm_" + rng.string(35, from: A),
                "ls__" + rng.hex(31), "ls__" + rng.string(32, from: "ghijklmnopqrstuvwxyz"), "lsv2_pt_" + rng.hex(20),
                "pcsk_" + rng.string(20, from: A), "whsec_" + rng.string(10, from: A), "glpat-" + rng.string(12, from: A),
                "pypi-AgEIcHlwaS5vcmc" + rng.string(20, from: A), "sk-" + rng.string(12, from: A),
                "cohere " + rng.string(40, from: "0123456789abcdef"), "mistral " + rng.string(32, from: "0123456789ABCDEF"),
                "cohere " + SecretSamples.mixed(39, &rng), "mistral " + SecretSamples.mixed(33, &rng),
            ]
            for text in misses {
                let out = RedactHarness.redactMessage("value \(text) end")
                #expect(!out.contains("[REDACTED:api_key]"), "\(text) → \(out)")
                // Nor taken by another rule: the near miss stays as it was.
                #expect(out == "value \(text) end", "\(text) → \(out)")
            }
        }
    }

    // MARK: Examples

    static let examples: [(String, String)] = [
        ("GET https://acme.s3.amazonaws.com/a.csv?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261124%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261124T103000Z&X-Amz-Signature=4f3e2d1c",
         "GET https://acme.s3.amazonaws.com/a.csv?X-Amz-Credential=[REDACTED:url_token]&X-Amz-Date=20261124T103000Z&X-Amz-Signature=[REDACTED:url_token]"),
        ("blob https://a.blob.core.windows.net/c/b?sv=2022-11-02&sp=r&sig=AbC%2Bd%3D", "blob https://a.blob.core.windows.net/c/b?sv=2022-11-02&sp=r&sig=[REDACTED:url_token]"),
        ("cb /auth?code=4/0AfJohXn9k2Lq&state=xyz&Access_Token=ya29.a0AfB", "cb /auth?code=[REDACTED:url_token]&state=xyz&Access_Token=[REDACTED:url_token]"),
        ("db postgresql+asyncpg://app:s3cr3t!@db.internal:5432/orders ok", "db postgresql+asyncpg://[REDACTED:connection_credentials]@db.internal:5432/orders ok"),
        ("cache redis://:hunter2x@cache:6379/0", "cache redis://[REDACTED:connection_credentials]@cache:6379/0"),
        ("mongo mongodb+srv://etl:p@ss@cluster0.ab1cd.mongodb.net/db?retryWrites=true",
         "mongo mongodb+srv://[REDACTED:connection_credentials]@cluster0.ab1cd.mongodb.net/db?retryWrites=true"),
        ("web https://bob:pw123@intranet.example.com/x", "web https://[REDACTED:connection_credentials]@intranet.example.com/x"),
        ("Cookie: theme=dark; sessionid=8f14e45fceea167a5a36dedd4bea2543; lang=en",
         "Cookie: theme=dark; sessionid=[REDACTED:session_cookie]; lang=en"),
        ("Set-Cookie: connect.sid=s%3AabcDEF123.xyz; Path=/; HttpOnly", "Set-Cookie: connect.sid=[REDACTED:session_cookie]; Path=/; HttpOnly"),
        ("headers Authorization: Bearer sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789 done",
         "headers Authorization: Bearer [REDACTED:api_key] done"),
        ("OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz0123", "OPENAI_API_KEY=[REDACTED:api_key]"),
        // Text holding JSON as written (a cut line): `\u0026` for `&`, escaped quotes.
        (#"{\"url\":\"https://x.io/cb?a=1\u0026token=abc123def456\u0026b=2\",\"cookie\":\"sid=f00dcafe1234; lang=en\"}"#,
         #"{\"url\":\"https://x.io/cb?a=1\u0026token=[REDACTED:url_token]\u0026b=2\",\"cookie\":\"sid=[REDACTED:session_cookie]; lang=en\"}"#),
    ]

    @Test(arguments: examples)
    func examplesRedactOnceAndForAll(_ input: String, _ expected: String) {
        let once = RedactHarness.redactMessage(input)
        #expect(once == expected)
        #expect(RedactHarness.redactMessage(once) == once)
    }

    // MARK: Cookie members

    @Test func cookieMembersAreReadCookieByCookie() {
        let line = #"{"headers":{"cookie":"theme=dark; PHPSESSID=k2j3h4g5f6d7s8a9; _ga=GA1.2.3.4"},"#
            + #""set-cookie":"sid=a1b2c3d4e5; Path=/; HttpOnly","cookies":{"session":"9f8e7d6c5b4a","theme":"dark","_ga":"GA1.2.3.4"},"#
            + #""request_cookies":["csrftoken=Qw3rTy12; lang=en"],"Cookie":"opaque-value-without-names"}"#
        #expect(Self.redactLine(line) == #"{"headers":{"cookie":"theme=dark; PHPSESSID=[REDACTED:session_cookie]; _ga=GA1.2.3.4"},"#
            + #""set-cookie":"sid=[REDACTED:session_cookie]; Path=/; HttpOnly","#
            + #""cookies":{"session":"[REDACTED:session_cookie]","theme":"dark","_ga":"GA1.2.3.4"},"#
            + #""request_cookies":["csrftoken=[REDACTED:session_cookie]; lang=en"],"Cookie":"[REDACTED:sensitive_key]"}"#)
    }

    /// Under a key sensitive as a whole (`cookie`, `set-cookie`), anything but a well-formed
    /// cookie list is masked whole, as before: an array, an object, text with spaces.
    @Test func sensitiveCookieKeysKeepTheirWholeValueMaskUnlessACookieList() {
        let line = #"{"set-cookie":["sid=abc123; Path=/","theme=dark"],"cookie":{"session":"x1"},"Cookie":"my secret 123=4"}"#
        #expect(Self.redactLine(line) == #"{"set-cookie":"[REDACTED:sensitive_key]","cookie":"[REDACTED:sensitive_key]","Cookie":"[REDACTED:sensitive_key]"}"#)
    }

    // MARK: Configuration

    @Test func newRulesAreDetectorsOfTheirOwn() throws {
        let options = try RedactHarness.load("  - type: redact\n    detectors: [url_token, session_cookie]").get()
        #expect(options.detectors.contains(RedactRule.urlToken) && options.detectors.contains(RedactRule.sessionCookie))
        #expect(!options.detectors.contains(RedactRule.connectionCredentials) && !options.detectors.contains(RedactRule.secretPair))
        let text = "u https://x.io/?token=abc123xyz9 db postgres://u:pw9@h/db Cookie: sid=abc123def; lang=en"
        #expect(RedactHarness.redactMessage(text, options)
            == "u https://x.io/?token=[REDACTED:url_token] db postgres://u:pw9@h/db Cookie: sid=[REDACTED:session_cookie]; lang=en")
        // Without them, the secret-pair rule still takes a sensitive name's value.
        let pairs = try RedactHarness.load("  - type: redact\n    detectors: [secret_pair]").get()
        #expect(RedactHarness.redactMessage("u https://x.io/?token=abc123xyz9&p=1", pairs) == "u https://x.io/?token=[REDACTED:secret_pair]&p=1")
        for rule in [RedactRule.urlToken, RedactRule.connectionCredentials, RedactRule.sessionCookie] {
            #expect(RedactRule.allDetectors.contains(rule))
        }
        #expect(RedactRule.builtInNames.count == Int(RedactRule.builtInCount))
    }

    @Test func hashAndPartialActionsApply() throws {
        let options = try RedactHarness.load("""
              - type: redact
                actions: { url_token: partial, connection_credentials: hash, session_cookie: hash }
                hmac_key: k
            """).get()
        let out = RedactHarness.redactMessage("a https://x.io/?sig=abcdefgh12345 b mysql://u:pw@h/db c Cookie: sid=abc123def", options)
        #expect(out.hasPrefix("a https://x.io/?sig=*********2345 b mysql://hmac:"), "\(out)")
        #expect(out.contains("@h/db c Cookie: sid=hmac:"), "\(out)")
    }
}
