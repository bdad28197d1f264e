/// A stage whose state outlives the process (the `workflow` stage's open runs): the runtime
/// saves it with the checkpoints and hands it back at the next start, and to the stage that
/// replaces it at a reload.
///
/// The rule that keeps a restart exact: the state saved is never older than the checkpoints
/// written with it. The runtime takes it after the acknowledged offsets were read, and writes
/// it before them; a crash between the two leaves state newer than the checkpoints, and the
/// stage recognises the lines it already saw when they are read again (by their origins).
public protocol StatefulStage: Stage {
    /// Names the state on disk: the same while the configuration means the same state.
    var stateName: String { get }
    /// The state now as records of text fields (written as a ``RecordFile``); nil when
    /// `changedOnly` and nothing changed since the last call. Called on the checkpointing
    /// thread while the worker runs the stage.
    func encodeState(changedOnly: Bool) -> [[String]]?
    /// Takes up state a previous run saved (before the first batch), or that the stage this
    /// one replaces handed over. Throws, changing nothing, on records it cannot read.
    func restoreState(_ records: [[String]]) throws
    /// Takes over the state of `previous`, the stage this one replaces at a reload.
    func takeState(from previous: any StatefulStage) throws
}

extension StatefulStage {
    /// Through the records, as across a restart.
    public func takeState(from previous: any StatefulStage) throws {
        if let records = previous.encodeState(changedOnly: false) { try restoreState(records) }
    }
}
