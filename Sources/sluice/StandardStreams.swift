import SluiceCore

/// Standard output and standard error, written with write(2) (what FileHandle did, without
/// linking Foundation). A closed pipe ends the process with SIGPIPE, as before.
enum StandardStreams {
    static func write(_ bytes: borrowing [UInt8], to fd: Int32) {
        try? FileIO.writeAll(fd, bytes, path: fd == 1 ? "standard output" : "standard error")
    }
}

/// Writes `text` and a newline to standard error.
func printError(_ text: String) {
    StandardStreams.write(Array((text + "\n").utf8), to: 2)
}
