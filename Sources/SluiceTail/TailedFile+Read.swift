extension TailedFile {
    /// What one read gave.
    enum Read {
        /// Lines read, covering a byte range.
        case lines(ReadLines)
        /// Nothing more to read for now.
        case endOfFile
        /// The file no longer starts with the fingerprinted bytes: it was truncated (and
        /// maybe refilled) before or during the read, so the bytes read may belong to the new
        /// generation. They were dropped and the read position is back where it was.
        case rewritten
    }
}
