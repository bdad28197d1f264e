import CCurl
import CDeflate

/// Versions of the C libraries Sluice is linked against (shown by `sluice version`).
public enum LinkedLibraries {
    /// libcurl's version, e.g. `7.88.1`.
    public static var curl: String { String(cString: sluice_curl_version()) }
    /// libdeflate's version, e.g. `1.14` (gzip of request bodies, CRC-32 of checkpoints).
    public static var libdeflate: String { LIBDEFLATE_VERSION_STRING }
}
