/// Why ``YAMLComposer`` could not build a document. The messages are the ones Sluice showed
/// when Yams composed its documents (libyaml's own words, context first).
enum YAMLError: Error, Sendable, Equatable {
    /// libyaml refused the text (`did not find expected key`, `found undefined alias`,
    /// `control characters are not allowed (U+0001)`…), at `mark` when known.
    case syntax(message: String, mark: YAMLNode.Mark?)
    /// Keys repeated in one mapping, sorted, and where the first of them is first written.
    case duplicateKeys([String], mark: YAMLNode.Mark)
}
