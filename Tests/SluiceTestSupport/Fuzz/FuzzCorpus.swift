import Foundation

/// The committed fuzz corpus, `Tests/FuzzCorpus/*.txt`: one input per line; lines starting
/// with `#` and blank lines are comments. Kept outside every target's folder, so SwiftPM does
/// not treat the files as resources.
public enum FuzzCorpus {
    /// `<repo>/Tests/FuzzCorpus`.
    public static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzCorpus")

    /// `<repo>`: for inputs that live elsewhere in the repository (the shipped pipelines).
    public static let repository = directory.deletingLastPathComponent().deletingLastPathComponent()

    /// The inputs of `name` (e.g. `json-lines.txt`) as byte arrays.
    public static func lines(_ name: String) -> [[UInt8]] {
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else { return [] }
        return data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
            .filter { $0.first != UInt8(ascii: "#") }
            .map { Array($0) }
    }

    /// The whole content of `name` (a corpus file that is one input, such as a pipeline).
    public static func file(_ name: String) -> [UInt8] {
        FileManager.default.contents(atPath: directory.appendingPathComponent(name).path).map { Array($0) } ?? []
    }

    /// The corpus files whose names start with `prefix` and end with `suffix`, sorted, with their content.
    public static func files(prefix: String, suffix: String) -> [(name: String, bytes: [UInt8])] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) }.sorted().map { ($0, file($0)) }
    }

    /// The inputs of `name` as strings.
    public static func strings(_ name: String) -> [String] {
        lines(name).map { String(decoding: $0, as: UTF8.self) }
    }
}
