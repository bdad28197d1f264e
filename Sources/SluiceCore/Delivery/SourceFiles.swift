import Synchronization

/// File paths and stable keys by the id carried in each event's ``Origin``: how dead-letter
/// records and logs name the file an event came from, and how outputs derive deterministic
/// event ids (the key stays the same across restarts and renames).
public final class SourceFiles: Sendable {
    private let state = Mutex<(paths: [UInt32: String], keys: [UInt32: UInt64], next: UInt32)>(([:], [:], 0))

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

    /// Records the stable key of `id` (the file's identity at first sight).
    public func record(_ id: UInt32, key: UInt64) {
        state.withLock { $0.keys[id] = key }
    }

    /// Forgets `id`.
    public func forget(_ id: UInt32) {
        state.withLock {
            $0.paths.removeValue(forKey: id)
            $0.keys.removeValue(forKey: id)
        }
    }

    /// The stable key of `id`; for an unknown id (dry runs, tests), the id itself.
    public func key(_ id: UInt32) -> UInt64 {
        state.withLock { $0.keys[id] } ?? UInt64(id)
    }

    /// The path registered as `id`.
    public func path(_ id: UInt32) -> String? {
        state.withLock { $0.paths[id] }
    }
}
