/// The type of an untagged plain scalar, by its text: the rules of Yams' default resolver
/// (YAML 1.1), tried in its order (bool, int, float, merge, null, timestamp, value; else str).
/// Yams matched them with NSRegularExpression; each pattern is matched here by hand, and
/// quoted above its matcher. Only duplicate keys depend on it (`1` and `"1"` are two keys).
enum YAMLTagResolver {
    static func tag(ofPlain text: [UInt8]) -> String {
        if isBool(text) { return "tag:yaml.org,2002:bool" }
        if isInt(text) { return "tag:yaml.org,2002:int" }
        if isFloat(text) { return "tag:yaml.org,2002:float" }
        if text == Array("<<".utf8) { return "tag:yaml.org,2002:merge" }
        if isNull(text) { return "tag:yaml.org,2002:null" }
        if isTimestamp(text) { return "tag:yaml.org,2002:timestamp" }
        if text == Array("=".utf8) { return YAMLNode.valueTag }
        return YAMLNode.strTag
    }

    static let bools: Set<String> = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF",
    ]

    /// `yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF`
    static func isBool(_ text: [UInt8]) -> Bool {
        text.count <= 5 && bools.contains(String(decoding: text, as: UTF8.self))
    }

    /// `~|null|Null|NULL|` (and the empty text)
    static func isNull(_ text: [UInt8]) -> Bool {
        text.isEmpty || ["~", "null", "Null", "NULL"].contains(String(decoding: text, as: UTF8.self))
    }

    /// ```
    /// [-+]?0b[0-1_]+
    /// [-+]?0o?[0-7_]+
    /// [-+]?(?:0|[1-9][0-9_]*)
    /// [-+]?0x[0-9a-fA-F_]+
    /// [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+
    /// ```
    static func isInt(_ text: [UInt8]) -> Bool {
        var s = Scanner(text)
        s.sign()
        let start = s.i
        // 0b…
        if s.literal("0b"), s.many(isBinary), s.atEnd { return true }
        // 0…, 0o… (octal)
        s.i = start
        if s.literal("0") {
            _ = s.literal("o")
            if s.many(isOctal), s.atEnd { return true }
        }
        // 0, or a decimal
        s.i = start
        if s.literal("0"), s.atEnd { return true }
        s.i = start
        if s.one(isNonZeroDigit) {
            s.any(isDigitOrUnderscore)
            if s.atEnd { return true }
        }
        // 0x…
        s.i = start
        if s.literal("0x"), s.many(isHex), s.atEnd { return true }
        // sexagesimal: 1:30
        s.i = start
        if s.one(isNonZeroDigit) {
            s.any(isDigitOrUnderscore)
            if s.sexagesimalParts(), s.atEnd { return true }
        }
        return false
    }

    /// ```
    /// [-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?
    /// \.[0-9_]+(?:[eE][-+][0-9]+)?
    /// [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    /// [-+]?\.(?:inf|Inf|INF)
    /// \.(?:nan|NaN|NAN)
    /// ```
    static func isFloat(_ text: [UInt8]) -> Bool {
        var s = Scanner(text)
        s.sign()
        let afterSign = s.i
        if s.one(isDigit) {
            s.any(isDigitOrUnderscore)
            let digitsEnd = s.i
            if s.literal(".") { s.any(isDigitOrUnderscore) }
            if s.one({ $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
                s.sign()
                if !s.many(isDigit) { s.i = text.count + 1 }
            }
            if s.atEnd { return true }
            // Sexagesimal with a fraction: 1:30.5
            s.i = digitsEnd
            if s.sexagesimalParts(), s.literal(".") {
                s.any(isDigitOrUnderscore)
                if s.atEnd { return true }
            }
        }
        s.i = afterSign
        if s.literal("."), ["inf", "Inf", "INF"].contains(where: { s.literal($0) }), s.atEnd { return true }
        // Unsigned only: .5, .nan
        s.i = 0
        if s.literal(".") {
            let afterDot = s.i
            if s.many(isDigitOrUnderscore) {
                if s.one({ $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
                    if !(s.sign() && s.many(isDigit)) { s.i = text.count + 1 }
                }
                if s.atEnd { return true }
            }
            s.i = afterDot
            if ["nan", "NaN", "NAN"].contains(where: { s.literal($0) }), s.atEnd { return true }
        }
        return false
    }

    /// ```
    /// [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    /// [0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9]
    ///     (?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?
    /// ```
    static func isTimestamp(_ text: [UInt8]) -> Bool {
        var s = Scanner(text)
        guard s.digits(4), s.literal("-") else { return false }
        let monthStart = s.i
        if s.digits(2), s.literal("-"), s.digits(2), s.atEnd { return true }
        s.i = monthStart
        guard s.oneOrTwoDigits(), s.literal("-"), s.oneOrTwoDigits() else { return false }
        if !s.one({ $0 == UInt8(ascii: "T") || $0 == UInt8(ascii: "t") }) {
            guard s.many(isBlank) else { return false }
        }
        guard s.oneOrTwoDigits(), s.literal(":"), s.digits(2), s.literal(":"), s.digits(2) else { return false }
        if s.literal(".") { s.any(isDigit) }
        if s.atEnd { return true }
        s.any(isBlank)
        if s.literal("Z") { return s.atEnd }
        guard s.sign(), s.oneOrTwoDigits() else { return false }
        if s.literal(":") { guard s.digits(2) else { return false } }
        return s.atEnd
    }

    static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    static func isNonZeroDigit(_ b: UInt8) -> Bool { b &- 0x31 < 9 }
    static func isDigitOrUnderscore(_ b: UInt8) -> Bool { isDigit(b) || b == UInt8(ascii: "_") }
    static func isBinary(_ b: UInt8) -> Bool { b == UInt8(ascii: "0") || b == UInt8(ascii: "1") || b == UInt8(ascii: "_") }
    static func isOctal(_ b: UInt8) -> Bool { b &- 0x30 < 8 || b == UInt8(ascii: "_") }
    static func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20) &- 0x61 < 6 || b == UInt8(ascii: "_") }
    static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    /// A position in the text and the pieces the patterns are made of; each consumes what it
    /// matched (greedily: no pattern above needs to give a character back).
    struct Scanner {
        let text: [UInt8]
        var i = 0

        init(_ text: [UInt8]) { self.text = text }

        var atEnd: Bool { i == text.count }

        /// `[-+]?`; true when there was a sign.
        @discardableResult
        mutating func sign() -> Bool {
            one { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }
        }

        mutating func one(_ test: (UInt8) -> Bool) -> Bool {
            guard i < text.count, test(text[i]) else { return false }
            i += 1
            return true
        }

        /// `x*`
        mutating func any(_ test: (UInt8) -> Bool) {
            while one(test) {}
        }

        /// `x+`
        mutating func many(_ test: (UInt8) -> Bool) -> Bool {
            guard one(test) else { return false }
            any(test)
            return true
        }

        mutating func literal(_ word: String) -> Bool {
            let bytes = Array(word.utf8)
            guard text.count - i >= bytes.count, text[i..<i + bytes.count].elementsEqual(bytes) else { return false }
            i += bytes.count
            return true
        }

        mutating func digits(_ n: Int) -> Bool {
            for _ in 0..<n where !one(YAMLTagResolver.isDigit) { return false }
            return true
        }

        /// `[0-9][0-9]?`
        mutating func oneOrTwoDigits() -> Bool {
            guard one(YAMLTagResolver.isDigit) else { return false }
            _ = one(YAMLTagResolver.isDigit)
            return true
        }

        /// `(?::[0-5]?[0-9])+`
        mutating func sexagesimalParts() -> Bool {
            var parts = 0
            while i + 1 < text.count, text[i] == UInt8(ascii: ":"), YAMLTagResolver.isDigit(text[i + 1]) {
                i += 2
                // A second digit when the first is 0-5 (a third would match nothing either way).
                if text[i - 1] &- 0x30 < 6, i < text.count, YAMLTagResolver.isDigit(text[i]) { i += 1 }
                parts += 1
            }
            return parts > 0
        }
    }
}
