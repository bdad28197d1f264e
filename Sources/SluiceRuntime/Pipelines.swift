import SluiceCore
import SluiceOutputs
import SluiceStages

/// The loader that knows every stage and output type Sluice ships.
public enum Pipelines {
    /// A loader reading `${VAR}`s from `environment`.
    public static func loader(environment: [String: String]) -> PipelineLoader {
        PipelineLoader(stageTypes: StageTypes.all, outputTypes: OutputTypes.all, environment: environment)
    }
}
