import Testing
import SluiceCore
@testable import SluiceStages

/// Each built-in detector on real-world formats, and the look-alikes it must leave alone.
@Suite struct RedactDetectorTests {
    static let positives: [(String, String, String)] = [
        // (input, rule, the PII that must be gone)
        ("mail alice@example.com now", "email", "alice@example.com"),
        ("to: First.Last+tag@mail.sub.example.co.uk;", "email", "First.Last+tag@mail.sub.example.co.uk"),
        ("<bob_99@corp-mail.io>", "email", "bob_99@corp-mail.io"),
        ("card 4111111111111111 ok", "credit_card", "4111111111111111"),
        ("card 4111 1111 1111 1111.", "credit_card", "4111 1111 1111 1111"),
        ("amex 3782-822463-10005", "credit_card", "3782-822463-10005"),
        ("mc 5555-5555-5555-4444", "credit_card", "5555-5555-5555-4444"),
        ("paid 3 items with 6011 1111 1111 1117 today", "credit_card", "6011 1111 1111 1117"),
        ("client 203.0.113.7 connected", "ipv4", "203.0.113.7"),
        ("from=10.0.0.1:8080", "ipv4", "10.0.0.1"),
        ("peer 2001:db8::8a2e:370:7334 closed", "ipv6", "2001:db8::8a2e:370:7334"),
        ("[fe80::1ff:fe23:4567:890a]:443", "ipv6", "fe80::1ff:fe23:4567:890a"),
        ("full 2001:0db8:85a3:0000:0000:8a2e:0370:7334", "ipv6", "2001:0db8:85a3:0000:0000:8a2e:0370:7334"),
        ("mapped ::ffff:192.0.2.128 here", "ipv6", "::ffff:192.0.2.128"),
        ("call +1 415 555 2671", "phone", "+1 415 555 2671"),
        // National formats without a trunk 0, after a phone word.
        ("cellulare: 347 123 4567", "phone", "347 123 4567"),
        ("teléfono móvil 612 34 56 78", "phone", "612 34 56 78"),
        ("mobile 98765 43210", "phone", "98765 43210"),
        ("phone 138 0013 8000", "phone", "138 0013 8000"),
        ("tel. 55 1234 5678", "phone", "55 1234 5678"),
        ("call 512 345 678", "phone", "512 345 678"),
        ("phone 8 (912) 345-67-89", "phone", "8 (912) 345-67-89"),
        ("call (415) 555-2671 today", "phone", "(415) 555-2671"),
        ("phone 415-555-2671", "phone", "415-555-2671"),
        ("uk +44 20 7946 0958", "phone", "+44 20 7946 0958"),
        ("uk 020 7946 0958", "phone", "020 7946 0958"),
        ("fr 06 12 34 56 78", "phone", "06 12 34 56 78"),
        ("de +49 30 1234567", "phone", "+49 30 1234567"),
        ("e164 +14155552671", "phone", "+14155552671"),
        ("tel: 4155552671", "phone", "4155552671"),
        ("ssn 078-05-1120", "us_ssn", "078-05-1120"),
        ("SSN: 123456789", "us_ssn", "123456789"),
        ("iban DE89370400440532013000", "iban", "DE89370400440532013000"),
        ("iban GB82 WEST 1234 5698 7654 32", "iban", "GB82 WEST 1234 5698 7654 32"),
        ("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "jwt",
         "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"),
        ("Authorization: Bearer abcDEF123456ghiJKL789", "bearer_token", "abcDEF123456ghiJKL789"),
        ("key AKIAIOSFODNN7EXAMPLE used", "aws_access_key", "AKIAIOSFODNN7EXAMPLE"),
        ("gh ghp_16C7e42F292c6912E7710c838347Ae178B4a", "github_token", "ghp_16C7e42F292c6912E7710c838347Ae178B4a"),
        ("slack xoxb-1234567890-0987654321-AbCdEfGhIjKl", "slack_token", "xoxb-1234567890-0987654321-AbCdEfGhIjKl"),
        ("openai sk-proj-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c", "api_key", "sk-proj-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c"),
        ("key -----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY----- end", "private_key", "MIIEpAIBAAKCAQEA"),
        ("diners 3056 9309 0259 04 ok", "credit_card", "3056 9309 0259 04"),
        ("maestro 6759649826438453", "credit_card", "6759649826438453"),
        ("cidr 10.20.0.0/16 routed", "ipv4", "10.20.0.0"),
        ("padded 192.168.001.010 up", "ipv4", "192.168.001.010"),
        ("GET /unsubscribe?email=alice.b%40example.com&x=1", "email", "alice.b%40example.com"),
        ("prefix 2001:db8:: assigned", "ipv6", "2001:db8::"),
        ("us +1-202-555-0173", "phone", "+1-202-555-0173"),
        ("in +91 98765 43210", "phone", "+91 98765 43210"),
        ("ru +7 (495) 123-45-67", "phone", "+7 (495) 123-45-67"),
        ("toll 1 (800) 555-0199", "phone", "1 (800) 555-0199"),
        ("nanp (800)555-0199", "phone", "(800)555-0199"),
        ("uk mobile 07700 900123", "phone", "07700 900123"),
        ("link tel:+14155552671", "phone", "+14155552671"),
        ("ssn 123 45 6789", "us_ssn", "123 45 6789"),
        ("pat github_pat_11ABCDEFG0abcdefghijklmn_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS", "github_token",
         "github_pat_11ABCDEFG0abcdefghijklmn_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS"),
        ("stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc", "api_key", "sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
        ("google AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW", "api_key", "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW"),
        ("url https://x.io/cb?token=abc123XYZ&page=2", "url_token", "abc123XYZ"),
        ("header x-api-key: 9f8e7d6c5b4a", "secret_pair", "9f8e7d6c5b4a"),
        ("Authorization: Basic dXNlcjpwYXNzd29yZA==", "secret_pair", "dXNlcjpwYXNzd29yZA=="),
        ("hook https://hooks.slack.com/services/T0ABCDEF1/B0ABCDEF2/aBcDeFgHiJkLmNoPqRsTuVwX", "slack_token",
         "T0ABCDEF1/B0ABCDEF2/aBcDeFgHiJkLmNoPqRsTuVwX"),
        ("login password=hunter2 ok", "secret_pair", "hunter2"),
        ("db_secret: s3cr3t-value,", "secret_pair", "s3cr3t-value"),
        (#"{"api_key":"abc123def"}"#, "secret_pair", "abc123def"),
        // Found by RedactFuzzTests: values in parentheses, an address ending a sentence, keys as
        // their vendors issue them (letters only, `_` in Google keys, no digit by chance).
        ("peer (10.0.0.1) up", "ipv4", "10.0.0.1"),
        ("card (4111111111111111) ok", "credit_card", "4111111111111111"),
        ("card (4111 1111 1111 1111) ok", "credit_card", "4111 1111 1111 1111"),
        ("charged (4111111111111111) 2 tries", "credit_card", "4111111111111111"),
        ("ssn (078-05-1120) on file", "us_ssn", "078-05-1120"),
        ("peer (2001:db8::8a2e:370:7334) closed", "ipv6", "2001:db8::8a2e:370:7334"),
        ("from 2001:db8::8a2e:370:7334. Then", "ipv6", "2001:db8::8a2e:370:7334"),
        ("hf 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", "api_key", "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"),
        ("google AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe", "api_key", "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe"),
        ("gitlab glpat-QSoaV_wBdqFVwLupJocr", "api_key", "glpat-QSoaV_wBdqFVwLupJocr"),
        ("stripe sk_test_TvrePclSHFTfwtNQvNoAiyOA", "api_key", "sk_test_TvrePclSHFTfwtNQvNoAiyOA"),
        ("gh ghp_abcDEFabcDEFabcDEFabcDEFabcDEFabcDEF", "github_token", "ghp_abcDEFabcDEFabcDEFabcDEFabcDEFabcDEF"),
        // A number followed by a word starting with a digit (`3rd`, `200ms`) was skipped whole.
        ("card 4111111111111111 3rd try", "credit_card", "4111111111111111"),
        ("ip 10.0.0.1 200ms later", "ipv4", "10.0.0.1"),
        ("call +1 415 555 2671 1st", "phone", "+1 415 555 2671"),
        ("ssn 078-05-1120 2x", "us_ssn", "078-05-1120"),
    ]

    @Test(arguments: positives)
    func detects(_ input: String, _ rule: String, _ secret: String) {
        let out = RedactHarness.redactMessage(input)
        #expect(!out.contains(secret), "\(rule): \(out)")
        #expect(out.contains("[REDACTED:\(rule)]"), "\(rule): \(out)")
    }

    static let negatives: [String] = [
        "trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7",
        "request 123e4567-e89b-12d3-a456-426614174000 done",
        "at 2026-11-24T12:30:45.123456Z and 2026-11-24 12:30:45",
        "deployed version 1.2.3.4 and v1.2.3.4 and 1.2.3.4-rc1 and 1.2.3.4.5",
        "cuda 12.2.0.1 with cudnn 8.9.7.29 and driver 4.2.1.0, python 3.11.7.1",
        "upgraded numpy to 1.26.4.1; rolled back onnxruntime from 1.17.0.2",
        "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f158c13d5d2a5b8b5e3d1c7a9f0",
        "digest 3032303236313132343030303031323334353637383930313233343536373839",
        "order ORD-2026-00012345 and PO 4500012345 and order #48213",
        "latency 412.7 ms p99 1534.25 ms",
        "processed 612 34 56 78 rows and 98765 43210 ids, 512 345 678 bytes",
        "build 20261124.3 and build #4521",
        "ref 4111111111111112 failed Luhn",
        "span 7362518273645182736 as decimal, trace 182736451827364518273645182736451827",
        "tokens_in=812 tokens_out=164 max_tokens: 512",
        "model llama-3.1-8b-instruct on port 8080, HTTP 503",
        "time 12:30:45 mac 00:00:00:00:00:00",
        "std::vector and Foo::bar",
        "used 1048576 bytes in 0.412s",
        "Bearer of bad news",
        "package@1.2.3 and icon@2x.png",
        "sk-learn-tutorial-for-beginners",
        "token: 512",
        "ISBN 978-3-16-148410-0",
        "login failed: password: incorrect; token: expired; secret: ****",
        "cloning git@github.com:acme/pipeline.git",
        "loopback ::1 and 127.0.0.1.nip.io",
        "counts 3 14 15 92 65",
        "price 1,299.00 EUR, qty 12",
        "range 2020-2024, page 12 of 40",
        // Found by RedactFuzzTests: a colon run with two `::` is no address, nor is any part of it.
        "bad 2001:db8::8a2e::7334 and 2001:db8::8a2e:370:::8a2e:370:737",
        "(sk-learn-tutorial-for-beginners)",
    ]

    @Test(arguments: negatives)
    func leavesLookAlikesAlone(_ input: String) {
        #expect(RedactHarness.redactMessage(input) == input)
    }

    @Test func ipv4InVersionKeyIsAVersion() {
        // An address after `to` without an upgrade verb is an address.
        let (connected, _) = RedactHarness.run([#"{"msg":"connected to 10.0.0.1, moved from 10.0.0.2"}"#])
        #expect(RedactHarness.json(connected.events[0]) == #"{"msg":"connected to [REDACTED:ipv4], moved from [REDACTED:ipv4]"}"#)
        let (batch, _) = RedactHarness.run([#"{"app_version":"1.2.3.4","peer":"1.2.3.4"}"#])
        #expect(RedactHarness.json(batch.events[0]) == #"{"app_version":"1.2.3.4","peer":"[REDACTED:ipv4]"}"#)
    }

    @Test func idsThatLookLikeNumbersStayIDs() {
        // A span id whose 16 hex digits are all decimal, and a decimal id passing Luhn.
        let line = #"{"span_id":"6592932047471979","traceId":"4111111111111111","card":"4111111111111111"}"#
        let (batch, _) = RedactHarness.run([line])
        #expect(RedactHarness.json(batch.events[0]) == #"{"span_id":"6592932047471979","traceId":"4111111111111111","card":"[REDACTED:credit_card]"}"#)
    }

    @Test func bareNumbersInPhoneAndSSNMembers() {
        let line = #"{"phone_number":"4155552671","ssn":"078051120","order_no":"4155552671"}"#
        let (batch, _) = RedactHarness.run([line])
        #expect(RedactHarness.json(batch.events[0]) == #"{"phone_number":"[REDACTED:phone]","ssn":"[REDACTED:us_ssn]","order_no":"4155552671"}"#)
    }

    @Test func luhnAndMod97AreChecked() {
        let valid: [UInt8] = [4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
        var invalid = valid
        invalid[15] = 2
        #expect(valid.withUnsafeBufferPointer { CreditCardDetector.luhn($0.baseAddress!, 16) })
        #expect(!invalid.withUnsafeBufferPointer { CreditCardDetector.luhn($0.baseAddress!, 16) })
        #expect(RedactHarness.redactMessage("iban DE89370400440532013001") == "iban DE89370400440532013001")
    }
}
