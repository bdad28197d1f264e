/// How a file source's lines are written (`format:` on a file source).
public enum ContainerLogFormat: String, Sendable, CaseIterable {
    /// Each line is the application's line as it wrote it (the default).
    case lines
    /// The CRI format the kubelet writes under `/var/log/pods` (containerd, CRI-O):
    /// `2026-12-03T10:00:00.123456789Z stdout F <line>`, `P` for a line split at 16 KiB.
    case cri
    /// Docker's json-file driver: `{"log":"<line>\n","stream":"stdout","time":"…"}`, a line
    /// without its `\n` when it was split at 16 KiB.
    case docker
    /// Decided per line: a line starting with `{"log":` is Docker's, one starting with an
    /// RFC 3339 time and a stream is CRI, any other is taken as it is.
    case auto
}

/// Kubernetes metadata read from a container log's path (`kubernetes: …` on a file source):
/// `/var/log/pods/<namespace>_<pod>_<uid>/<container>/<n>.log` and
/// `/var/log/containers/<pod>_<namespace>_<container>-<id>.log`. No API server is asked.
public struct KubernetesPathFields: Sendable, Equatable {
    /// The field names for namespace, pod name, pod uid and container name.
    public var namespace: String
    public var pod: String
    public var podUID: String
    public var container: String

    /// OpenTelemetry's resource attribute names (the default).
    public static let otel = KubernetesPathFields(
        namespace: "k8s.namespace.name", pod: "k8s.pod.name", podUID: "k8s.pod.uid", container: "k8s.container.name")
    /// Elastic Common Schema's.
    public static let ecs = KubernetesPathFields(
        namespace: "kubernetes.namespace", pod: "kubernetes.pod.name", podUID: "kubernetes.pod.uid", container: "kubernetes.container.name")

    /// Reads `kubernetes:`: `otel`, `ecs`, or a mapping of the four names.
    static func read(_ node: ConfigNode) -> KubernetesPathFields? {
        if node.rawScalar != nil {
            guard let name = node.oneOf(["otel", "ecs"]) else { return nil }
            return name == "ecs" ? .ecs : .otel
        }
        guard let map = node.mapping() else { return nil }
        var fields = KubernetesPathFields.otel
        if let v = map["namespace"]?.nonEmptyString() { fields.namespace = v }
        if let v = map["pod"]?.nonEmptyString() { fields.pod = v }
        if let v = map["pod_uid"]?.nonEmptyString() { fields.podUID = v }
        if let v = map["container"]?.nonEmptyString() { fields.container = v }
        map.finish()
        return map.isValid ? fields : nil
    }

    /// The metadata a path names, as (field, value) pairs; empty when it is no container log path.
    public func values(forPath path: String) -> [(String, String)] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if let i = parts.lastIndex(of: "pods"), parts.count >= i + 4 {
            // pods/<namespace>_<pod>_<uid>/<container>/<n>.log
            let podDir = parts[i + 1].split(separator: "_", omittingEmptySubsequences: false).map(String.init)
            guard podDir.count == 3 else { return [] }
            return [(namespace, podDir[0]), (pod, podDir[1]), (podUID, podDir[2]), (container, parts[i + 2])]
        }
        if let i = parts.lastIndex(of: "containers"), parts.count == i + 2, parts[i + 1].hasSuffix(".log") {
            // containers/<pod>_<namespace>_<container>-<64 hex id>.log
            let name = String(parts[i + 1].dropLast(4))
            let fields = name.split(separator: "_", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3, let dash = fields[2].lastIndex(of: "-") else { return [] }
            return [(namespace, fields[1]), (pod, fields[0]), (container, String(fields[2][..<dash]))]
        }
        return []
    }
}
