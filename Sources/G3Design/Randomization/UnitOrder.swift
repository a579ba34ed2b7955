import G3Stats

extension Array where Element == RandomizationUnit {
    /// The units in byte order of their ids (`ByteOrder.sortedIndices`), or the array as it is when
    /// it is already in order (as `UnitList` hands it over).
    public func sortedByID() -> [RandomizationUnit] {
        let order = ByteOrder.sortedIndices(map(\.id))
        if order.elementsEqual(indices) { return self }
        return order.map { self[$0] }
    }
}
