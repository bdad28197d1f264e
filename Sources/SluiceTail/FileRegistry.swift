import SluiceCore

/// The files the tailer follows, and the generations they left behind that still matter:
/// retired after a truncation (their lines in flight), truncated away recently (to recognise
/// their copies), released after a deletion (descriptor closed, lines in flight). Hands out
/// the ids that batches and acknowledgements name files by, and keeps their paths for the
/// outputs (``paths``).
///
/// Touched by the tailer thread only, except ``paths`` (thread-safe, read by the outputs).
final class FileRegistry {
    /// Paths of the files by event origin id (kept up to date across renames).
    let paths = SourceFiles()
    /// The followed files, open (or closed in the pass that finished them).
    private(set) var files: [TailedFile] = []
    /// The followed files by device and inode, and by path, each in the order of `files`:
    /// what a directory event names is found without going over every file.
    private var byKey: [FileKey: [TailedFile]] = [:]
    private var byPath: [String: [TailedFile]] = [:]
    /// Files to look at in the next pass that does not look at every file (see
    /// ``want(_:)``), each once.
    private var wanted: [TailedFile] = []
    /// Generations retired after a truncation, kept until their acknowledgements are in; while
    /// one is pending, its checkpoint (old identity, its own durable offset) stands for the
    /// inode, so a crash re-reads its lines from the rotated copy.
    private(set) var retired: [RetiredGeneration] = []
    /// The last generations truncated away (at most 32), to recognise their copies.
    private(set) var truncatedGenerations: [RetiredGeneration] = []
    /// Deleted files closed while their last lines are in flight (see ``release(_:)``).
    private var released: [ReleasedFile] = []
    private var nextID: UInt32 = 0

    /// A new id for a file or a file's new generation.
    func newID() -> UInt32 {
        defer { nextID &+= 1 }
        return nextID
    }

    /// A file opened: followed from now on, and looked at in the next pass.
    func add(_ file: TailedFile) {
        files.append(file)
        byKey[file.key, default: []].append(file)
        byPath[file.path, default: []].append(file)
        want(file)
    }

    func remove(_ file: TailedFile) {
        files.removeAll { $0 === file }
        Self.drop(file, at: file.key, from: &byKey)
        Self.drop(file, at: file.path, from: &byPath)
        if file.isWanted {
            wanted.removeAll { $0 === file }
            file.isWanted = false
        }
    }

    /// The file is named `path` from now on (found under a new name in the globs).
    func rename(_ file: TailedFile, to path: String) {
        guard file.path != path else { return }
        Self.drop(file, at: file.path, from: &byPath)
        file.path = path
        byPath[path, default: []].append(file)
    }

    private static func drop<Key: Hashable>(_ file: TailedFile, at key: Key, from index: inout [Key: [TailedFile]]) {
        guard var list = index[key] else { return }
        list.removeAll { $0 === file }
        index[key] = list.isEmpty ? nil : list
    }

    /// Closes every file and forgets them.
    func closeAll() {
        for file in files { file.close() }
        files.removeAll()
        byKey.removeAll()
        byPath.removeAll()
        for file in wanted { file.isWanted = false }
        wanted.removeAll()
    }

    /// True when a followed file is this device and inode.
    func isFollowed(device: UInt64, inode: UInt64) -> Bool {
        followed(device: device, inode: inode) != nil
    }

    /// The followed file with this device and inode (closed, when it was finished in this pass).
    func followed(device: UInt64, inode: UInt64) -> TailedFile? {
        byKey[FileKey(device: device, inode: inode)]?.first
    }

    /// The followed files whose path is `path` (a rotated file keeps the name it had until
    /// the scans find it under another one that the globs select).
    func followed(at path: String) -> [TailedFile] {
        byPath[path] ?? []
    }

    /// Looks at `file` in the next pass, also when that pass looks only at the files named
    /// by directory events: it changed, or was left unread.
    func want(_ file: TailedFile) {
        guard !file.isWanted else { return }
        file.isWanted = true
        wanted.append(file)
    }

    /// Whether a file waits to be looked at.
    var hasWantedFiles: Bool { !wanted.isEmpty }

    /// The files to look at now, in the order they were asked for; the list starts again.
    func takeWanted() -> [TailedFile] {
        let taken = wanted
        wanted.removeAll(keepingCapacity: true)
        for file in taken { file.isWanted = false }
        return taken
    }

    /// A file truncated (its generation ends at `generation.end`): in flight until
    /// acknowledged, and known as truncated away to recognise its copies.
    func retire(_ generation: RetiredGeneration) {
        retired.append(generation)
        rememberTruncated(generation)
    }

    /// A generation truncated away recently (the last 32 are kept).
    func rememberTruncated(_ generation: RetiredGeneration) {
        truncatedGenerations.append(generation)
        if truncatedGenerations.count > 32 { truncatedGenerations.removeFirst() }
    }

    /// Whether an older generation of this device and inode still has lines in flight.
    func hasRetiredGeneration(device: UInt64, inode: UInt64) -> Bool {
        retired.contains { $0.identity.inode == inode && $0.identity.device == device }
    }

    /// A deleted file whose descriptor was closed: its id is forgotten once what was handed on
    /// is acknowledged (see ``forgetAcknowledged(tracker:)``).
    func release(_ file: TailedFile) {
        released.append(ReleasedFile(id: file.id, end: file.emittedUpTo))
    }

    /// Forgets the generations (retired after a truncation, or released after a deletion)
    /// whose lines are all acknowledged, and their ids.
    func forgetAcknowledged(tracker: AckTracker) {
        forgetAcknowledged(&retired, id: \.id, end: \.end, tracker: tracker)
        forgetAcknowledged(&released, id: \.id, end: \.end, tracker: tracker)
    }

    private func forgetAcknowledged<Entry>(_ list: inout [Entry], id: KeyPath<Entry, UInt32>, end: KeyPath<Entry, UInt64>, tracker: AckTracker) {
        list.removeAll { entry in
            let (fileID, fileEnd) = (entry[keyPath: id], entry[keyPath: end])
            guard (tracker.durableOffset(fileID) ?? fileEnd) >= fileEnd else { return false }
            tracker.end(fileID: fileID)
            paths.forget(fileID)
            return true
        }
    }
}

/// A generation retired after a truncation, with what its checkpoint needs.
struct RetiredGeneration {
    var id: UInt32
    var end: UInt64
    var path: String
    /// The name its file had when opened (a copy is named after it: `app.log.1`).
    var openedPath: String
    var identity: FileIdentity
    var checkLength: Int
    var check: UInt64
}

/// A deleted file's lines still in flight after its descriptor was closed: its id stays known
/// to the acknowledgement tracker and to the outputs (paths, event-id key) until they are
/// acknowledged.
struct ReleasedFile {
    var id: UInt32
    var end: UInt64
}
