import Foundation
import SluiceTestSupport

/// The acknowledged offset in the first entry of `<dir>/data/checkpoints`, once written.
func checkpointOffset(_ dir: TempDirectory) -> Int? {
    guard let text = try? dir.read("data/checkpoints"), let entry = text.split(separator: "\n").dropFirst().first else { return nil }
    return Int(entry.split(separator: "\t")[6])
}

/// The lines of `<dir>/<file>` (none when it does not exist yet).
func lines(_ dir: TempDirectory, _ file: String) -> [String] {
    ((try? dir.read(file)) ?? "").split(separator: "\n").map(String.init)
}

/// Appends `text` to `<dir>/<file>`, as a writer would (creates it when missing).
func append(_ dir: TempDirectory, _ file: String, _ text: String) throws {
    let path = dir.file(file)
    guard FileManager.default.fileExists(atPath: path) else {
        try dir.write(file, text)
        return
    }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(text.utf8))
    try handle.close()
}
