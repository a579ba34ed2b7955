import G3Data
import G3Observational
import G3Stats

/// The second of a panel's two passes (`PanelInput`): the values, streamed a stretch of the file at
/// a time and reduced as they come. The outcomes are kept per row, in panel order (8 bytes a value);
/// every other column only in the rows before each account's reference month, until each account's
/// baseline mean or last label is taken from them. Memory grows with the rows times the outcomes,
/// not with the width of the file.
struct PanelReduction {
    /// The outcome columns, per row in panel order.
    let outcomes: [String: NumberColumn]
    let reduced: ReducedBaseline
    /// Every numeric column's coercions, in `columns.numeric`'s order.
    let reports: [CoercionReport]

    init(file: TypedCSVReader.File, keys: PanelKeys, columns: PanelColumns, missing: MissingPolicy) throws {
        let numeric = uniqueInOrder(columns.numeric)
        let labels = uniqueInOrder(columns.labels)
        let kept = numeric.indices.filter { columns.outcomes.contains(numeric[$0]) }
        let reducedNumbers = numeric.indices.filter { !columns.outcomes.contains(numeric[$0]) }
        let slots = keys.slots
        var rows = kept.map { _ in NumberColumn(missing: keys.months.count) }
        var before = reducedNumbers.map { _ in NumberColumn(missing: slots.count) }
        var beforeLabels = labels.map { _ in [Int32](repeating: -1, count: slots.count) }
        let zero = missing == .zero
        let summary = try file.stream(numeric: numeric, text: labels, purpose: columns.purpose) { chunk in
            // Each record's row in panel order, and its baseline slot (−1: none).
            let places = (0..<chunk.rowCount).map { slots.position(ofRecord: chunk.firstRow + $0) }
            let baseline = places.map { $0 < 0 ? -1 : Int(slots.slot[$0]) }
            for (k, c) in kept.enumerated() { Self.scatter(chunk.numbers[c], into: &rows[k], at: places, zero: zero) }
            for (j, c) in reducedNumbers.enumerated() {
                Self.scatter(chunk.numbers[c], into: &before[j], at: baseline, zero: zero)
            }
            for t in labels.indices {
                for (i, s) in baseline.enumerated() where s >= 0 { beforeLabels[t][s] = chunk.codes[t][i] }
            }
        }
        guard summary.rowCount == keys.records else {
            throw DataError(
                "\(file.path): the file changed while it was read (\(keys.records) rows, then \(summary.rowCount))")
        }
        outcomes = Dictionary(zip(kept.map { numeric[$0] }, rows)) { first, _ in first }
        // Each column's means on its own thread: the same sums in the same order on any count of threads.
        let columnsBefore = before
        let means = Parallel.values(columnsBefore.count) { slots.means(columnsBefore[$0]) }
        reduced = ReducedBaseline(
            controlReference: keys.controlReference,
            means: Dictionary(zip(reducedNumbers.map { numeric[$0] }, means)) { first, _ in first },
            lastLabels: Dictionary(
                zip(labels, beforeLabels).map { name, codes in
                    (
                        name,
                        LabelColumn(
                            codes: slots.lastCodes(codes), levels: summary.levels[name] ?? [])
                    )
                }
            ) { first, _ in first })
        reports = columns.numeric.compactMap { summary.reports[$0] }
    }

    /// `values[i]` written to `column[places[i]]` where `places[i]` ≥ 0; a missing value stays
    /// missing, or becomes 0 under `--missing zero`.
    static func scatter(_ values: NumberColumn, into column: inout NumberColumn, at places: [Int], zero: Bool) {
        values.withUnsafeValues { values in
            column.withUnsafeMutableValues { column in
                for (i, p) in places.enumerated() where p >= 0 {
                    let v = values[i]
                    column[p] = v.isNaN && zero ? 0 : v
                }
            }
        }
    }
}

/// Where each record's values go: its row in panel order, and, for a row before its account's
/// reference month, its slot among those rows (in panel order, so that each account's months are
/// summed in month order whatever the file's order).
struct BaselineSlots {
    /// Per record: its row in panel order, −1 when it is not in the panel; empty when every record is
    /// in the panel in file order (a file sorted by account and month, as warehouse extracts are).
    private let rowOfRecord: [Int32]
    private let records: Int
    /// Per row in panel order: its slot, −1 for a row on or after its account's reference month.
    let slot: [Int32]
    let count: Int
    /// Per account, its first slot, and the count at the end: an account's slots are contiguous, in
    /// month order, from `firstSlot[a]` to `firstSlot[a + 1]`.
    private let firstSlot: [Int]

    /// `order`: the records in panel order; `months`: each row's month in panel order.
    init(order: [Int], records: Int, accounts: [AccountPanel.Account], months: [Int], reference: Int) {
        self.records = records
        if order.count == records && order.elementsEqual(0..<records) {
            rowOfRecord = []
        } else {
            var rowOfRecord = [Int32](repeating: -1, count: records)
            for (p, r) in order.enumerated() { rowOfRecord[r] = Int32(truncatingIfNeeded: p) }
            self.rowOfRecord = rowOfRecord
        }
        var slot = [Int32](repeating: -1, count: order.count)
        var firstSlot = [0]
        firstSlot.reserveCapacity(accounts.count + 1)
        var next: Int32 = 0
        for account in accounts {
            let end = account.engagementMonth ?? reference
            for p in account.rows where months[p] < end {
                slot[p] = next
                next += 1
            }
            firstSlot.append(Int(next))
        }
        self.slot = slot
        self.firstSlot = firstSlot
        count = Int(next)
    }

    @inline(__always)
    func position(ofRecord r: Int) -> Int {
        guard r < records else { return -1 }
        return rowOfRecord.isEmpty ? r : Int(rowOfRecord[r])
    }

    /// Each account's mean of its slots' values (missing ones skipped), summed in month order as
    /// `AccountPanel.mean` sums; nil when none has a value.
    func means(_ values: NumberColumn) -> NumberColumn {
        values.withUnsafeValues { values in
            NumberColumn(
                firstSlot.indices.dropLast().map { a in
                    var sum = 0.0
                    var n = 0
                    for s in firstSlot[a]..<firstSlot[a + 1] where !values[s].isNaN {
                        sum += values[s]
                        n += 1
                    }
                    return n > 0 ? sum / Double(n) : nil
                })
        }
    }

    /// Each account's last non-missing code among its slots, as `AccountPanel.lastLabel` takes it.
    func lastCodes(_ codes: [Int32]) -> [Int32] {
        firstSlot.indices.dropLast().map { a in
            (firstSlot[a]..<firstSlot[a + 1]).reversed().lazy.map { codes[$0] }.first { $0 >= 0 } ?? -1
        }
    }
}
