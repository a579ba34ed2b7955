import Crypto
import Foundation

/// SHA-256 fingerprints, recorded in the registry for design files, inputs and assignments.
public enum Fingerprint {
    /// The lowercase hex SHA-256 of `data`.
    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    public static func sha256(_ text: String) -> String { sha256(Data(text.utf8)) }

    /// The SHA-256 of a file's bytes.
    public static func sha256(file path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError("\(path): cannot read the file")
        }
        return sha256(data)
    }
}
