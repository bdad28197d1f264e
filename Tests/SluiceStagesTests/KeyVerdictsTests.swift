import Testing
@testable import SluiceStages

/// ``KeyVerdicts`` answers exactly what working the verdicts out answers, whatever the order
/// of the keys, their lengths and the slots they share.
@Suite struct KeyVerdictsTests {
    static let named = [
        "password", "db_password", "userPassword", "PWD", "x-api-key", "api_key", "token", "access_token",
        "max_tokens", "token_count", "cookie", "Cookies", "set-cookie", "Set_Cookie", "HTTP_COOKIE", "request_cookies",
        "session_id", "sessionid", "workflow_id", "trace_id", "span_id", "timestamp", "level", "msg", "a", "ab", "abc",
        "abcd", "abcdefg", "abcdefgh", "abcdefghijklmnop", "abcdefghijklmnopq", "authorization", "Authorization",
        "client_secret", "clientsecret", "secret_key_id", "private_key", "passphrase", "credentials",
        "a_very_long_member_name_password", "a_very_long_member_name_passwordx", "é_password", "pässword",
        "full_name", "firstName", "user.full_name", "customer", "name", "dob", "date_of_birth", "shipping_address",
        "x-user-name", "postcode", "zip", "emergency_contact_name", "customer_first_name_long_key",
    ]

    /// Keys that share their first or last bytes, lengths 1 to 20, mixed case, `-` and `_`.
    static func generated() -> [String] {
        var keys: [String] = []
        var rng: UInt64 = 0x5eed
        let alphabet = Array("abcdeIKNOPRSTWY_-0".utf8)
        for length in 1...20 {
            for _ in 0..<40 {
                var bytes: [UInt8] = []
                for _ in 0..<length {
                    rng = rng &* 6364136223846793005 &+ 1442695040888963407
                    bytes.append(alphabet[Int(rng >> 33) % alphabet.count])
                }
                keys.append(String(decoding: bytes, as: UTF8.self))
                keys.append("passw" + String(decoding: bytes, as: UTF8.self) + "word")
                keys.append(String(decoding: bytes, as: UTF8.self) + "_token")
            }
        }
        return keys
    }

    @Test func verdictsAreTheWorkedOutOnes() {
        let keys = SensitiveKeys(SensitiveKeys.defaults)
        var verdicts = KeyVerdicts(keys: keys)
        let all = Self.named + Self.generated()
        // Several passes in different orders: hits, misses and slots taken over.
        for pass in 0..<3 {
            for (k, name) in all.enumerated() {
                let key = pass == 1 ? all[all.count - 1 - k] : name
                Array(key.utf8).withUnsafeBufferPointer { b in
                    let v = verdicts.verdict(b)
                    #expect(v.contains(.sensitive) == keys.matches(b), "\(key): sensitive")
                    #expect(v.contains(.cookie) == CookieDetector.isCookieKey(b), "\(key): cookie")
                    let role = PersonalKeys.mayHaveRole(b, gate: PersonalKeys.gate) ? PersonalKeys.role(b) : .none
                    #expect(v.personalRole == role, "\(key): personal role")
                }
            }
        }
    }

    @Test func anEmptyKeyIsJudgedNotRemembered() {
        var verdicts = KeyVerdicts(keys: SensitiveKeys(SensitiveKeys.defaults))
        let v = [UInt8]().withUnsafeBufferPointer { verdicts.verdict($0) }
        #expect(v.isEmpty)
    }
}
