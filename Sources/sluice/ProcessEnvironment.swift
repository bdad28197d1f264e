import Glibc

/// The process's environment variables (`${VAR}` in pipeline files), read from `environ`
/// (Foundation's ProcessInfo is not linked). A name set twice keeps its first value, as
/// getenv(3) finds it.
enum ProcessEnvironment {
    static func current() -> [String: String] {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                let name = String(text[..<equals])
                if variables[name] == nil { variables[name] = String(text[text.index(after: equals)...]) }
            }
            entry += 1
        }
        return variables
    }
}
