import SluiceCore
import SluiceTail

/// The lag families of `/metrics`, from the tailer's ``TailerProgress`` at scrape time:
/// bytes written to followed files and not yet acknowledged by every output, per file (the
/// `fileLimit` largest; the rest summed per source under `file="_other"`) and per source,
/// files followed per source, and how old the checkpoints on disk are.
public enum ProgressMetrics {
    public static func exposition(_ progress: TailerProgress, fileLimit: Int = 100) -> String {
        var out = ""
        // Ties (most files have no lag) by the paths' bytes: `String` order compares by
        // characters, far dearer, and a scrape sorts every followed file.
        let bySize = progress.files.sorted {
            $0.lagBytes != $1.lagBytes ? $0.lagBytes > $1.lagBytes : $0.path.utf8.lexicographicallyPrecedes($1.path.utf8)
        }
        out += "# HELP sluice_file_lag_bytes Bytes written to a followed file and not yet acknowledged by every output (the \(fileLimit) largest; the rest summed per source as file=\"_other\").\n"
        out += "# TYPE sluice_file_lag_bytes gauge\n"
        var others: [String: UInt64] = [:]
        for (rank, file) in bySize.enumerated() {
            if rank < fileLimit {
                out += "sluice_file_lag_bytes{file=\"\(PrometheusText.labelValue(file.path))\",source=\"\(PrometheusText.labelValue(file.source))\"} \(file.lagBytes)\n"
            } else {
                others[file.source, default: 0] += file.lagBytes
            }
        }
        for (source, lag) in others.sorted(by: { $0.key < $1.key }) {
            out += "sluice_file_lag_bytes{file=\"_other\",source=\"\(PrometheusText.labelValue(source))\"} \(lag)\n"
        }
        var bySource: [String: (lag: UInt64, files: Int)] = [:]
        for file in progress.files {
            bySource[file.source, default: (0, 0)].lag += file.lagBytes
            bySource[file.source, default: (0, 0)].files += 1
        }
        out += "# HELP sluice_source_lag_bytes Bytes written to a source's files and not yet acknowledged by every output.\n"
        out += "# TYPE sluice_source_lag_bytes gauge\n"
        for (source, value) in bySource.sorted(by: { $0.key < $1.key }) {
            out += "sluice_source_lag_bytes{source=\"\(PrometheusText.labelValue(source))\"} \(value.lag)\n"
        }
        out += "# HELP sluice_source_files_followed Files a source follows now.\n"
        out += "# TYPE sluice_source_files_followed gauge\n"
        for (source, value) in bySource.sorted(by: { $0.key < $1.key }) {
            out += "sluice_source_files_followed{source=\"\(PrometheusText.labelValue(source))\"} \(value.files)\n"
        }
        if let current = progress.checkpointsCurrentAt {
            let age = max(0, Double(FileIO.nowNanoseconds() - current) / 1e9)
            out += "# HELP sluice_tailer_checkpoint_age_seconds Seconds since the checkpoints on disk were last known current (written, or found unchanged).\n"
            out += "# TYPE sluice_tailer_checkpoint_age_seconds gauge\n"
            out += "sluice_tailer_checkpoint_age_seconds \(age)\n"
        }
        return out
    }
}
