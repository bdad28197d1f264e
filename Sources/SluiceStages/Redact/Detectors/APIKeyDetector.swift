/// API keys with a recognisable prefix:
///
/// | rule | shape |
/// | --- | --- |
/// | `aws_access_key` | `AKIA`, `ASIA`, `AIDA`, `AROA`, `AIPA`, `ANPA`, `ANVA`, `AGPA`, `ABIA`, `ACCA` + 16 of `A-Z 0-9` |
/// | `github_token` | `ghp_` `gho_` `ghu_` `ghs_` `ghr_` + 30–255 of `A-Za-z0-9`; `github_pat_` + 22+ of `A-Za-z0-9_` |
/// | `slack_token` | `xoxa-` `xoxb-` `xoxp-` `xoxr-` `xoxs-` `xoxe-` `xapp-` + 10+ of `A-Za-z0-9-`; webhook URLs `hooks.slack.com/services/…` |
/// | `api_key` | see ``APIKeyDetector/vendorKey(_:at:)`` |
///
/// The part after the prefix must not run on into more word characters. After `sk-`,
/// `xox…-` and `xapp-`, whose bodies may hold dashes, it must also hold both a letter and a
/// digit (so `sk-learn-tutorial` is not a key); the other prefixes are specific enough on
/// their own, and their keys are random characters that need not hold both (a Hugging Face
/// token is 34 letters; one GitLab token in thirty has no digit).
enum APIKeyDetector {
    static let awsPrefixes: [StaticString] = ["AKIA", "ASIA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "AGPA", "ABIA", "ACCA"]

    /// GitLab's token prefixes (personal, deploy, runner, runner registration, pipeline
    /// trigger, feed, incoming mail, agent, CI job, service account, OAuth application
    /// secret, feature-flag client), each followed by `-`.
    static let gitLabPrefixes: [StaticString] = [
        "glpat-", "gldt-", "glrt-", "glrtr-", "glptt-", "glft-", "glimt-", "glagent-", "glcbt-", "glsoat-", "gloas-", "glffct-",
    ]

    /// The sub-prefixes after `sk-` that name the issuer (OpenAI project, service-account and
    /// admin keys, Anthropic API and admin keys, OpenRouter); the body after them is taken
    /// without the letter-and-digit test.
    static let skSubPrefixes: [StaticString] = ["proj-", "svcacct-", "admin-", "ant-api03-", "ant-admin01-", "ant-", "or-v1-", "None-"]

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
        case UInt8(ascii: "x"):
            let isSlack = (s.hasPrefix("xox", at: i) && [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "p"), UInt8(ascii: "r"),
                UInt8(ascii: "s"), UInt8(ascii: "e")].contains(s.at(i + 3)) && s.at(i + 4) == 0x2D) || s.hasPrefix("xapp-", at: i)
            if isSlack, let end = body(s, from: i + 5, min: 10, max: 255, extra: [0x2D]) {
                return (end, RedactRule.slackToken)
            }
        case UInt8(ascii: "h"):
            if s.hasPrefix("hooks.slack.com/services/", at: i),
                let end = body(s, from: i + 25, min: 20, max: 255, extra: [0x2F, 0x5F, 0x2D], mixed: false) {
                return (end, RedactRule.slackToken)
            }
        default:
            break
        }
        // Every vendor prefix has one of these second letters (`sk`, `rk`, `r8`, `pk`, `pc`,
        // `py`, `wh`, `gl`, `gs`, `hf`, `np`, `ls`): most words stop here.
        switch s.at(i + 1) {
        case UInt8(ascii: "k"), UInt8(ascii: "8"), UInt8(ascii: "c"), UInt8(ascii: "y"), UInt8(ascii: "h"), UInt8(ascii: "l"),
            UInt8(ascii: "s"), UInt8(ascii: "f"), UInt8(ascii: "p"):
            return vendorKey(s, at: i).map { ($0, RedactRule.apiKey) }
        default:
            return nil
        }
    }

    /// The end of a vendor's key starting at `i` (rule `api_key`), in the alphabet and length
    /// the vendor issues:
    ///
    /// | vendor | shape |
    /// | --- | --- |
    /// | OpenAI | `sk-proj-`, `sk-svcacct-`, `sk-admin-` + 20+ of `A-Za-z0-9-_`; legacy `sk-` + 20+ with a letter, a digit and 12 in a row without `-`/`_` |
    /// | Anthropic | `sk-ant-api03-`, `sk-ant-admin01-` + 20+ of `A-Za-z0-9-_` |
    /// | OpenRouter | `sk-or-v1-` + 20+ |
    /// | Stripe | `sk_live_` `sk_test_` `rk_live_` `rk_test_` `pk_live_` + 16+ of `A-Za-z0-9`; `whsec_` + 24+ of `A-Za-z0-9+/=` |
    /// | Google | `AIza` + 35 of `A-Za-z0-9-_` |
    /// | Hugging Face | `hf_` + 30–64 of `A-Za-z0-9` |
    /// | Groq | `gsk_` + 40–64 of `A-Za-z0-9` |
    /// | Replicate | `r8_` + 37 of `A-Za-z0-9` |
    /// | LangSmith | `lsv2_pt_`, `lsv2_sk_` + 32+ of hex and `_`; legacy `ls__` + 32 hex |
    /// | Pinecone | `pcsk_` + 40+ of `A-Za-z0-9_` |
    /// | GitLab | ``gitLabPrefixes`` + 20–255 of `A-Za-z0-9-_` |
    /// | npm | `npm_` + 36 of `A-Za-z0-9` |
    /// | PyPI | `pypi-AgEIcHlwaS5vcmc` (a macaroon for pypi.org), `pypi-AgENdGVzdC5weXBpLm9yZw` (test.pypi.org) + 50+ of `A-Za-z0-9-_` |
    static func vendorKey(_ s: Bytes, at i: Int) -> Int? {
        switch s[i] {
        case UInt8(ascii: "A"):
            return nil  // `AIza`: in ``match(_:at:)``, before the AWS prefixes.
        case UInt8(ascii: "s"):
            if s.at(i + 1) == UInt8(ascii: "k") && s.at(i + 2) == 0x2D { return openAIStyle(s, from: i + 3) }
            if s.at(i + 1) == UInt8(ascii: "k") && s.at(i + 2) == 0x5F { return stripe(s, at: i) }
        case UInt8(ascii: "r"):
            if s.at(i + 1) == UInt8(ascii: "k") && s.at(i + 2) == 0x5F { return stripe(s, at: i) }
            if s.at(i + 1) == UInt8(ascii: "8") && s.at(i + 2) == 0x5F { return body(s, from: i + 3, min: 37, max: 37, extra: [], mixed: false) }
        case UInt8(ascii: "p"):
            if s.at(i + 1) == UInt8(ascii: "k") && s.at(i + 2) == 0x5F && s.hasPrefix("live_", at: i + 3) {
                return body(s, from: i + 8, min: 16, max: 255, extra: [], mixed: false)
            }
            if s.hasPrefix("pcsk_", at: i) { return body(s, from: i + 5, min: 40, max: 255, extra: [0x5F], mixed: false) }
            if s.hasPrefix("pypi-AgE", at: i) {
                for macaroon: StaticString in ["pypi-AgEIcHlwaS5vcmc", "pypi-AgENdGVzdC5weXBpLm9yZw"] where s.hasPrefix(macaroon, at: i) {
                    return body(s, from: i + macaroon.utf8CodeUnitCount, min: 50, max: 4096, extra: [0x2D, 0x5F], mixed: false)
                }
            }
        case UInt8(ascii: "w"):
            if s.hasPrefix("whsec_", at: i) { return body(s, from: i + 6, min: 24, max: 255, extra: [0x2B, 0x2F, 0x3D], mixed: false) }
        case UInt8(ascii: "g"):
            if s.at(i + 1) == UInt8(ascii: "l") {
                for prefix in gitLabPrefixes where s.hasPrefix(prefix, at: i) {
                    return body(s, from: i + prefix.utf8CodeUnitCount, min: 20, max: 255, extra: [0x2D, 0x5F], mixed: false)
                }
            }
            if s.hasPrefix("gsk_", at: i) { return body(s, from: i + 4, min: 40, max: 64, extra: [], mixed: false) }
        case UInt8(ascii: "h"):
            if s.at(i + 1) == UInt8(ascii: "f") && s.at(i + 2) == 0x5F { return body(s, from: i + 3, min: 30, max: 64, extra: [], mixed: false) }
        case UInt8(ascii: "n"):
            if s.hasPrefix("npm_", at: i) { return body(s, from: i + 4, min: 36, max: 36, extra: [], mixed: false) }
        case UInt8(ascii: "l"):
            if s.at(i + 1) == UInt8(ascii: "s") {
                if s.hasPrefix("lsv2_pt_", at: i) || s.hasPrefix("lsv2_sk_", at: i) {
                    return hexBody(s, from: i + 8, min: 32, max: 64, underscore: true)
                }
                if s.at(i + 2) == 0x5F && s.at(i + 3) == 0x5F { return hexBody(s, from: i + 4, min: 32, max: 32, underscore: false) }
            }
        default:
            break
        }
        return nil
    }

    /// After `sk-` at `j`: a key whose issuer is named (``skSubPrefixes``), or a legacy key of
    /// 20+ characters with a letter, a digit and a run of 12 letters and digits (not
    /// `sk-learn-tutorial`, not `sk-2026-11-24-rollout`).
    static func openAIStyle(_ s: Bytes, from j: Int) -> Int? {
        for sub in skSubPrefixes where s.hasPrefix(sub, at: j) {
            if let end = body(s, from: j + sub.utf8CodeUnitCount, min: 20, max: 512, extra: [0x2D, 0x5F], mixed: false) { return end }
        }
        guard let end = body(s, from: j, min: 20, max: 255, extra: [0x2D, 0x5F]) else { return nil }
        var run = 0
        for k in j..<end {
            run = s.cls(k) & ByteClass.alnum != 0 ? run + 1 : 0
            if run >= 12 { return end }
        }
        return nil
    }

    /// Stripe's `sk_live_`, `sk_test_`, `rk_live_`, `rk_test_` at `i`.
    static func stripe(_ s: Bytes, at i: Int) -> Int? {
        guard s.hasPrefix("live_", at: i + 3) || s.hasPrefix("test_", at: i + 3) else { return nil }
        return body(s, from: i + 8, min: 16, max: 255, extra: [], mixed: false)
    }

    /// The end of a body of hex digits (either case; `_` too when `underscore`), `min`–`max`
    /// long, not followed by another word character.
    static func hexBody(_ s: Bytes, from j: Int, min: Int, max: Int, underscore: Bool) -> Int? {
        var k = j
        while k < s.n && (s.isHex(k) || (underscore && s[k] == 0x5F)) { k += 1 }
        guard k - j >= min, k - j <= max, !s.isWord(k) else { return nil }
        return k
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
