/// Where reading and delivery stand, file by file: what `/metrics` reports as lag and what
/// `run --once` shows as progress. Published by the tailer's loop a few times a second.
public struct TailerProgress: Sendable {
    /// One followed file.
    public struct File: Sendable, Equatable {
        public var path: String
        public var source: String
        /// The file's size at the last look.
        public var size: UInt64
        /// Bytes read (handed to the pipeline).
        public var read: UInt64
        /// Bytes every output acknowledged (what a restart resumes from).
        public var acknowledged: UInt64

        public init(path: String, source: String, size: UInt64, read: UInt64, acknowledged: UInt64) {
            self.path = path
            self.source = source
            self.size = size
            self.read = read
            self.acknowledged = acknowledged
        }

        /// Bytes written and not yet acknowledged.
        public var lagBytes: UInt64 { size > acknowledged ? size - acknowledged : 0 }
    }

    public var files: [File] = []
    /// When the checkpoints on disk were last known current (written, or found unchanged),
    /// nanoseconds since the epoch; nil before the first time.
    public var checkpointsCurrentAt: Int64?

    public init(files: [File] = [], checkpointsCurrentAt: Int64? = nil) {
        self.files = files
        self.checkpointsCurrentAt = checkpointsCurrentAt
    }
}
