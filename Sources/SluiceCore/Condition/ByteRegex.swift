#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A POSIX extended regular expression (`regcomp`), compiled once from the pipeline file and
/// matched against bytes in place (`regexec` with `REG_STARTEND`: no copy, no `String`).
///
/// The syntax is POSIX ERE as glibc implements it: `^ $ . [...] ( ) | * + ? {m,n}`, and the
/// GNU escapes `\w \W \s \S \b \< \>`. `\d` and `\D` are accepted outside brackets and
/// mean `[0-9]` / `[^0-9]`. Matching is byte-wise (the C locale): `.` matches one byte.
/// A match anywhere counts; anchor with `^…$` for a whole-value match.
public final class ByteRegex: @unchecked Sendable {
    // regexec on a compiled pattern is MT-safe (glibc); the pattern is never changed after init.
    private let compiled: UnsafeMutablePointer<regex_t>
    /// The pattern as written.
    public let pattern: String

    /// Why a pattern was rejected.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Compiles `pattern`.
    public init(_ pattern: String) throws(Failure) {
        let translated = try Self.translate(pattern)
        // Compiled before any stored property is set: a throwing init must not reach deinit.
        let regex = UnsafeMutablePointer<regex_t>.allocate(capacity: 1)
        let status = regcomp(regex, translated, REG_EXTENDED | REG_NOSUB)
        guard status == 0 else {
            var message = [CChar](repeating: 0, count: 256)
            regerror(status, regex, &message, message.count)
            regex.deallocate()
            let text = message.withUnsafeBufferPointer { p in
                String(decoding: UnsafeRawBufferPointer(p).prefix { $0 != 0 }, as: UTF8.self)
            }
            throw Failure(description: "invalid regular expression: \(text)")
        }
        self.compiled = regex
        self.pattern = pattern
    }

    deinit {
        regfree(compiled)
        compiled.deallocate()
    }

    /// Whether the pattern matches somewhere in `bytes`.
    public func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var match = regmatch_t()
        match.rm_so = 0
        match.rm_eo = regoff_t(bytes.count)
        let empty: StaticString = ""
        let start = bytes.baseAddress.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(empty.utf8Start)
        let status = regexec(compiled, start.assumingMemoryBound(to: CChar.self), 1, &match, REG_STARTEND)
        return status == 0
    }

    /// Rewrites `\d`/`\D` outside bracket expressions; rejects them inside, where POSIX
    /// would read them as two literal characters.
    static func translate(_ pattern: String) throws(Failure) -> String {
        var out: [UInt8] = []
        let p = Array(pattern.utf8)
        var i = 0
        var inBracket = false
        while i < p.count {
            let b = p[i]
            if inBracket {
                if b == UInt8(ascii: "\\"), i + 1 < p.count, p[i + 1] == UInt8(ascii: "d") || p[i + 1] == UInt8(ascii: "D") {
                    throw Failure(description: "\\d inside [...] is not supported; write 0-9 instead")
                }
                if b == UInt8(ascii: "]") { inBracket = false }
                out.append(b)
                i += 1
                continue
            }
            if b == UInt8(ascii: "\\"), i + 1 < p.count {
                switch p[i + 1] {
                case UInt8(ascii: "d"): out.append(contentsOf: "[0-9]".utf8)
                case UInt8(ascii: "D"): out.append(contentsOf: "[^0-9]".utf8)
                default: out.append(contentsOf: [b, p[i + 1]])
                }
                i += 2
                continue
            }
            if b == UInt8(ascii: "[") {
                inBracket = true
                out.append(b)
                i += 1
                // A ']' right after '[' or '[^' is a literal member.
                if i < p.count, p[i] == UInt8(ascii: "^") { out.append(p[i]); i += 1 }
                if i < p.count, p[i] == UInt8(ascii: "]") { out.append(p[i]); i += 1 }
                continue
            }
            out.append(b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
