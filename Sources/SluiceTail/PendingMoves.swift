/// The `IN_MOVED_FROM` halves of renames, by cookie, until their `IN_MOVED_TO` arrives: the
/// two events of one rename may come in two reads of the inotify queue. Keeps the last 256
/// (a rename out of the watched directories never gets its second half).
struct PendingMoves {
    private var entries: [(cookie: UInt32, path: String)] = []
    static let capacity = 256

    mutating func note(cookie: UInt32, path: String) {
        if entries.count >= Self.capacity { entries.removeFirst() }
        entries.append((cookie, path))
    }

    /// The old path of the rename `cookie`, forgotten once taken.
    mutating func take(cookie: UInt32) -> String? {
        guard let index = entries.lastIndex(where: { $0.cookie == cookie }) else { return nil }
        return entries.remove(at: index).path
    }
}
