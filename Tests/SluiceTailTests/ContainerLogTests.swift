import Foundation
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceTail

/// `format: cri | docker | auto` and `kubernetes:` on a file source: the runtime's prefix
/// decoded, split lines joined (across reads and across a rotation), stream, runtime time and
/// the path's metadata added as members.
@Suite(.serialized) struct ContainerLogTests {
    static let podPath = "pods/ml_inference-7d9f8b6c5-x2x9z_5c1e0f8a-1b2c-4d5e-8f90-0a1b2c3d4e5f/inference"

    @Test func decodesCRIAndDockerLines() throws {
        let cri = try #require(ContainerLine.cri(ArraySlice(#"2026-12-03T10:00:00.123456789Z stdout F {"level":"info"}"#.utf8)))
        #expect(String(decoding: cri.payload, as: UTF8.self) == #"{"level":"info"}"#)
        #expect(String(decoding: cri.stream, as: UTF8.self) == "stdout" && !cri.partial)
        #expect(String(decoding: cri.time, as: UTF8.self) == "2026-12-03T10:00:00.123456789Z")
        let partial = try #require(ContainerLine.cri(ArraySlice("2026-12-03T10:00:00Z stderr P half".utf8)))
        #expect(partial.partial && String(decoding: partial.payload, as: UTF8.self) == "half")
        let empty = try #require(ContainerLine.cri(ArraySlice("2026-12-03T10:00:00Z stdout F".utf8)))
        #expect(empty.payload.isEmpty)
        for bad in ["plain text", "2026-12-03T10:00:00Z stdin F x", "2026-12-03T10:00:00Z stdout X x", ""] {
            #expect(ContainerLine.cri(ArraySlice(bad.utf8)) == nil, "\(bad)")
        }
        let docker = try #require(ContainerLine.docker(ArraySlice(#"{"log":"{\"level\":\"info\",\"msg\":\"caf\u00e9\"}\n","stream":"stdout","time":"2026-12-03T10:00:00.5Z"}"#.utf8)))
        #expect(String(decoding: docker.payload, as: UTF8.self) == #"{"level":"info","msg":"café"}"# && !docker.partial)
        #expect(String(decoding: docker.stream, as: UTF8.self) == "stdout" && String(decoding: docker.time, as: UTF8.self) == "2026-12-03T10:00:00.5Z")
        let split = try #require(ContainerLine.docker(ArraySlice(#"{"log":"first half","stream":"stderr","time":"t"}"#.utf8)))
        #expect(split.partial)
        #expect(ContainerLine.docker(ArraySlice(#"{"level":"info"}"#.utf8)) == nil)
    }

    @Test func kubernetesMetadataComesFromThePath() {
        let fields = KubernetesPathFields.otel.values(forPath: "/var/log/" + Self.podPath + "/0.log")
        #expect(fields.map(\.0) == ["k8s.namespace.name", "k8s.pod.name", "k8s.pod.uid", "k8s.container.name"])
        #expect(fields.map(\.1) == ["ml", "inference-7d9f8b6c5-x2x9z", "5c1e0f8a-1b2c-4d5e-8f90-0a1b2c3d4e5f", "inference"])
        let linked = KubernetesPathFields.ecs.values(forPath: "/var/log/containers/inference-7d9f8b6c5-x2x9z_ml_inference-" + String(repeating: "ab", count: 32) + ".log")
        #expect(linked.map(\.0) == ["kubernetes.namespace", "kubernetes.pod.name", "kubernetes.container.name"])
        #expect(linked.map(\.1) == ["ml", "inference-7d9f8b6c5-x2x9z", "inference"])
        #expect(KubernetesPathFields.otel.values(forPath: "/app/logs/app.log").isEmpty)
    }

    func harness(_ format: ContainerLogFormat, kubernetes: KubernetesPathFields? = nil, multiline: MultilineRule? = nil) throws -> TailerHarness {
        let h = try TailerHarness(include: ["**/*.log"])
        h.source.format = format
        h.source.kubernetes = kubernetes
        h.source.multiline = multiline
        try FileManager.default.createDirectory(atPath: h.log(Self.podPath), withIntermediateDirectories: true)
        return h
    }

    func objects(_ h: TailerHarness) throws -> [[String: Any]] {
        try h.received.map { try #require(try JSONSerialization.jsonObject(with: Data($0.text.utf8)) as? [String: Any], "\($0.text)") }
    }

    @Test func criLinesWithPartialsJoinedAcrossReadsAndTheirMetadata() throws {
        let h = try harness(.cri, kubernetes: .otel)
        defer { h.finish() }
        let file = Self.podPath + "/0.log"
        try h.start()
        try h.append(file, #"2026-12-03T10:00:00.000000001Z stdout F {"level":"info","event":"a"}"# + "\n")
        // A 40 KB line the runtime split in three, the pieces in separate writes (reads).
        let long = String(repeating: "x", count: 40_000)
        let pieces = [long.prefix(16_384), long.dropFirst(16_384).prefix(16_384), long.dropFirst(32_768)]
        try h.append(file, "2026-12-03T10:00:01Z stdout P {\"event\":\"big\",\"text\":\"\(pieces[0])\n")
        #expect(h.waitFor(1))
        try h.append(file, "2026-12-03T10:00:01Z stdout P \(pieces[1])\n")
        try h.append(file, "2026-12-03T10:00:01Z stdout F \(pieces[2])\"}\n" + "2026-12-03T10:00:02Z stderr F plain text on stderr\n")
        #expect(h.waitFor(3, timeout: 20), "\(h.received.map { $0.text.prefix(80) })")
        try h.stop()
        let events = try objects(h)
        #expect(events.count == 3)
        #expect(events[0]["event"] as? String == "a" && events[0]["stream"] as? String == "stdout")
        #expect(events[0]["runtime_time"] as? String == "2026-12-03T10:00:00.000000001Z")
        #expect(events[0]["k8s.pod.name"] as? String == "inference-7d9f8b6c5-x2x9z" && events[0]["k8s.namespace.name"] as? String == "ml")
        #expect(events[1]["text"] as? String == long)
        #expect(events[2]["message"] as? String == "plain text on stderr" && events[2]["stream"] as? String == "stderr")
        // The joined line's origin spans its three pieces; the events tile the file.
        let size = try FileManager.default.attributesOfItem(atPath: h.log(file))[.size] as! Int
        #expect(MultilineTests.contiguous(h.received, fileSize: size))
    }

    @Test func aSplitLineAcrossARotationIsJoinedFromTheRotatedFile() throws {
        let h = try harness(.cri)
        defer { h.finish() }
        let file = Self.podPath + "/0.log"
        try h.start()
        try h.append(file, "2026-12-03T10:00:00Z stdout P {\"event\":\"split\",\"part\":\"one-\n")
        #expect(h.waitUntilQuiet())
        // The kubelet rotates 0.log; the line's last piece is still written to the old file.
        try FileManager.default.moveItem(atPath: h.log(file), toPath: h.log(Self.podPath + "/0.log.20261203-100000"))
        try h.append(Self.podPath + "/0.log.20261203-100000", "2026-12-03T10:00:00Z stdout F two\"}\n")
        try h.append(file, "2026-12-03T10:00:05Z stdout F {\"event\":\"next\"}\n")
        #expect(h.waitFor(2, timeout: 20), "\(h.received.map(\.text))")
        try h.stop()
        let events = try objects(h)
        #expect(events.contains { $0["part"] as? String == "one-two" })
        #expect(events.contains { $0["event"] as? String == "next" })
        #expect(events.count == 2)
    }

    @Test func dockerJSONFileLinesAndAuto() throws {
        for format in [ContainerLogFormat.docker, .auto] {
            let h = try harness(format)
            defer { h.finish() }
            let file = Self.podPath + "/0.log"
            try h.start()
            try h.append(file, [
                #"{"log":"{\"level\":\"warning\",\"event\":\"slow\"}\n","stream":"stdout","time":"2026-12-03T10:00:00.1Z"}"#,
                #"{"log":"first half of a long line ","stream":"stderr","time":"2026-12-03T10:00:00.2Z"}"#,
                #"{"log":"second half\n","stream":"stderr","time":"2026-12-03T10:00:00.2Z"}"#,
            ].joined(separator: "\n") + "\n")
            h.tailer?.endOfInput()
            #expect(h.waitFor(2, timeout: 20), "\(h.received.map(\.text))")
            try h.stop()
            let events = try objects(h)
            #expect(events.count == 2)
            #expect(events[0]["event"] as? String == "slow" && events[0]["runtime_time"] as? String == "2026-12-03T10:00:00.1Z")
            #expect(events[1]["message"] as? String == "first half of a long line second half" && events[1]["stream"] as? String == "stderr")
        }
    }

    @Test func tracebacksInsideCRILinesJoinTheirJSONLine() throws {
        let h = try harness(.cri, kubernetes: .otel, multiline: MultilineRule(kind: .python))
        defer { h.finish() }
        let file = Self.podPath + "/0.log"
        let lines = [#"{"level":"error","event":"failed"}"#] + MultilineTests.traceback + [#"{"event":"next"}"#]
        try h.start()
        try h.append(file, lines.map { "2026-12-03T10:00:00Z stderr F \($0)" }.joined(separator: "\n") + "\n")
        h.tailer?.endOfInput()
        #expect(h.waitFor(2, timeout: 20), "\(h.received.map(\.text))")
        try h.stop()
        let events = try objects(h)
        #expect(events.count == 2)
        #expect(events[0]["exception"] as? String == MultilineTests.traceback.joined(separator: "\n"))
        #expect(events[0]["stream"] as? String == "stderr" && events[0]["k8s.container.name"] as? String == "inference")
    }
}
