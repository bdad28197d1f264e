import SluiceCore

/// Every output type the pipeline file can name.
public enum OutputTypes {
    public static let all: [any OutputOptions.Type] = [
        StdoutOutput.Options.self,
        FileOutput.Options.self,
        BlackholeOutput.Options.self,
        ElasticsearchOptions.self,
        LokiOptions.self,
        WebhookOptions.self,
        OTLPOptions.self,
    ]
}
