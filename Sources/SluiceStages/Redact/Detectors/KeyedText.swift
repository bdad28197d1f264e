/// Personal data under a key written in text, as tools and frameworks print it: JSON inside
/// a string (`{"customer_name":"Maria Gonzalez"}`, also as written with `\"`), Python's
/// dict repr (`'dob': '1985-03-14'`), a query or form (`?full_name=Maria%20Gonzalez&…`,
/// `birthdate=8%2F13%2F79`), and a validation error that names the field on the line
/// before its `input_value='…'` (pydantic). The key's role is that of a JSON member
/// (``PersonalKeys``): the value goes under a name, address or birth-date key; under `name`
/// or a person's key only when it reads as a name.
enum KeyedText {
    /// The value after the key whose last word is `start..<end` (the scanner's word), or nil.
    static func match(_ s: Bytes, _ start: Int, _ end: Int, enabled: DetectorSet) -> RedactMatch? {
        // The key: back over `.`, `-` and word bytes to a quote or a separator.
        var keyStart = start
        while keyStart > 0, s.isWord(keyStart - 1) || s[keyStart - 1] == 0x2E || s[keyStart - 1] == 0x2D { keyStart -= 1 }
        var key = (keyStart, end)
        var j = end
        var quote: UInt8 = 0
        var escapedQuotes = false
        if s.at(j) == 0x3D {
            // `key=value`: after `?`, `&`, `;`, a space, `,`, `(`, `{` or the start.
            let before = s.at(keyStart - 1)
            guard keyStart == 0 || before == 0x3F || before == 0x26 || before == 0x3B || before == 0x20 || before == 0x2C || before == 0x28 || before == 0x7B
                || before == 0x0A else { return nil }
            j += 1
            if s.at(j) == 0x27 || s.at(j) == 0x22 {
                quote = s[j]
                j += 1
            }
            // pydantic: `input_value='…'`, the field on the line before.
            if s.hasPrefix("input_value", at: keyStart) && end - keyStart == 11 {
                guard quote != 0, let field = fieldOnLineBefore(s, keyStart) else { return nil }
                key = field
            }
        } else {
            // `"key": "value"`, `'key': 'value'`, `\"key\":\"value\"`.
            let open = s.at(keyStart - 1)
            if s.at(j) == 0x5C && s.at(j + 1) == 0x22 && open == 0x22 && s.at(keyStart - 2) == 0x5C {
                escapedQuotes = true
                j += 2
            } else {
                guard open == s.at(j), open == 0x22 || open == 0x27 else { return nil }
                j += 1
            }
            j = s.skipSpaces(j, max: 2)
            guard s.at(j) == 0x3A else { return nil }
            j = s.skipSpaces(j + 1, max: 2)
            if escapedQuotes {
                guard s.at(j) == 0x5C && s.at(j + 1) == 0x22 else { return numberValue(s, j, key: key, enabled: enabled) }
                quote = 0x22
                j += 2
            } else if s.at(j) == 0x22 || s.at(j) == 0x27 {
                quote = s[j]
                j += 1
            } else {
                return numberValue(s, j, key: key, enabled: enabled)
            }
        }
        let valueStart = j
        var valueEnd = j
        if quote != 0 {
            while valueEnd < s.n && !(s[valueEnd] == quote && (escapedQuotes ? s.at(valueEnd - 1) == 0x5C : s.at(valueEnd - 1) != 0x5C)) { valueEnd += 1 }
            guard valueEnd < s.n else { return nil }
            if escapedQuotes { valueEnd -= 1 }
        } else {
            while valueEnd < s.n, !isQueryEnd(s[valueEnd]) { valueEnd += 1 }
        }
        guard valueEnd > valueStart, !s.hasPrefix("[REDACTED", at: valueStart) else { return nil }
        guard let rule = rule(s, key, value: (valueStart, valueEnd), enabled: enabled) else { return nil }
        return RedactMatch(start: valueStart, end: valueEnd, rule: rule)
    }

    /// The rule for the value `value` under the key `key`, when the key's role takes it.
    static func rule(_ s: Bytes, _ key: (Int, Int), value: (Int, Int), enabled: DetectorSet) -> UInt16? {
        let keyBytes = s.buffer(key.0, key.1)
        guard PersonalKeys.mayHaveRole(keyBytes, gate: PersonalKeys.gate) else { return nil }
        let v = Bytes(s.p + value.0, value.1 - value.0)
        let rule: UInt16
        switch PersonalKeys.role(keyBytes) {
        case .none: return nil
        case .name: rule = RedactRule.personName
        case .address: rule = RedactRule.address
        case .birthDate: rule = RedactRule.dateOfBirth
        case .maybeName, .person:
            guard PersonNameDetector.valueIsListedName(v) || PersonNameDetector.valueIsName(v) else { return nil }
            rule = RedactRule.personName
        case .addressHolder:
            guard v.hasSpaceAndLetter else { return nil }
            rule = RedactRule.address
        }
        return enabled.contains(rule) ? rule : nil
    }

    /// A number under a key (`"dob": 19850314`, `'zip': 94105`).
    static func numberValue(_ s: Bytes, _ i: Int, key: (Int, Int), enabled: DetectorSet) -> RedactMatch? {
        var e = i
        while s.isDigit(e) || (e > i && s.at(e) == 0x2D && s.isDigit(e + 1)) { e += 1 }
        guard e - i >= 4, !s.isAlnum(e) else { return nil }
        guard let rule = rule(s, key, value: (i, e), enabled: enabled), rule != RedactRule.personName else { return nil }
        return RedactMatch(start: i, end: e, rule: rule)
    }

    /// The end of a value in a query or form.
    @inline(__always)
    static func isQueryEnd(_ b: UInt8) -> Bool {
        b == 0x26 || b == 0x20 || b == 0x22 || b == 0x27 || b == 0x2C || b == 0x3B || b == 0x29 || b == 0x7D || b == 0x23 || b == 0x0A || b == 0x5C || b == 0x5D
    }

    /// The field a validation error names on the line before the one holding `i`
    /// (`dob\n  Input should be a valid date [type=…, input_value='…']`): its last word.
    static func fieldOnLineBefore(_ s: Bytes, _ i: Int) -> (Int, Int)? {
        // The start of this line: a newline or its escape.
        var k = i - 1
        while k >= 0 && s[k] != 0x0A && !(s[k] == 0x6E && s.at(k - 1) == 0x5C) && i - k < 400 { k -= 1 }
        guard k > 0 else { return nil }
        var lineEnd = s[k] == 0x0A ? k : k - 1
        if s.at(lineEnd - 1) == 0x0D { lineEnd -= 1 }
        // Its last word.
        let wordEnd = lineEnd
        var wordStart = wordEnd
        while wordStart > 0 && s.isWord(wordStart - 1) { wordStart -= 1 }
        guard wordEnd - wordStart >= 3 else { return nil }
        return (wordStart, wordEnd)
    }
}
