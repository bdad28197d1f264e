import Synchronization

/// File paths by the id carried in each event's ``Origin``: how dead-letter records and logs
/// name the file an event came from. (Event ids need no look-up: each origin carries its
/// file's stable key, ``Origin/fileKey``.)
public final class SourceFiles: Sendable {
    private let state = Mutex<(paths: [UInt32: String], next: UInt32)>(([:], 0))

    public init() {}

    /// Registers `path` under a new id and returns it.
    public func register(_ path: String) -> UInt32 {
        state.withLock { s in
            let id = s.next
            s.next &+= 1
            s.paths[id] = path
            return id
        }
    }

    /// Records (or updates, after a rename) the path of `id`.
    public func record(_ id: UInt32, path: String) {
        state.withLock { $0.paths[id] = path }
    }

    /// Forgets `id`.
    public func forget(_ id: UInt32) {
        _ = state.withLock { $0.paths.removeValue(forKey: id) }
    }

    /// The path registered as `id`.
    public func path(_ id: UInt32) -> String? {
        state.withLock { $0.paths[id] }
    }
}
