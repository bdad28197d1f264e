import Glibc
import SluiceCore

/// The standard `process_*` series (as Prometheus' client libraries export them), read from
/// `/proc/self` at each scrape: CPU seconds, resident and virtual memory, open and allowed
/// file descriptors, start time.
public enum ProcessMetrics {
    /// The series in the text exposition format.
    public static func exposition() -> String {
        var out = ""
        func series(_ name: String, _ type: String, _ help: String, _ value: Double?) {
            guard let value else { return }
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name) \(PrometheusText.number(value))\n"
        }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let page = Double(sysconf(Int32(_SC_PAGESIZE)))
        let stat = statFields()
        // Fields after the command name: state is field 3, utime 14, stime 15, starttime 22,
        // vsize 23, rss 24 (proc(5)); `stat` starts at field 3.
        func field(_ n: Int) -> Double? { stat.flatMap { n - 3 < $0.count ? Double($0[n - 3]) : nil } }
        if let user = field(14), let system = field(15) {
            series("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.", (user + system) / ticks)
        }
        series("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", field(24).map { $0 * page })
        series("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.", field(23))
        if let started = field(22), let boot = bootTime() {
            series("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.", boot + started / ticks)
        }
        series("process_open_fds", "gauge", "Number of open file descriptors.", openDescriptors())
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 {
            series("process_max_fds", "gauge", "Maximum number of open file descriptors.", Double(limit.rlim_cur))
        }
        return out
    }

    /// `/proc/self/stat` from field 3 on (after the parenthesised command name).
    static func statFields() -> [Substring]? {
        guard let text = read("/proc/self/stat"), let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }

    /// `btime` of `/proc/stat`: boot time, seconds since the epoch.
    static func bootTime() -> Double? {
        guard let text = read("/proc/stat") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst(6).trimmingPrefix(" "))
        }
        return nil
    }

    static func openDescriptors() -> Double? {
        guard let dir = opendir("/proc/self/fd") else { return nil }
        defer { closedir(dir) }
        var count = 0
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { $0.first }
            if name != UInt8(ascii: ".") { count += 1 }
        }
        return Double(max(0, count - 1))  // not the directory's own descriptor
    }

    static func read(_ path: String) -> String? {
        try? FileIO.readString(path)
    }
}
