import SluiceTail

/// The offsets the checkpoints in `dataDir` hold, one per followed file (generations
/// truncated away, which record no position, left out); empty before the first write.
public func checkpointOffsets(dataDir: String) -> [Int] {
    let checkpoints = (try? CheckpointStore(directory: dataDir).load().checkpoints) ?? []
    return checkpoints.filter { $0.offset != Checkpoint.truncatedGenerationMarker }.map { Int($0.offset) }
}
