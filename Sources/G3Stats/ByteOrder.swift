import Foundation

extension String {
    /// Byte-wise order of the UTF-8 encodings: the order of unit ids and strata before randomization.
    /// Unlike `<`, it never treats two different byte strings as equal (Unicode canonical equivalence),
    /// and it is the same on every platform.
    public func precedesInByteOrder(_ other: String) -> Bool {
        let fast = utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b in
                let common = Swift.min(a.count, b.count)
                let order = common == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, common)
                return order != 0 ? order < 0 : a.count < b.count
            }
        }
        return (fast ?? nil) ?? utf8.lexicographicallyPrecedes(other.utf8)
    }
}
