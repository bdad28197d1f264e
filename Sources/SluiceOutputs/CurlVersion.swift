import CCurl
import CZlib

/// Versions of the C libraries Sluice is linked against (shown by `sluice version`).
public enum LinkedLibraries {
    /// libcurl's version, e.g. `7.88.1`.
    public static var curl: String { String(cString: sluice_curl_version()) }
    /// zlib's version, e.g. `1.2.13`.
    public static var zlib: String { String(cString: zlibVersion()) }
}
