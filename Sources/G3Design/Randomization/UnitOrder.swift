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

extension Array where Element == RandomizationUnit {
    /// The units in byte order of their ids. Sorts positions rather than the units themselves, and
    /// returns the array as it is when it is already in order (as `UnitList` hands it over).
    public func sortedByID() -> [RandomizationUnit] {
        let ids = map(\.id)
        if zip(ids, ids.dropFirst()).allSatisfy({ !$1.precedesInByteOrder($0) }) { return self }
        return indices.sorted { ids[$0].precedesInByteOrder(ids[$1]) }.map { self[$0] }
    }
}
