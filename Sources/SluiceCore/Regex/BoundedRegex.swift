import CPCRE2
import Logging
import Synchronization

/// A regular expression with bounded matching work: the one regex engine of Sluice
/// (`when: { f: { matches: re } }` and redact's `custom:` patterns).
///
/// ```
///  pipeline file ──compile once (UTF, JIT when available)──▶ BoundedRegex (shared, immutable)
///  event bytes ──firstMatch(in:from:using: scratch)──▶ .match(byte range) | .noMatch | .limitHit
///                               └─ per-thread RegexScratch: match data, limits, JIT stack
/// ```
///
/// PCRE2 syntax (Perl-compatible), compiled with `PCRE2_UTF`: the pattern and the text are
/// UTF-8, `.` and `[^x]` match one character whatever its byte length, and match ranges are
/// byte offsets into the text. `\d`, `\w`, `\s` and `\b` are ASCII (add `(*UCP)` for Unicode
/// classes). `.` also matches a newline (`PCRE2_DOTALL`, as POSIX did); `$` matches only at
/// the very end (`PCRE2_DOLLAR_ENDONLY`). Invalid UTF-8 in the text never matches a character
/// but does not stop the match (`PCRE2_MATCH_INVALID_UTF`). `\C` is refused (it could split a
/// character), and so are glibc's `\<` and `\>` (PCRE2 would read them as plain `<` and `>`).
///
/// Matching runs on the bytes in place (no `String`, no copy) and stops at the ``Limits``:
/// a pattern that backtracks catastrophically, like `(a+)+$` on `aaa…ab`, returns
/// ``Outcome/limitHit(_:)`` instead of running for seconds. Each hit is counted in the
/// scratch; the first hit of each expression is logged once as a warning naming where it was
/// configured, never the text it was matched against.
public final class BoundedRegex: @unchecked Sendable {
    // Immutable after init: PCRE2 documents compiled (and JIT-compiled) code as safe to use
    // from several threads at once; every mutable thing a match needs is in the RegexScratch.
    private let code: OpaquePointer
    /// The pattern as written.
    public let pattern: String
    /// The limits every match of this expression runs under.
    public let limits: Limits
    /// True when PCRE2 compiled the pattern to machine code (else its interpreter runs).
    public let usesJIT: Bool
    /// Where the expression was configured (e.g. `stages[1].when.msg.matches (p.yaml:7:29)`),
    /// for the limit warning.
    public let origin: String
    private let warned = Atomic<Bool>(false)

    /// Compile options: UTF-8 pattern and text, `.` matches newlines, `$` only at the end.
    static let options: UInt32 = UInt32(PCRE2_UTF) | UInt32(PCRE2_MATCH_INVALID_UTF) | UInt32(PCRE2_DOTALL)
        | UInt32(PCRE2_DOLLAR_ENDONLY) | UInt32(PCRE2_NEVER_BACKSLASH_C)

    /// What one search found.
    public enum Outcome: Sendable, Equatable {
        /// The first match: byte offsets into the text.
        case match(Range<Int>)
        case noMatch
        /// The search gave up: whether the pattern matches is unknown.
        case limitHit(Limit)
    }

    /// Why a pattern was rejected: PCRE2's message and the byte offset in the pattern.
    public struct CompileError: Error, Sendable, CustomStringConvertible {
        public let message: String
        public let offset: Int
        public var description: String { "invalid regular expression at offset \(offset): \(message)" }
    }

    /// Compiles `pattern`; `origin` names where it was configured (for the limit warning).
    public init(_ pattern: String, limits: Limits = Limits(), origin: String = "") throws(CompileError) {
        try Self.rejectGNUWordBoundaries(pattern)
        var errorCode: Int32 = 0
        var errorOffset = 0
        var bytes = Array(pattern.utf8)
        let compiled = bytes.withUnsafeMutableBufferPointer { p in
            sluice_pcre2_compile(p.baseAddress, p.count, Self.options, &errorCode, &errorOffset)
        }
        guard let compiled else { throw CompileError(message: Self.message(errorCode), offset: errorOffset) }
        code = compiled
        usesJIT = sluice_pcre2_jit_compile(compiled) == 0
        self.pattern = pattern
        self.limits = limits
        self.origin = origin
    }

    deinit {
        sluice_pcre2_code_free(code)
    }

    /// The first match in `text[start...]` (`start` a byte offset; the text before it is still
    /// seen by look-behinds and `\b`).
    public func firstMatch(in text: UnsafeBufferPointer<UInt8>, from start: Int = 0, using scratch: RegexScratch) -> Outcome {
        var lower = 0
        var upper = 0
        let from = min(max(start, 0), text.count)
        let rc = sluice_pcre2_match(
            code, text.baseAddress, text.count, from, scratch.pointer,
            limits.matchLimit(positions: text.count - from + 1), limits.depth, &lower, &upper)
        if rc >= 0 { return .match(lower..<upper) }
        if rc == PCRE2_ERROR_NOMATCH { return .noMatch }
        let limit = Limit(errorCode: rc)
        scratch.limitHits += 1
        if !warned.exchange(true, ordering: .relaxed) {
            Logger(label: "sluice").warning(
                "a regular expression gave up at its limit: a when: test does not hold, a custom pattern masks the whole value; further hits are only counted",
                metadata: ["regex": "\(origin.isEmpty ? "(unnamed)" : origin)", "limit": "\(limit.rawValue)"])
        }
        return .limitHit(limit)
    }

    /// Whether the pattern matches somewhere in `text`; false when the search gave up.
    public func matches(_ text: UnsafeBufferPointer<UInt8>, using scratch: RegexScratch) -> Bool {
        if case .match = firstMatch(in: text, using: scratch) { return true }
        return false
    }

    static func message(_ errorCode: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = buffer.withUnsafeMutableBufferPointer { sluice_pcre2_error_message(errorCode, $0.baseAddress, $0.count) }
        return n > 0 ? String(decoding: buffer.prefix(Int(n)), as: UTF8.self) : "error \(errorCode)"
    }

    /// glibc's word boundaries `\<` and `\>` are ordinary `<` and `>` in PCRE2: refused, so a
    /// pattern written for the former engine does not silently change meaning.
    static func rejectGNUWordBoundaries(_ pattern: String) throws(CompileError) {
        let p = Array(pattern.utf8)
        var i = 0
        var inClass = false
        var quoted = false
        while i < p.count {
            let b = p[i]
            let next: UInt8 = i + 1 < p.count ? p[i + 1] : 0
            if quoted {
                if b == UInt8(ascii: "\\") && next == UInt8(ascii: "E") { quoted = false }
                i += b == UInt8(ascii: "\\") ? 2 : 1
                continue
            }
            if b == UInt8(ascii: "\\") {
                if next == UInt8(ascii: "Q") { quoted = true }
                if !inClass && (next == UInt8(ascii: "<") || next == UInt8(ascii: ">")) {
                    throw CompileError(message: "\\< and \\> are not supported; write \\b for a word boundary", offset: i)
                }
                i += 2
                continue
            }
            if inClass {
                if b == UInt8(ascii: "[") && next == UInt8(ascii: ":") {
                    // A POSIX class such as [:alpha:] inside the brackets.
                    var j = i + 2
                    while j + 1 < p.count && !(p[j] == UInt8(ascii: ":") && p[j + 1] == UInt8(ascii: "]")) { j += 1 }
                    i = j + 2
                    continue
                }
                if b == UInt8(ascii: "]") { inClass = false }
                i += 1
                continue
            }
            i += 1
            if b == UInt8(ascii: "[") {
                inClass = true
                // A ']' right after '[' or '[^' is a member.
                if i < p.count && p[i] == UInt8(ascii: "^") { i += 1 }
                if i < p.count && p[i] == UInt8(ascii: "]") { i += 1 }
            }
        }
    }
}
