import SluiceCore

/// `type: blackhole`: counts events and their line bytes and discards them (a counting sink
/// for benchmarks and pipeline tests).
public final class BlackholeOutput: EventWriter {
    /// The output's options (none besides `type`).
    public struct Options: OutputOptions {
        public static let typeName = "blackhole"
        public init() {}
        public init?(from map: ConfigMapping) {
            map.finish()
            guard map.isValid else { return nil }
        }
        public func makeOutput(name: String, context: OutputContext) throws -> any Output {
            let writer = BlackholeOutput(name: name)
            return DirectOutput(name: name, writer: writer, context: context, counters: writer.counters)
        }
        public func preview(_ event: Event, into out: inout [UInt8]) { event.serialize(into: &out) }
    }

    public let name: String
    /// `events` and `bytes` (of the lines as read) received.
    public let counters: Counters

    public init(name: String) {
        self.name = name
        counters = Counters(owner: "outputs.\(name)")
    }

    public func write(_ events: [Event]) throws {
        var bytes = 0
        for event in events { bytes += event.line.count }
        counters.add("events", events.count)
        counters.add("bytes", bytes)
    }

    public func close() throws {}
}

