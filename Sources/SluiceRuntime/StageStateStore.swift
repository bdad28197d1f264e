import Glibc
import Logging
import SluiceCore
import Synchronization

/// The state of the pipeline's stateful stages (``StatefulStage``) on disk:
/// `<data_dir>/state/<state name>`, a ``RecordFile`` each (previous generation kept, mode
/// ``PrivateMode/file``), written with every checkpoint write, before the checkpoints, and
/// read back at start.
///
/// Which stages it saves follows the pipeline: the chain it was made with, then each chain a
/// reload put in place (``follow(_:handingOverFrom:)``, which hands the old stages' state to
/// the new ones of the same name).
final class StageStateStore: Sendable {
    let directory: String
    let logger: Logger
    /// The stateful stages of the chain in place, with their file names.
    private let stages = Mutex<[(file: String, stage: any StatefulStage)]>([])
    /// Files whose last write failed: written whole at the next save, changed or not (the
    /// stage forgot the change when it encoded it).
    private let unsaved = Mutex<Set<String>>([])
    /// Set once `state/` exists (made at the first write, so a pipeline without stateful
    /// stages has none).
    private let directoryMade = Atomic<Bool>(false)

    init(dataDir: String, logger: Logger) {
        directory = dataDir + "/state"
        self.logger = logger
    }

    func file(_ name: String) -> RecordFile {
        RecordFile(path: directory + "/" + name, magic: "sluice-stage-state")
    }

    /// The stateful ones of `stages` with their file names: the state name made safe as a file
    /// name, suffixed `-2`, `-3`, … when two stages share one.
    static func named(_ stages: [any Stage]) -> [(file: String, stage: any StatefulStage)] {
        var used: [String: Int] = [:]
        return stages.compactMap { $0 as? any StatefulStage }.map { stage in
            let base = String(stage.stateName.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" })
            used[base, default: 0] += 1
            let n = used[base]!
            return (n == 1 ? base : "\(base)-\(n)", stage)
        }
    }

    /// Hands each stateful stage of `chain` (a chain's stages) what the previous run saved
    /// under its name; then saves theirs from now on. Unreadable state is logged (content-free) and the stage
    /// starts empty.
    func restore(_ chain: [any Stage]) {
        let named = Self.named(chain)
        for (name, stage) in named {
            let file = file(name)
            do {
                // The stage takes the records or throws, changing nothing: then the previous generation is tried.
                let loaded = try file.load { records in
                    try stage.restoreState(records)
                    return records.count
                }
                if loaded.source == .previous {
                    logger.error("a stage's state file is unusable; recovered from the previous generation", metadata: [
                        "stage_state": "\(name)", "problems": "\(loaded.problems.joined(separator: "; "))",
                    ])
                }
                if let records = loaded.value {
                    logger.info("stage state restored", metadata: ["stage_state": "\(name)", "records": "\(records)"])
                }
            } catch {
                logger.error("cannot restore a stage's state; it starts empty", metadata: ["stage_state": "\(name)", "error": "\(error)"])
            }
        }
        stages.withLock { $0 = named }
    }

    /// A reload put `chain` in place of `old`: each new stateful stage takes the state of the
    /// old one with its name (so open runs survive a reload); `chain`'s are saved from now on.
    func follow(_ chain: [any Stage], handingOverFrom old: [any Stage]) {
        let previous = Self.named(old)
        let named = Self.named(chain)
        for (name, stage) in named {
            guard let before = previous.first(where: { $0.file == name })?.stage, before !== stage else { continue }
            do {
                try stage.takeState(from: before)
            } catch {
                logger.error("a reloaded stage cannot take over its predecessor's state; it starts empty", metadata: [
                    "stage_state": "\(name)", "error": "\(error)",
                ])
            }
        }
        stages.withLock { $0 = named }
    }

    /// Writes the state of every stage whose state changed (on the tailer thread, at a
    /// checkpoint write). Throws on the first that cannot be written: the checkpoints are not
    /// written either, so they never get ahead of the state.
    func save() throws {
        let current = stages.withLock { $0 }
        for (name, stage) in current {
            let retry = unsaved.withLock { $0.contains(name) }
            guard let records = stage.encodeState(changedOnly: !retry) else { continue }
            do {
                if !directoryMade.load(ordering: .relaxed) {
                    try FileIO.makeDirectories(directory, mode: PrivateMode.directory)
                    directoryMade.store(true, ordering: .relaxed)
                }
                try file(name).write(records)
            } catch {
                unsaved.withLock { _ = $0.insert(name) }
                throw error
            }
            if retry { unsaved.withLock { _ = $0.remove(name) } }
        }
    }
}
