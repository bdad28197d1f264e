import SluiceCore

/// Every stage type the pipeline file can name.
public enum StageTypes {
    public static let all: [any StageOptions.Type] = [
        ParseJSONStage.Options.self,
        RedactStage.Options.self,
    ]
}
