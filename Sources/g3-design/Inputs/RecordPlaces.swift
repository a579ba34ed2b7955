/// Where each record of a panel file goes in panel order (accounts in byte order of their ids, each
/// account's rows in month order, rows of the same account and month in file order), without a table
/// of that order: the account ranked u-th in byte order of the ids has its rows from `start[u]` on,
/// and when each account's records come in month order in the file (sorted extracts, files cut by
/// account, files appended month by month), a record's row is its account's next one. Otherwise each
/// record's row is kept (`rowOfRecord`, 4 bytes a record). Walked in record order from a fresh
/// start (`restarted`) for each thing placed: the months (`PanelKeys`), the values (`PanelReduction`).
struct RecordPlaces: Sendable {
    /// Per record: its account's rank; −1 for a dropped record.
    let unitOfRecord: [Int32]
    /// Per account, by rank: its first row.
    let start: [Int32]
    /// Per record: its row (−1 for a dropped one); nil when every account's records are in month order.
    let rowOfRecord: [Int32]?
    /// Per account, by rank: how many of its rows the walk has placed (a walk's own counts, shared by
    /// no other walk: `restarted` makes new ones).
    private var placed: Counts
    /// How many rows the records fill.
    let rows: Int

    /// `unit`/`month`: per record, its account's rank among the accounts in byte order of their ids
    /// (−1: dropped) and its month; `rowsPerUnit`: each account's kept records, by rank.
    init(unit: [Int32], month: [Int32], rowsPerUnit: [Int32]) {
        var start = [Int32](repeating: 0, count: rowsPerUnit.count)
        var next = 0
        for (u, rows) in rowsPerUnit.enumerated() {
            start[u] = Int32(truncatingIfNeeded: next)
            next += Int(rows)
        }
        unitOfRecord = unit
        self.start = start
        rows = next
        placed = Counts(start.count)
        rowOfRecord =
            Self.inMonthOrder(unit: unit, month: month, units: start.count)
            ? nil : Self.placedRows(unit: unit, month: month, start: start, rows: next)
    }

    /// Whether each account's records come in month order in the file (repeated months in any order).
    private static func inMonthOrder(unit: [Int32], month: [Int32], units: Int) -> Bool {
        var last = [Int32](repeating: Int32.min, count: units)
        for (u, m) in zip(unit, month) where u >= 0 {
            guard m >= last[Int(u)] else { return false }
            last[Int(u)] = m
        }
        return true
    }

    /// Each record's row when some account's records are out of month order: the records counted
    /// into their accounts' places in file order (a stable counting sort), each account's rows then
    /// sorted by (month, record) where they are out of order.
    private static func placedRows(unit: [Int32], month: [Int32], start: [Int32], rows: Int) -> [Int32] {
        var placed = [Int32](repeating: 0, count: start.count)
        var order = [Int32](repeating: 0, count: rows)
        for (r, u) in unit.enumerated() where u >= 0 {
            order[Int(start[Int(u)]) + Int(placed[Int(u)])] = Int32(truncatingIfNeeded: r)
            placed[Int(u)] += 1
        }
        for u in start.indices where placed[u] > 1 {
            let rows = Int(start[u])..<Int(start[u]) + Int(placed[u])
            let inOrder = zip(order[rows], order[rows].dropFirst()).allSatisfy { month[Int($0)] <= month[Int($1)] }
            if !inOrder {
                order[rows].sort { a, b in month[Int(a)] != month[Int(b)] ? month[Int(a)] < month[Int(b)] : a < b }
            }
        }
        var rowOfRecord = [Int32](repeating: -1, count: unit.count)
        for (p, r) in order.enumerated() { rowOfRecord[Int(r)] = Int32(truncatingIfNeeded: p) }
        return rowOfRecord
    }

    /// Record `r`'s row, −1 for a dropped record; records are asked for in file order from a fresh walk.
    @inline(__always)
    mutating func next(_ r: Int) -> Int {
        let u = Int(unitOfRecord[r])
        guard u >= 0 else { return -1 }
        if let rowOfRecord { return Int(rowOfRecord[r]) }
        return Int(start[u]) + Int(placed.next(u))
    }

    /// The places from the first record again.
    func restarted() -> RecordPlaces {
        var walk = self
        walk.placed = Counts(start.count)
        return walk
    }

    /// A count per account, raised one at a time: unmanaged, so that a walk over millions of records
    /// checks no array's uniqueness per record. A walk, and so its counts, is used by one thread.
    final class Counts: @unchecked Sendable {
        private let counts: UnsafeMutableBufferPointer<Int32>

        init(_ count: Int) {
            counts = .allocate(capacity: count)
            counts.initialize(repeating: 0)
        }

        deinit { counts.deallocate() }

        /// Account `u`'s count before this call.
        @inline(__always)
        func next(_ u: Int) -> Int32 {
            defer { counts[u] += 1 }
            return counts[u]
        }
    }

    /// The record whose row is `p` (for a message: a walk over every record).
    func record(atRow p: Int) -> Int {
        var walk = restarted()
        return unitOfRecord.indices.first { walk.next($0) == p } ?? 0
    }
}
