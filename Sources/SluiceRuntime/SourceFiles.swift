import SluiceCore
import Synchronization

/// The files a pipeline has read, by the id carried in each event's ``Origin``.
public final class SourceFiles: Sendable {
    private let paths = Mutex<[String]>([])

    public init() {}

    /// Registers `path` and returns its id.
    public func register(_ path: String) -> UInt32 {
        paths.withLock { list in
            list.append(path)
            return UInt32(list.count - 1)
        }
    }

    /// The path registered as `id`.
    public func path(_ id: UInt32) -> String? {
        paths.withLock { Int(id) < $0.count ? $0[Int(id)] : nil }
    }
}
