/// The buffer a read whose size is not known goes into (``TailedFile/readChunk(chunkSize:size:scratch:readTime:counters:)``):
/// one for the tailer's thread, allocated at its first use; a page of it is resident once a
/// read filled it.
final class ReadScratch {
    let capacity: Int
    private var storage: UnsafeMutableRawBufferPointer?

    init(capacity: Int) {
        self.capacity = capacity
    }

    var buffer: UnsafeMutableRawBufferPointer {
        if let storage { return storage }
        let made = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        storage = made
        return made
    }

    deinit {
        storage?.deallocate()
    }
}
