import Logging

/// Sets up the process-wide logging backend once.
public enum AgentLog {
    /// Installs the JSON handler at `level`. Safe to call once per process.
    public static func bootstrap(level: Logger.Level) {
        let repeats = RepeatLimiter()
        LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: level, repeats: repeats) }
    }
}
