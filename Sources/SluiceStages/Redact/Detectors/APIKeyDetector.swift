/// API keys with a recognisable prefix:
///
/// | rule | shape |
/// | --- | --- |
/// | `aws_access_key` | `AKIA`, `ASIA`, `AIDA`, `AROA`, `AIPA`, `ANPA`, `ANVA`, `AGPA`, `ABIA`, `ACCA` + 16 of `A-Z 0-9` |
/// | `github_token` | `ghp_` `gho_` `ghu_` `ghs_` `ghr_` + 30–255 of `A-Za-z0-9`; `github_pat_` + 22+ of `A-Za-z0-9_` |
/// | `slack_token` | `xoxa-` `xoxb-` `xoxp-` `xoxr-` `xoxs-` `xoxe-` `xapp-` + 10+ of `A-Za-z0-9-`; webhook URLs `hooks.slack.com/services/…` |
/// | `api_key` | OpenAI/Anthropic `sk-…` (20+), Stripe `sk_live_`/`sk_test_`/`rk_live_`/`rk_test_` (16+), Google `AIza` + 35 of `A-Za-z0-9_-`, Hugging Face `hf_` (30+, letters only as issued), GitLab `glpat-` (20+), npm `npm_` (36) |
///
/// The part after the prefix must not run on into more word characters. After `sk-`,
/// `xox…-` and `xapp-`, whose bodies may hold dashes, it must also hold both a letter and a
/// digit (so `sk-learn-tutorial` is not a key); the other prefixes are specific enough on
/// their own, and their keys are random characters that need not hold both (a Hugging Face
/// token is 34 letters; one GitLab token in thirty has no digit).
enum APIKeyDetector {
    static let awsPrefixes: [StaticString] = ["AKIA", "ASIA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "AGPA", "ABIA", "ACCA"]

    /// The key starting at `i`; returns its end and rule.
    static func match(_ s: Bytes, at i: Int) -> (end: Int, rule: UInt16)? {
        switch s[i] {
        case UInt8(ascii: "A"):
            if s.hasPrefix("AIza", at: i), let end = body(s, from: i + 4, min: 35, max: 35, extra: [0x2D, 0x5F], mixed: false) {
                return (end, RedactRule.apiKey)
            }
            for prefix in awsPrefixes where s.hasPrefix(prefix, at: i) {
                var j = i + 4
                while j < s.n && j - i < 21 && s.cls(j) & (ByteClass.upper | ByteClass.digit) != 0 { j += 1 }
                if j - i == 20 && !s.isWord(j) { return (j, RedactRule.awsAccessKey) }
                return nil
            }
        case UInt8(ascii: "g"):
            if s.at(i + 1) == UInt8(ascii: "h"), s.at(i + 3) == 0x5F,
                [UInt8(ascii: "p"), UInt8(ascii: "o"), UInt8(ascii: "u"), UInt8(ascii: "s"), UInt8(ascii: "r")].contains(s.at(i + 2)),
                let end = body(s, from: i + 4, min: 30, max: 255, extra: [], mixed: false) {
                return (end, RedactRule.githubToken)
            }
            if s.hasPrefix("github_pat_", at: i), let end = body(s, from: i + 11, min: 22, max: 255, extra: [0x5F], mixed: false) {
                return (end, RedactRule.githubToken)
            }
            if s.hasPrefix("glpat-", at: i), let end = body(s, from: i + 6, min: 20, max: 64, extra: [0x2D, 0x5F], mixed: false) {
                return (end, RedactRule.apiKey)
            }
        case UInt8(ascii: "x"):
            let isSlack = (s.hasPrefix("xox", at: i) && [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "p"), UInt8(ascii: "r"),
                UInt8(ascii: "s"), UInt8(ascii: "e")].contains(s.at(i + 3)) && s.at(i + 4) == 0x2D) || s.hasPrefix("xapp-", at: i)
            if isSlack, let end = body(s, from: i + 5, min: 10, max: 255, extra: [0x2D]) {
                return (end, RedactRule.slackToken)
            }
        case UInt8(ascii: "s"), UInt8(ascii: "r"):
            if s.at(i) == UInt8(ascii: "s"), s.at(i + 1) == UInt8(ascii: "k"), s.at(i + 2) == 0x2D,
                let end = body(s, from: i + 3, min: 20, max: 255, extra: [0x2D, 0x5F]) {
                return (end, RedactRule.apiKey)
            }
            if s.at(i + 1) == UInt8(ascii: "k"), s.at(i + 2) == 0x5F,
                s.hasPrefix("live_", at: i + 3) || s.hasPrefix("test_", at: i + 3),
                let end = body(s, from: i + 8, min: 16, max: 255, extra: [], mixed: false) {
                return (end, RedactRule.apiKey)
            }
        case UInt8(ascii: "h"):
            if s.hasPrefix("hooks.slack.com/services/", at: i),
                let end = body(s, from: i + 25, min: 20, max: 255, extra: [0x2F, 0x5F, 0x2D], mixed: false) {
                return (end, RedactRule.slackToken)
            }
            if s.hasPrefix("hf_", at: i), let end = body(s, from: i + 3, min: 30, max: 64, extra: [], mixed: false) {
                return (end, RedactRule.apiKey)
            }
        case UInt8(ascii: "n"):
            if s.hasPrefix("npm_", at: i), let end = body(s, from: i + 4, min: 36, max: 36, extra: [], mixed: false) {
                return (end, RedactRule.apiKey)
            }
        default:
            break
        }
        return nil
    }

    /// The end of a key body of `A-Za-z0-9` (plus `extra`) starting at `j`, `min`–`max` long,
    /// not followed by another word character, and holding a letter and a digit when `mixed`
    /// (else at least one of them).
    static func body(_ s: Bytes, from j: Int, min: Int, max: Int, extra: [UInt8], mixed: Bool = true) -> Int? {
        var k = j
        var letter = false
        var digit = false
        while k < s.n {
            let c = s.cls(k)
            if c & ByteClass.digit != 0 {
                digit = true
            } else if c & (ByteClass.upper | ByteClass.lower) != 0 {
                letter = true
            } else if !extra.contains(s[k]) {
                break
            }
            k += 1
        }
        let length = k - j
        guard length >= min, length <= max, mixed ? letter && digit : letter || digit, !s.isWord(k) else { return nil }
        return k
    }
}
