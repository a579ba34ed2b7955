import G3Stats

extension Array where Element == RandomizationUnit {
    /// The units in byte order of their ids (`ByteOrder.sortedIndices`), or the array as it is when
    /// it is already in order (as `UnitList` hands it over).
    public func sortedByID() -> [RandomizationUnit] {
        if ByteOrder.inOrder(count, { self[$0].id }) { return self }
        return ByteOrder(map(\.id)).sortedIndices().map { self[$0] }
    }
}
