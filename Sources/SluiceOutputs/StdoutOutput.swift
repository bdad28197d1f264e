import SluiceCore

/// `type: stdout`: each event as one line of JSON on standard output.
public final class StdoutOutput: EventWriter {
    /// The output's options (none besides `type`).
    public struct Options: OutputOptions {
        public static let typeName = "stdout"
        public init() {}
        public init?(from map: ConfigMapping) {
            map.finish()
            guard map.isValid else { return nil }
        }
        public func makeOutput(name: String, context: OutputContext) throws -> any Output {
            DirectOutput(name: name, writer: StdoutOutput(name: name), context: context)
        }
        public func preview(_ event: Event, into out: inout [UInt8]) { event.serialize(into: &out) }
    }

    public let name: String
    private let writer = NDJSONWriter(fd: 1, path: "<stdout>")

    public init(name: String) { self.name = name }

    public func write(_ events: [Event]) throws { try writer.write(events) }
    public func close() throws {}
}
