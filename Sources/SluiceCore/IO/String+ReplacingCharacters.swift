extension String {
    /// This string with each character found in `replacements` replaced by its text (the
    /// escaping of the record files and of Prometheus label values).
    public func replacingCharacters(_ replacements: [Character: String]) -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for character in self {
            if let replacement = replacements[character] { out += replacement } else { out.append(character) }
        }
        return out
    }
}
