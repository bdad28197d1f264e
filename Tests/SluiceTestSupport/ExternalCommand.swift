import Foundation

/// Runs a tool the tests need (`openssl`), found on `PATH`, to its end. Not for the binary
/// under test (see ``BinaryRunner``).
public enum ExternalCommand {
    /// The command could not run, or exited non-zero (its standard error attached).
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `arguments` (the command, then its arguments) in `directory`; returns its standard
    /// output. Killed after `timeout` seconds.
    @discardableResult
    public static func run(_ arguments: [String], directory: String? = nil, timeout: Double = 60) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.standardInput = FileHandle.nullDevice
        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot run \(arguments.first ?? "?"): \(error)")
        }
        // Drained while it runs, so a chatty command cannot block on a full pipe.
        let out = LockedData()
        let err = LockedData()
        let group = DispatchGroup()
        for (pipe, sink) in [(outPipe, out), (errPipe, err)] {
            group.enter()
            let handle = pipe.fileHandleForReading
            // A thread of its own (see RunningBinary).
            Thread {
                sink.set(handle.readDataToEndOfFile())
                group.leave()
            }.start()
        }
        if !waitUntil(timeout: timeout, { !process.isRunning }) { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        _ = group.wait(timeout: .now() + 5)
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let stderr = String(decoding: err.get(), as: UTF8.self)
            throw Failure(description: "\(arguments.joined(separator: " ")) failed (status \(process.terminationStatus)): \(stderr)")
        }
        return String(decoding: out.get(), as: UTF8.self)
    }
}
