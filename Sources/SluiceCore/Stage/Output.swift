/// A destination for events. An output acknowledges a batch by returning from
/// ``write(_:)``: what it returned for is durably handed over (written, flushed, or accepted
/// by the backend).
public protocol Output: AnyObject, Sendable {
    /// The output's name from the `outputs` mapping.
    var name: String { get }
    /// Delivers `events`; throws when they could not be delivered.
    func write(_ events: [Event]) throws
    /// Makes everything written so far durable.
    func flush() throws
    /// Flushes and releases resources.
    func close() throws
}

/// An output's options as read from the pipeline file; each output type has one.
public protocol OutputOptions: Sendable {
    /// The `type:` that selects this output, e.g. `stdout`.
    static var typeName: String { get }
    /// Reads the output's keys (the `type` key is handled by the loader); nil when invalid.
    init?(from map: ConfigMapping)
    /// Opens the output.
    func makeOutput(name: String) throws -> any Output
    /// Appends what this output would send for `event`, for dry runs (no I/O).
    func preview(_ event: Event, into out: inout [UInt8])
}

/// A declared output: its name and decoded options.
public struct OutputDeclaration: Sendable {
    public var name: String
    public var options: any OutputOptions
}
