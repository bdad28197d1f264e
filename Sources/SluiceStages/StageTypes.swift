import SluiceCore

/// Every stage type the pipeline file can name.
public enum StageTypes {
    public static let all: [any StageOptions.Type] = [
        ParseJSONStage.Options.self,
        TraceStage.Options.self,
        SampleStage.Options.self,
        FieldsStage.Options.self,
        DropStage.Options.self,
        RedactStage.Options.self,
        MetricsStage.Options.self,
        WorkflowStage.Options.self,
    ]
}
