import Foundation
import Synchronization
import Testing
@testable import SluiceCore

/// Threads carry their names where `top -H` and `ps -L` read them.
struct NativeThreadTests {
    /// What the thread itself reads from `/proc/thread-self/comm`.
    func kernelName(ofThreadNamed name: String) throws -> String {
        let seen = Mutex<String?>(nil)
        let thread = try NativeThread.start(name: name) {
            let comm = try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)
            seen.withLock { $0 = comm?.trimmingCharacters(in: .newlines) }
        }
        thread.join()
        return seen.withLock { $0 } ?? "(unreadable)"
    }

    @Test func aShortNameIsTheThreadsName() throws {
        #expect(try kernelName(ofThreadNamed: "sluice-tailer") == "sluice-tailer")
    }

    @Test func aLongNameIsCutToFifteenBytes() throws {
        #expect(try kernelName(ofThreadNamed: "sluice-out-elasticsearch") == "sluice-out-elas")
    }

    @Test func aCutNeverSplitsACharacter() {
        #expect(NativeThread.threadName("sluice-out-lokï-x") == "sluice-out-lok")
        #expect(NativeThread.threadName("sluice-out-ab") == "sluice-out-ab")
    }
}
