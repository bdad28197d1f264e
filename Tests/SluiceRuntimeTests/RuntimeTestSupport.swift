import Foundation
import SluiceTestSupport
@testable import SluiceRuntime

/// A pipeline file that reads no files and writes to stdout, whose `stages:` are `stages`
/// (YAML indented by two spaces, from line 4).
func pipelineText(stages: String) -> String {
    """
    sources:
      app: { type: file, include: ["/tmp/none/*.jsonl"] }
    stages:
    \(stages)
    outputs:
      out: { type: stdout }
    """
}

/// Every error the loader reports for `text` read as `pipeline.yaml` (none when it loads).
func loadErrors(_ text: String) -> [String] {
    switch Pipelines.loader(environment: [:]).load(text: text, file: "pipeline.yaml") {
    case .success: return []
    case .failure(let failure): return failure.errors.map(\.description)
    }
}

/// The acknowledged offset in the first entry of `<dir>/data/checkpoints`, once written.
func checkpointOffset(_ dir: TempDirectory) -> Int? {
    checkpointOffsets(dataDir: dir.file("data")).first
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
