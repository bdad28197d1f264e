import Foundation

/// Runs the built `sluice` binary and collects its exit status and output.
public struct BinaryRunner {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The `sluice` executable: `$SLUICE_BINARY` when set (CI points it at the release
    /// build), else the one next to the test bundle in the build directory.
    public static var sluicePath: String {
        if let chosen = ProcessInfo.processInfo.environment["SLUICE_BINARY"], !chosen.isEmpty {
            return URL(fileURLWithPath: chosen).standardizedFileURL.path
        }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("sluice").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        // swift test runs the bundle from .build/<triple>/debug/
        return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("sluice").path
    }

    /// Runs `sluice arguments…` with `stdin` as standard input to its end; kills it after
    /// `timeout`.
    /// `launcher` runs it through another command (`["/usr/bin/prlimit", "--nofile=64:64"]`).
    public static func run(
        _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], directory: String? = nil, timeout: Double = 60,
        launcher: [String] = []
    ) throws -> Result {
        let process = try RunningBinary(arguments, stdin: stdin, environment: environment, directory: directory, launcher: launcher)
        let status = process.wait(timeout: timeout)
        return Result(status: status, stdout: process.stdout, stderr: process.stderr)
    }
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ d: Data) { lock.lock(); data = d; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
    func lockedAppend(_ d: Data) { lock.lock(); data.append(d); lock.unlock() }
}

/// A `sluice` process running in the background, its output collected as it comes.
public final class RunningBinary: @unchecked Sendable {
    public let process = Process()
    private let out = LockedData()
    private let err = LockedData()
    private let group = DispatchGroup()

    /// Starts `sluice arguments…`; `stdin` (when given) is written to its standard input, which
    /// is then closed. `launcher` runs it through another command (its arguments, then the
    /// binary's path and `arguments`).
    public init(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], directory: String? = nil, launcher: [String] = []) throws {
        if let command = launcher.first {
            process.executableURL = URL(fileURLWithPath: command)
            process.arguments = Array(launcher.dropFirst()) + [BinaryRunner.sluicePath] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: BinaryRunner.sluicePath)
            process.arguments = arguments
        }
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        let input = Pipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        for (pipe, sink) in [(outPipe, out), (errPipe, err)] {
            group.enter()
            let handle = pipe.fileHandleForReading
            // A thread of its own: a blocking read on Dispatch's global queue can wait behind
            // other blocked work when two cores run many tests at once.
            Thread { [group] in
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    sink.append(data)
                }
                group.leave()
            }.start()
        }
        // Written once the outputs are being drained, so a chatty child cannot block on them.
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
    }

    public var stdout: String { String(decoding: out.get(), as: UTF8.self) }
    public var stderr: String { String(decoding: err.get(), as: UTF8.self) }

    /// Sends `signal` (SIGTERM, SIGKILL…).
    public func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to exit (up to `timeout` seconds, then kills it) and returns
    /// its exit status.
    @discardableResult
    public func wait(timeout: Double = 30) -> Int32 {
        if !waitUntil(timeout: timeout, { !process.isRunning }) { send(SIGKILL) }
        process.waitUntilExit()
        _ = group.wait(timeout: .now() + 5)
        return process.terminationStatus
    }
}

extension LockedData {
    func append(_ d: Data) { lockedAppend(d) }
}
