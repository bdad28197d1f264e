import CoreMetrics
import SluiceCore

/// What the tailer records, made once when it is built. Counters are added to as things
/// happen (per chunk read, per file opened or rotated), never per line.
///
/// | metric | counts |
/// | --- | --- |
/// | `sluice_tailer_read_bytes_total` | bytes read |
/// | `sluice_tailer_lines_read_total`, `sluice_tailer_lines_truncated_total` | lines (cut at `max_line_bytes`) |
/// | `sluice_tailer_partial_lines_flushed_total` | last lines shipped without their newline |
/// | `sluice_tailer_files_opened_total`, `…_opened_early_total`, `…_resumed_total`, `…_reopened_total` | files opened (early: by the early opener; resumed: at a checkpoint; reopened: after waiting for a descriptor) |
/// | `sluice_tailer_files_closed_total{reason}` | `finished` (drained after rotation, or deleted), `idle` (to free a descriptor) |
/// | `sluice_tailer_files_abandoned_total`, `sluice_tailer_abandoned_bytes_total` | files given up with bytes unread |
/// | `sluice_tailer_rotations_total`, `sluice_tailer_rotation_cases_total{case}` | rotations; `new_directory`, `before_opened`, `while_stopped`, `unseen_drained` |
/// | `sluice_tailer_truncations_total`, `…_recovered_from_copy_total`, `sluice_tailer_truncated_unread_bytes_total` | copytruncate |
/// | `sluice_tailer_copies_recognized_total`, `sluice_tailer_checkpoint_mismatches_total` | identities |
/// | `sluice_tailer_checkpoint_writes_total`, `sluice_tailer_checkpoint_recoveries_total{result}` | checkpoints (`recovered`, `failed`) |
/// | `sluice_tailer_errors_total{operation}` | `read`, `open`, `checkpoint_write` |
/// | `sluice_tailer_inotify_overflows_total`, `sluice_tailer_descriptor_waits_total` | |
///
/// Gauges: `sluice_tailer_files_followed` (open files), `sluice_tailer_files_waiting_for_descriptor`.
struct TailerMetrics: Sendable {
    let bytesRead: Counter
    let lines: LineCounters
    /// Per source: `sluice_source_lines_read_total{source}`, `sluice_source_read_bytes_total{source}`.
    let sources: SourceCounters
    let partialLinesFlushed: Counter
    let filesOpened: Counter, filesOpenedEarly: Counter, filesResumed: Counter, filesReopened: Counter
    let filesClosed: Counter, filesClosedIdle: Counter
    let filesAbandoned: Counter, abandonedBytes: Counter
    let rotations: Counter
    let rotatedInNewDirectory: Counter, rotatedBeforeOpened: Counter, rotatedWhileStopped: Counter, rotatedUnseenDrained: Counter
    let truncations: Counter, truncationsRecoveredFromCopy: Counter, truncatedUnreadBytes: Counter
    let copiesRecognized: Counter, checkpointMismatches: Counter
    let checkpointWrites: Counter, checkpointRecoveries: Counter, checkpointRecoveriesFailed: Counter
    let readErrors: Counter, openErrors: Counter, checkpointErrors: Counter
    let inotifyOverflows: Counter, descriptorWaits: Counter
    let filesFollowed: Gauge, filesWaitingForDescriptor: Gauge

    init(_ scope: MetricsScope) {
        func counter(_ name: String, _ labels: KeyValuePairs<String, String> = [:]) -> Counter {
            scope.counter("sluice_tailer_" + name, labels)
        }
        bytesRead = counter("read_bytes_total")
        lines = LineCounters(scope)
        sources = SourceCounters(scope: scope, lines: lines)
        partialLinesFlushed = counter("partial_lines_flushed_total")
        filesOpened = counter("files_opened_total")
        filesOpenedEarly = counter("files_opened_early_total")
        filesResumed = counter("files_resumed_total")
        filesReopened = counter("files_reopened_total")
        filesClosed = counter("files_closed_total", ["reason": "finished"])
        filesClosedIdle = counter("files_closed_total", ["reason": "idle"])
        filesAbandoned = counter("files_abandoned_total")
        abandonedBytes = counter("abandoned_bytes_total")
        rotations = counter("rotations_total")
        rotatedInNewDirectory = counter("rotation_cases_total", ["case": "new_directory"])
        rotatedBeforeOpened = counter("rotation_cases_total", ["case": "before_opened"])
        rotatedWhileStopped = counter("rotation_cases_total", ["case": "while_stopped"])
        rotatedUnseenDrained = counter("rotation_cases_total", ["case": "unseen_drained"])
        truncations = counter("truncations_total")
        truncationsRecoveredFromCopy = counter("truncations_recovered_from_copy_total")
        truncatedUnreadBytes = counter("truncated_unread_bytes_total")
        copiesRecognized = counter("copies_recognized_total")
        checkpointMismatches = counter("checkpoint_mismatches_total")
        checkpointWrites = counter("checkpoint_writes_total")
        checkpointRecoveries = counter("checkpoint_recoveries_total", ["result": "recovered"])
        checkpointRecoveriesFailed = counter("checkpoint_recoveries_total", ["result": "failed"])
        readErrors = counter("errors_total", ["operation": "read"])
        openErrors = counter("errors_total", ["operation": "open"])
        checkpointErrors = counter("errors_total", ["operation": "checkpoint_write"])
        inotifyOverflows = counter("inotify_overflows_total")
        descriptorWaits = counter("descriptor_waits_total")
        filesFollowed = scope.gauge("sluice_tailer_files_followed")
        filesWaitingForDescriptor = scope.gauge("sluice_tailer_files_waiting_for_descriptor")
    }
}

/// The tailer's counters per source, made the first time a source reads (the tailer's thread
/// only: a dictionary lookup per chunk).
final class SourceCounters: @unchecked Sendable {
    let scope: MetricsScope
    let all: LineCounters
    private var made: [String: (lines: LineCounters, bytes: Counter)] = [:]

    init(scope: MetricsScope, lines: LineCounters) {
        self.scope = scope
        self.all = lines
    }

    /// The line counters (all sources, and this one) and the byte counter of `source`.
    func of(_ source: String) -> (lines: LineCounters, bytes: Counter) {
        if let existing = made[source] { return existing }
        let counters = (LineCounters(all, source: source, in: scope), scope.counter("sluice_source_read_bytes_total", ["source": source]))
        made[source] = counters
        return counters
    }
}
