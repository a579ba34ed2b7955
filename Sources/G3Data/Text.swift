import Foundation

extension String {
    /// The string without leading and trailing spaces and tabs. Fast path: no copy when there are none
    /// (Foundation's `trimmingCharacters` costs a bridge per call, which dominated reading large files).
    public var trimmedSpaces: String {
        var utf8 = Substring(self).utf8
        guard let first = utf8.first, let last = utf8.last else { return self }
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
        guard isSpace(first) || isSpace(last) else { return self }
        while let byte = utf8.first, isSpace(byte) { utf8.removeFirst() }
        while let byte = utf8.last, isSpace(byte) { utf8.removeLast() }
        return String(Substring(utf8))
    }

}
