import Glibc
import SluiceCore
import SluiceOutputs

/// `--mode shipping --url http://127.0.0.1:PORT`: the cost of the libcurl path. The same
/// parsed events are encoded (Elasticsearch `_bulk`, or a Loki push), gzipped and then either
/// written to `/dev/null` or POSTed through ``HTTPClient`` to a loopback sink in another
/// process (nginx in `bench/peers.sh`), in the same run. CPU time is this process's (user +
/// sys from `getrusage`), so the sink's work is not counted; what the HTTP path adds over
/// `/dev/null` is libcurl, the socket and the kernel's loopback.
enum ShippingBenchmark {
    static let batchSize = 1_000

    struct Figures {
        var wall: Double
        var cpu: Double
        var bodies: Int
        var bytes: Int
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return s(usage.ru_utime) + s(usage.ru_stime)
    }

    /// Parsed events for `lines` (outside the timings), one microsecond apart up to now.
    static func events(_ lines: [ArraySlice<UInt8>]) -> [Event] {
        let now = FileIO.nowNanoseconds()
        return lines.enumerated().map { i, line in
            let readTime = now - Int64(lines.count - i) * 1_000
            var event = Event(line: line, origin: Origin(fileID: 0, offset: UInt64(i) * 310, length: UInt32(line.count + 1)), readTime: readTime)
            if let fields = try? JSONObject(parsing: line) {
                event.fields = fields
                event.flags.remove(.raw)
            }
            return event
        }
    }

    /// Encodes and gzips every batch of `events` and hands each body to `deliver`.
    /// `gzip: false`: the bodies are delivered as encoded.
    static func measure(_ events: [Event], gzip compress: Bool = true, encode: ([Event], inout [UInt8]) -> Void, deliver: ([UInt8]) -> Void) -> Figures {
        let gzip = GzipCompressor()
        var body: [UInt8] = []
        var compressed: [UInt8] = []
        var figures = Figures(wall: 0, cpu: 0, bodies: 0, bytes: 0)
        let wall0 = Monotonic.now()
        let cpu0 = cpuSeconds()
        var start = 0
        while start < events.count {
            let batch = Array(events[start..<min(start + batchSize, events.count)])
            start += batchSize
            body.removeAll(keepingCapacity: true)
            encode(batch, &body)
            if compress {
                gzip.compress(body, into: &compressed)
                deliver(compressed)
                figures.bytes += compressed.count
            } else {
                deliver(body)
                figures.bytes += body.count
            }
            figures.bodies += 1
        }
        figures.wall = Monotonic.now() - wall0
        figures.cpu = cpuSeconds() - cpu0
        return figures
    }

    static func run(lines: [ArraySlice<UInt8>], url: String, rounds: Int) throws {
        let events = events(lines)
        let bulk = BulkEncoder(action: .create, index: try IndexTemplate("ai-workflow-logs-%{+YYYY.MM.dd}", fallback: "unknown"))
        let loki = LokiPushEncoder(labels: try LokiLabels([("app", "ai-workflow"), ("level", "%{[level]}")]))
        let now = FileIO.nowNanoseconds()
        let targets: [(name: String, path: String, type: String, encode: ([Event], inout [UInt8]) -> Void)] = [
            ("elasticsearch _bulk", "/_bulk", "application/x-ndjson", { batch, out in bulk.encode(batch, into: &out) }),
            // Loki's limits are checked against the events' own time, so they all pass.
            ("loki push", "/loki/api/v1/push", "application/json", { batch, out in _ = loki.encode(batch, now: now, into: &out) }),
        ]
        let devNull = open("/dev/null", O_WRONLY)
        defer { close(devNull) }
        for target in targets {
            var connection = HTTPConnectionOptions(timeout: 30)
            connection.compression = .gzip
            let client = try HTTPClient(connection: connection, contentType: target.type, stop: StopSignal())
            var nullFigures: [Figures] = []
            var httpFigures: [Figures] = []
            var failures = 0
            for _ in 0..<rounds {
                nullFigures.append(measure(events, encode: target.encode) { body in
                    body.withUnsafeBytes { _ = write(devNull, $0.baseAddress, $0.count) }
                })
                httpFigures.append(measure(events, encode: target.encode) { body in
                    let status = (try? client.post(url + target.path, body: body))?.status ?? 0
                    if !(200..<300).contains(status) { failures += 1 }
                })
            }
            guard failures == 0 else {
                print("\(target.name): \(failures) requests failed; is a sink listening at \(url)?")
                exit(1)
            }
            let null = nullFigures.min { $0.cpu < $1.cpu }!
            let http = httpFigures.min { $0.cpu < $1.cpu }!
            let perMillion = 1e6 / Double(events.count)
            for (name, f) in [("encode + gzip → /dev/null", null), ("encode + gzip → libcurl POST", http)] {
                print(String(format: "%@ %@: %8.0f events/s  %6.1f MB/s in  %5.2f CPU-s per M events  (%d bodies, %.1f MB gzipped)",
                    target.name, name.padding(toLength: 30, withPad: " ", startingAt: 0), Double(events.count) / f.wall,
                    Double(lines.reduce(0) { $0 + $1.count }) / f.wall / 1e6, f.cpu * perMillion, f.bodies, Double(f.bytes) / 1e6))
            }
            print(String(format: "%@: the libcurl path costs %+.1f%% CPU over /dev/null (target: at most +20%%; best of %d rounds each)",
                target.name, (http.cpu / null.cpu - 1) * 100, rounds))
        }
    }
}
