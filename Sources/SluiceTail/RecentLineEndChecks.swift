import SluiceCore

/// The checks of the last line ends a file's reads reached: the hash of the (up to 64) bytes
/// before each end, taken from the bytes as they were read (``TailedFile/check(before:)``).
///
/// A checkpoint is written at the durable offset, the end of a read acknowledged by every
/// output: usually a read or two behind the read offset, where the last bytes read are. With
/// 500 files written slowly, taking the check from the file again cost two `pread`s a file
/// each checkpoint (the bytes, and the fingerprint proving the file was not rewritten since);
/// the ends of the last reads are remembered instead.
struct RecentLineEndChecks {
    static let capacity = 8
    private var ends = [UInt64](repeating: 0, count: capacity)
    private var hashes = [UInt64](repeating: 0, count: capacity)
    private var count = 0
    private var next = 0

    /// The check of the bytes before `end`, if it is one of the last ends remembered.
    func hash(before end: UInt64) -> UInt64? {
        for index in 0..<count where ends[index] == end { return hashes[index] }
        return nil
    }

    /// Remembers the check of the bytes before `end`, forgetting the oldest.
    mutating func remember(end: UInt64, hash: UInt64) {
        if let index = (0..<count).first(where: { ends[$0] == end }) {
            hashes[index] = hash
            return
        }
        ends[next] = end
        hashes[next] = hash
        next = (next + 1) % Self.capacity
        count = min(count + 1, Self.capacity)
    }

    /// Forgets every end (a new generation, a move of the read position).
    mutating func removeAll() {
        count = 0
        next = 0
    }

    /// The hash of the `min(end, 64)` bytes before `end`, from `chunk` (read at `start`) and
    /// `previous` (the bytes just before `start`); nil when they do not hold them all.
    static func hash(before end: UInt64, chunk: [UInt8], start: UInt64, previous: [UInt8]) -> UInt64? {
        guard end >= start, end - start <= UInt64(chunk.count) else { return nil }
        let length = Int(min(end, 64))
        let inChunk = Int(end - start)
        let fromPrevious = max(0, length - inChunk)
        guard fromPrevious <= previous.count else { return nil }
        var hash = FNV1a.offsetBasis
        if fromPrevious > 0 {
            hash = previous.withUnsafeBytes { FNV1a.hash(UnsafeRawBufferPointer(rebasing: $0[(previous.count - fromPrevious)...]), seed: hash) }
        }
        return chunk.withUnsafeBytes { FNV1a.hash(UnsafeRawBufferPointer(rebasing: $0[(inChunk - (length - fromPrevious))..<inChunk]), seed: hash) }
    }
}
