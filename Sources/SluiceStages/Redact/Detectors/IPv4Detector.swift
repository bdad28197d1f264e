/// IPv4 addresses: four dot-separated decimal octets 0–255 (zero-padded octets such as
/// `192.168.001.010`, printed by some devices, count too).
///
/// Version strings look the same (`1.2.3.4`); a dotted quad is taken as a version, not an
/// address, when it is part of a longer dotted run (`1.2.3.4.5`), has a suffix
/// (`1.2.3.4-beta`, `10.0.0.1.nip.io`), is glued to a letter (`v1.2.3.4`), follows a word
/// such as `version`, `ver`, `release`, `build`, `firmware`, `sdk` or `v`, or the name of a
/// runtime, library or driver (`cuda 12.2.0.1`, `python`, `torch`, `driver`…), or `to`/`from`
/// after an upgrade verb (`upgraded numpy to 1.26.4.1`), or sits in a JSON member whose key
/// mentions `version` (`app_version`). Everything else is an address (`connected to 10.0.0.1`).
enum IPv4Detector {
    static let versionWords = ShortWordSet(
        ["version", "ver", "v", "release", "rel", "build", "firmware", "fw", "sdk", "rev", "revision", "tag",
         "versions", "release_version", "app_version", "sdk_version",
         // Runtimes, libraries and drivers of the AI stack, whose versions have four parts.
         // (Not words that also name hosts: `node 10.0.0.5`, `agent 10.0.0.7`.)
         "cuda", "cudnn", "nccl", "tensorrt", "driver", "python", "nodejs", "java", "jdk", "jre",
         "torch", "pytorch", "tensorflow", "numpy", "onnx", "onnxruntime", "transformers", "vllm", "openssl", "glibc",
        ])
    /// Verbs whose `to`/`from` is followed by a version (`upgraded numpy to 1.26.4.1`).
    static let upgradeVerbs: KeywordList = ["upgrad", "updat", "bump", "downgrad", "pinn", "rollback", "rolled back", "migrat"]

    /// Validates one octet written with `count` digits (values 0–9 in `d`).
    static func octet(_ d: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        guard count >= 1 && count <= 3 else { return false }
        var v = 0
        for k in 0..<count { v = v * 10 + Int(d[k]) }
        return v <= 255
    }

    /// True when the word before `start` marks a version number; a word that starts before
    /// `notBefore` (in an earlier match, whose text goes) does not count.
    static func followsVersionWord(_ s: Bytes, _ start: Int, notBefore: Int = 0) -> Bool {
        guard let (ws, we) = s.previousWord(before: start), ws >= notBefore, we - ws <= 16 else { return false }
        if versionWords.contains(s, ws, we) { return true }
        // `upgraded numpy to 1.2.3.4`, `rolled back from 2.1.0.3`: an upgrade verb shortly before.
        let isTo = we - ws == 2 && s.lower(ws) == UInt8(ascii: "t") && s.lower(ws + 1) == UInt8(ascii: "o")
        let isFrom = we - ws == 4 && s.hasPrefixIgnoringCase("from", at: ws)
        if isTo || isFrom {
            return s.windowContains(before: ws, window: 40, upgradeVerbs)
        }
        return false
    }

    /// True for keys naming a version (`version`, `app_version`, `sdk_ver`, `v`).
    static func isVersionKey(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = key.count
        if n == 1 { return key[0] | 0x20 == UInt8(ascii: "v") }
        if n >= 3 && key[n - 3] | 0x20 == UInt8(ascii: "v") && key[n - 2] | 0x20 == UInt8(ascii: "e")
            && key[n - 1] | 0x20 == UInt8(ascii: "r") && (n == 3 || key[n - 4] == UInt8(ascii: "_")) {
            return true
        }
        guard n >= 7 else { return false }
        let word: [UInt8] = Array("version".utf8)
        var k = 0
        while k + 7 <= n {
            var equal = true
            for m in 0..<7 where key[k + m] | 0x20 != word[m] {
                equal = false
                break
            }
            if equal { return true }
            k += 1
        }
        return false
    }
}
