import Synchronization

/// Small numbers for source names, so that every event can say which `sources:` entry read it
/// (``Origin/source``) without carrying a string: outputs that group by source (OTLP's
/// `ScopeLogs`) look the name up once per group.
///
/// Process-wide and append-only: a name keeps its number across reloads, so an output kept
/// by a reload still names the events of a renamed source right. Number 0 means "not read
/// from a source" (events a stage made).
public enum SourceNames {
    private static let table = Mutex<(names: [String], ids: [String: UInt16])>(([], [:]))

    /// The number of `name`, given on first use (at most 65,535 names; later ones share the
    /// last number).
    public static func id(of name: String) -> UInt16 {
        table.withLock { table in
            if let id = table.ids[name] { return id }
            guard table.names.count < Int(UInt16.max) else { return UInt16.max }
            table.names.append(name)
            let id = UInt16(table.names.count)
            table.ids[name] = id
            return id
        }
    }

    /// The name numbered `id`; nil for 0 and unknown numbers.
    public static func name(of id: UInt16) -> String? {
        guard id > 0 else { return nil }
        return table.withLock { $0.names.count >= Int(id) ? $0.names[Int(id) - 1] : nil }
    }
}
