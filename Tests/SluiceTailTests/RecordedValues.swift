import Foundation

/// Values a tailer's test hook reports from the tailer's thread (paths looked at, switches),
/// read by the test's.
final class RecordedValues<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Value] = []

    func record(_ value: Value) {
        lock.lock()
        values.append(value)
        lock.unlock()
    }

    /// Everything recorded so far.
    var all: [Value] {
        lock.lock()
        defer { lock.unlock() }
        return values
    }

    /// Everything recorded so far, forgotten.
    func take() -> [Value] {
        lock.lock()
        defer { lock.unlock() }
        let taken = values
        values.removeAll()
        return taken
    }
}
