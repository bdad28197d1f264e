/// URLs as the agent may show them: in logs, error messages, descriptions and dry-run output.
///
/// ```
///  https://elastic:pw@es.internal:9200/_bulk?pipeline=p&token=t#frag
///  https://***@es.internal:9200/_bulk?pipeline=***&token=***#***
/// ```
///
/// Credentials (`user:password@`) become `***@`; every query value and the fragment become
/// `***` (tokens, signatures, API keys travel there: `access_token`, `sig`, `X-Amz-Signature`;
/// naming them all is not possible, so none is kept). Scheme, host (IPv6 too), port and path
/// stay, so a log line still says where the agent was sending.
///
/// Malformed URLs are redacted on the safe side: a password holding a raw `/`, `?` or `#`
/// (which ends the authority early) is still recognised by the `@` that ends it, before the
/// first `=`; a URL without a scheme is read as starting with its authority.
public enum URLRedaction {
    /// What replaces a secret.
    public static let mask = "***"

    /// `url` with its credentials, query values and fragment masked.
    public static func safeForLogs(_ url: String) -> String {
        let text = Array(url.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        let authorityStart = schemeEnd(text) ?? 0
        out += text[..<authorityStart]
        var i = authorityStart
        if let at = userinfoEnd(text, from: authorityStart) {
            out += mask.utf8
            out.append(UInt8(ascii: "@"))
            i = at + 1
        }
        // Host, port and path up to the query or fragment.
        while i < text.count, text[i] != UInt8(ascii: "?"), text[i] != UInt8(ascii: "#") {
            out.append(text[i])
            i += 1
        }
        if i < text.count, text[i] == UInt8(ascii: "?") {
            out.append(UInt8(ascii: "?"))
            i += 1
            let queryEnd = text[i...].firstIndex(of: UInt8(ascii: "#")) ?? text.count
            var first = true
            for parameter in text[i..<queryEnd].split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false) {
                if !first { out.append(UInt8(ascii: "&")) }
                first = false
                if let equals = parameter.firstIndex(of: UInt8(ascii: "=")) {
                    out += parameter[...equals]
                    out += mask.utf8
                } else if !parameter.isEmpty {
                    out += mask.utf8  // a bare parameter can be a token too
                }
            }
            i = queryEnd
        }
        if i < text.count {  // the fragment
            out.append(UInt8(ascii: "#"))
            if i + 1 < text.count { out += mask.utf8 }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` (a library's error message, say) with every URL in it made safe for logs: from
    /// each `scheme://` to the next space or quote.
    public static func scrub(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count >= 3 else { return text }
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            guard let start = nextURLStart(bytes, from: i) else {
                out += bytes[i...]
                break
            }
            out += bytes[i..<start]
            var end = start
            while end < bytes.count, !isURLBoundary(bytes[end]) { end += 1 }
            out += safeForLogs(String(decoding: bytes[start..<end], as: UTF8.self)).utf8
            i = end
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The index just after `scheme://` when `text` starts with one.
    static func schemeEnd(_ text: [UInt8]) -> Int? {
        guard let first = text.first, isLetter(first) else { return nil }
        var i = 1
        while i < text.count, isSchemeByte(text[i]) { i += 1 }
        guard i + 2 < text.count, text[i] == UInt8(ascii: ":"), text[i + 1] == UInt8(ascii: "/"), text[i + 2] == UInt8(ascii: "/") else {
            return nil
        }
        return i + 3
    }

    /// The index of the `@` that ends the credentials, if any: the last `@` of the authority
    /// (up to the first `/`, `?` or `#`); when the authority has none, the last `@` before the
    /// first `=` (credentials holding a raw `/`, `?` or `#`).
    static func userinfoEnd(_ text: [UInt8], from start: Int) -> Int? {
        var authorityEnd = start
        while authorityEnd < text.count, !"/?#".utf8.contains(text[authorityEnd]) { authorityEnd += 1 }
        if let at = text[start..<authorityEnd].lastIndex(of: UInt8(ascii: "@")) { return at }
        let beforeValues = text[start...].firstIndex(of: UInt8(ascii: "=")) ?? text.count
        return text[start..<beforeValues].lastIndex(of: UInt8(ascii: "@"))
    }

    static func nextURLStart(_ bytes: [UInt8], from i: Int) -> Int? {
        var j = i
        while j + 2 < bytes.count {
            if bytes[j] == UInt8(ascii: ":"), bytes[j + 1] == UInt8(ascii: "/"), bytes[j + 2] == UInt8(ascii: "/") {
                var start = j
                while start > i, isSchemeByte(bytes[start - 1]) { start -= 1 }
                while start < j, !isLetter(bytes[start]) { start += 1 }  // a scheme starts with a letter
                if start < j { return start }
            }
            j += 1
        }
        return nil
    }

    static func isURLBoundary(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: "\t")
            || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">")
    }

    static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }

    static func isSchemeByte(_ b: UInt8) -> Bool {
        isLetter(b) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
            || b == UInt8(ascii: ".")
    }
}
