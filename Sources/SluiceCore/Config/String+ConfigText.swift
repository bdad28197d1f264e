/// The two Foundation string operations the configuration readers used, in the standard
/// library's terms (SluiceCore links no Foundation).
extension StringProtocol {
    /// Without leading and trailing tabs and space separators (Unicode's Zs: the space, the
    /// no-break space…), as Foundation's `trimmingCharacters(in: .whitespaces)`.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        func blank(_ s: Unicode.Scalar) -> Bool { s == "\t" || s.properties.generalCategory == .spaceSeparator }
        guard let first = scalars.firstIndex(where: { !blank($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !blank($0) })!
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[first...last])
        return String(out)
    }

    /// Without any `character` (`1_000` as `1000`).
    func removingAll(_ character: Unicode.Scalar) -> String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: unicodeScalars.lazy.filter { $0 != character })
        return String(out)
    }
}
