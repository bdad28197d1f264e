import Glibc
import Testing
@testable import SluiceTail

/// What the directory watcher makes of a run of events: each written entry told once until
/// an event of another kind, which is always told.
@Suite struct WriteEventsTests {
    func event(_ mask: Int32, _ name: String, cookie: UInt32 = 0, watch: Int32 = 1) -> Inotify.Event {
        Inotify.Event(watch: watch, mask: UInt32(mask), cookie: cookie, name: name)
    }

    func told(_ events: [Inotify.Event]) -> (changed: [String], moved: [String]) {
        let watcher = DirectoryWatcher(knowing: [1: "/logs", 2: "/other"])
        var changed: [String] = []
        var moved: [String] = []
        watcher.note(events, changed: { path, mask in
            changed.append("\(path) \(mask & UInt32(IN_MODIFY | IN_CLOSE_WRITE) != 0 ? "w" : "x")")
        }, moved: { from, to in moved.append("\(from) -> \(to)") })
        return (changed, moved)
    }

    @Test func repeatedWritesToAnEntryAreToldOnce() {
        let result = told([
            event(IN_MODIFY, "a.log"), event(IN_MODIFY, "b.log"), event(IN_MODIFY, "a.log"),
            event(IN_CLOSE_WRITE, "a.log"), event(IN_MODIFY, "b.log"), event(IN_MODIFY, "a.log", watch: 2),
        ])
        #expect(result.changed == ["/logs/a.log w", "/logs/b.log w", "/other/a.log w"])
    }

    /// After a rename or a creation the name may be another file's: its next write is told.
    @Test func anEventOfAnotherKindStartsAfresh() {
        let result = told([
            event(IN_MODIFY, "a.log"), event(IN_MODIFY, "a.log"),
            event(IN_MOVED_FROM, "a.log", cookie: 7), event(IN_MOVED_TO, "a.log.1", cookie: 7),
            event(IN_CREATE, "a.log"), event(IN_MODIFY, "a.log"), event(IN_MODIFY, "a.log"), event(IN_MODIFY, "a.log.1"),
        ])
        #expect(result.changed == [
            "/logs/a.log w", "/logs/a.log x", "/logs/a.log.1 x", "/logs/a.log x", "/logs/a.log w", "/logs/a.log.1 w",
        ])
        #expect(result.moved == ["/logs/a.log -> /logs/a.log.1"])
    }
}
