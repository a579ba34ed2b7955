import G3Stats

extension Array where Element == RandomizationUnit {
    /// The units in byte order of their ids. Sorts positions rather than the units themselves, and
    /// returns the array as it is when it is already in order (as `UnitList` hands it over).
    public func sortedByID() -> [RandomizationUnit] {
        let ids = map(\.id)
        if zip(ids, ids.dropFirst()).allSatisfy({ !$1.precedesInByteOrder($0) }) { return self }
        return indices.sorted { ids[$0].precedesInByteOrder(ids[$1]) }.map { self[$0] }
    }
}
