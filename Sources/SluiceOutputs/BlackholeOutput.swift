import CoreMetrics
import SluiceCore

/// `type: blackhole`: counts events (`sluice_output_events_delivered_total`) and their line
/// bytes (`sluice_blackhole_line_bytes_total`) and discards them (a counting sink for
/// benchmarks and pipeline tests).
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
            DirectOutput(name: name, writer: BlackholeOutput(name: name, metrics: context.metrics), context: context)
        }
        public func preview(_ event: Event, into out: inout [UInt8]) { event.serialize(into: &out) }
    }

    public let name: String
    /// Bytes of the lines received, as read.
    let lineBytes: Counter

    public init(name: String, metrics: MetricsScope = .discarding) {
        self.name = name
        lineBytes = metrics.counter("sluice_blackhole_line_bytes_total")
    }

    public func write(_ events: [Event]) throws {
        var bytes = 0
        for event in events { bytes += event.line.count }
        lineBytes.add(bytes)
    }

    public func close() throws {}
}

