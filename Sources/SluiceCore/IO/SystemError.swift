import Glibc

/// A failed system call: what was attempted, on which path, and the `errno` it gave.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    public var operation: String
    public var path: String
    public var code: Int32

    public init(_ operation: String, path: String, code: Int32 = errno) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    public var description: String {
        let reason = String(cString: strerror(code))
        var text = "\(operation) \(path): \(reason)"
        switch code {
        case ENOSPC: text += " (the disk is full)"
        case EROFS: text += " (the file system is read-only)"
        case EACCES, EPERM: text += " (check the permissions of the path and its directories)"
        default: break
        }
        return text
    }
}
