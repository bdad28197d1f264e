/// How rotated files are named beside their original: `app.log.3`, `app.log-20261125` or
/// `app.log_1` for `app.log` (not `app.logger`); compressed rotations are not logs to tail.
enum RotatedNames {
    /// Whether `name` is a rotated form of `base`: `base` followed by `.`, `-` or `_` and more.
    static func isRotation(_ name: String, of base: String) -> Bool {
        name.count > base.count && name.hasPrefix(base) && isSeparator(name.dropFirst(base.count).first!)
    }

    static func isSeparator(_ character: Character) -> Bool {
        character == "." || character == "-" || character == "_"
    }

    /// The names `name` may be a rotation of (`app.log` and `app` for `app.log.3`).
    static func bases(of name: String) -> some Sequence<String> {
        name.indices.lazy.filter { $0 > name.startIndex && isSeparator(name[$0]) }.map { String(name[..<$0]) }
    }

    /// Whether `name` is a compressed rotation (`.gz`, …).
    static func isCompressed(_ name: String) -> Bool {
        compressedSuffixes.contains { name.hasSuffix($0) }
    }

    static let compressedSuffixes = [".gz", ".bz2", ".xz", ".zst", ".lz4", ".zip", ".Z"]
}
