import Glibc
import SluiceCore

/// A Linux inotify instance watching directories. Its events are hints: the tailer reconciles
/// each file against `fstat` whatever the event said.
final class Inotify {
    struct Event {
        var watch: Int32
        var mask: UInt32
        /// Pairs an IN_MOVED_FROM with its IN_MOVED_TO.
        var cookie: UInt32
        /// The entry's name inside the watched directory (empty for the directory itself).
        var name: String

        /// True when the event says an entry of a watched directory was written, and nothing
        /// else.
        var isWrite: Bool { mask & Inotify.writeMask != 0 && mask & ~Inotify.writeMask == 0 && !name.isEmpty }
    }

    let fd: Int32
    /// A pipe whose read end is polled with the inotify descriptor: ``interrupt()`` ends a wait.
    private let wake: (read: Int32, write: Int32)
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    /// What directory watches ask for: entries created, moved, written, deleted; the
    /// directory itself moved or deleted.
    static let directoryMask = UInt32(IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_MODIFY | IN_DELETE | IN_CLOSE_WRITE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
    /// The events that say an entry was written.
    static let writeMask = UInt32(IN_MODIFY | IN_CLOSE_WRITE)

    init() throws {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw SystemError("inotify_init1", path: "") }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else {
            close(fd)
            throw SystemError("pipe", path: "")
        }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        self.fd = fd
        self.wake = (ends[0], ends[1])
    }

    deinit {
        close(fd)
        close(wake.read)
        close(wake.write)
    }

    /// Ends a ``wait(timeoutMilliseconds:overflowed:)`` in progress (from any thread).
    func interrupt() {
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
    }

    /// Watches `directory` (or, with another `mask`, a file); returns the watch descriptor.
    func watch(_ directory: String, mask: UInt32 = directoryMask) throws -> Int32 {
        let wd = inotify_add_watch(fd, directory, mask)
        guard wd >= 0 else { throw SystemError("inotify_add_watch", path: directory) }
        return wd
    }

    /// Stops watching `watch` (its `IN_IGNORED` event follows).
    func unwatch(_ watch: Int32) {
        _ = inotify_rm_watch(fd, watch)
    }

    /// Sleeps up to `milliseconds` whatever the directories do (their events wait in the
    /// kernel's queue), ending early at ``interrupt()``, which stays pending for the next
    /// ``wait(timeoutMilliseconds:overflowed:)`` to take. Returns whether it was interrupted.
    func pause(milliseconds: Int32) -> Bool {
        var wakeUp = pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)
        return poll(&wakeUp, 1, milliseconds) > 0
    }

    /// Waits up to `timeoutMilliseconds` for events and returns them (empty on timeout).
    /// `overflowed` is set when the kernel's queue overflowed (events were lost: rescan).
    func wait(timeoutMilliseconds: Int32, overflowed: inout Bool) -> [Event] {
        var pfds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
        let ready = poll(&pfds, 2, timeoutMilliseconds)
        guard ready > 0 else { return [] }
        if pfds[1].revents != 0 {
            var drain = [UInt8](repeating: 0, count: 64)
            _ = read(wake.read, &drain, drain.count)
        }
        var events: [Event] = []
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            buffer.withUnsafeBytes { raw in
                var offset = 0
                while offset + MemoryLayout<inotify_event>.size <= n {
                    let wd = raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)
                    let mask = raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                    let cookie = raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)
                    let length = Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                    let nameStart = offset + MemoryLayout<inotify_event>.size
                    let nameBytes = raw[nameStart..<(nameStart + length)].prefix { $0 != 0 }
                    if mask & UInt32(IN_Q_OVERFLOW) != 0 { overflowed = true }
                    events.append(Event(watch: wd, mask: mask, cookie: cookie, name: String(decoding: nameBytes, as: UTF8.self)))
                    offset = nameStart + length
                }
            }
        }
        return events
    }
}
