import Foundation
import G3Data
import G3Observational
import G3Stats

/// A panel's values in panel order (`PanelInput`): the outcomes kept per row (4 bytes a value while
/// they are decimals that fit, else 8); every other column only in the rows before each account's
/// reference month, until each account's baseline mean or last label is taken from them. Memory
/// grows with the rows times the outcomes, not with the width of the file. Placed from what the pass
/// over the keys kept (`RecordValues`), or, when that misses a baseline row, read in a second pass,
/// streamed and reduced as it comes.
struct PanelReduction {
    /// The outcome columns, per row in panel order.
    let outcomes: [String: NumberColumn]
    let reduced: ReducedBaseline
    /// Every numeric column's coercions, in `columns.numeric`'s order.
    let reports: [CoercionReport]

    /// The values the pass over the keys kept, placed as the second pass places them (the same values
    /// in the same rows and slots); `values` is emptied column by column as they are placed. Placed
    /// within their own columns (a file in panel order), the outcomes take no memory more and are
    /// placed on another thread while the baselines are reduced; otherwise the baselines come first
    /// (so that their slots are let go before the outcomes take a second column).
    init(keys: PanelKeys, values: inout RecordValues, columns: PanelColumns, missing: MissingPolicy) throws {
        let split = Split(columns)
        let zero = missing == .zero
        let (places, count) = (keys.places, keys.months.count)
        let reduced: ReducedBaseline
        let rows: [NumberColumn]
        if Self.placesInPlace(keys) {
            let outcomes = Handover(split.kept.indices.map { values.takeOutcome($0) })
            (reduced, rows) = try Parallel.pair({
                Self.baselines(keys: keys, values: &values, split: split, zero: zero)
            }) {
                (0..<outcomes.count).map {
                    Self.placed(outcomes.take($0), places: places, count: count, inPlace: true, zero: zero)
                }
            }
        } else {
            reduced = Self.baselines(keys: keys, values: &values, split: split, zero: zero)
            rows = split.kept.indices.map { k in
                Self.placed(values.takeOutcome(k), places: places, count: count, inPlace: false, zero: zero)
            }
        }
        self.init(split, columns: columns, rows: rows, reduced: reduced, reports: keys.reports)
    }

    /// Columns handed to another thread, each taken out once, so that the taker holds the only
    /// reference and can place it within itself.
    private final class Handover: @unchecked Sendable {
        private var columns: [NumberColumn]
        let count: Int
        private let lock = NSLock()

        init(_ columns: [NumberColumn]) {
            self.columns = columns
            count = columns.count
        }

        func take(_ k: Int) -> NumberColumn {
            lock.withLock {
                defer { columns[k] = NumberColumn() }
                return columns[k]
            }
        }
    }

    /// The candidates' values in their slots, reduced to each account's baseline.
    private static func baselines(keys: PanelKeys, values: inout RecordValues, split: Split, zero: Bool)
        -> ReducedBaseline
    {
        let slots = keys.slots
        let baseline = Self.slots(of: values.candidates, keys: keys)
        let before = split.reducedNumbers.indices.map { j in
            var column = NumberColumn(missing: slots.count)
            Self.scatter(values.takeReduced(j), into: &column, at: baseline, zero: zero)
            return column
        }
        let beforeLabels = split.labels.indices.map { t in
            let codes = values.takeLabels(t)
            var column = [Int32](repeating: -1, count: slots.count)
            for (i, s) in baseline.enumerated() where s >= 0 { column[s] = codes[i] }
            return column
        }
        return Self.reduced(
            before, beforeLabels, numbers: split.reducedNumbers.map { split.numeric[$0] }, labels: split.labels,
            levels: keys.labelLevels, slots: slots, reference: keys.controlReference)
    }

    /// The columns a reduction reads: each number column once, the outcomes among them kept per row,
    /// the other numbers and the labels reduced to baselines.
    struct Split {
        let numeric: [String]
        let labels: [String]
        /// Indices into `numeric`.
        let kept: [Int]
        let reducedNumbers: [Int]

        init(_ columns: PanelColumns) {
            let numeric = uniqueInOrder(columns.numeric)
            self.numeric = numeric
            labels = uniqueInOrder(columns.labels)
            kept = numeric.indices.filter { columns.outcomes.contains(numeric[$0]) }
            reducedNumbers = numeric.indices.filter { !columns.outcomes.contains(numeric[$0]) }
        }
    }

    /// The outcomes by name, the baselines, and the reports in `columns.numeric`'s order.
    private init(
        _ split: Split, columns: PanelColumns, rows: [NumberColumn], reduced: ReducedBaseline,
        reports: [String: CoercionReport]
    ) {
        outcomes = Dictionary(zip(split.kept.map { split.numeric[$0] }, rows)) { first, _ in first }
        self.reduced = reduced
        self.reports = columns.numeric.compactMap { reports[$0] }
    }

    /// Each candidate record's baseline slot (−1: none), from a walk over every record.
    static func slots(of candidates: [Int32], keys: PanelKeys) -> [Int] {
        var walk = keys.places.restarted()
        var next = 0
        var baseline = [Int](repeating: -1, count: candidates.count)
        for r in 0..<keys.records {
            let p = walk.next(r)
            guard next < candidates.count, Int(candidates[next]) == r else { continue }
            if p >= 0 {
                let u = Int(walk.unitOfRecord[r])
                baseline[next] = keys.slots.slot(row: p, unit: u, start: walk.start[u])
            }
            next += 1
        }
        return baseline
    }

    /// Each account's baseline: the mean of each number column's slots, each label column's last code.
    static func reduced(
        _ before: [NumberColumn], _ beforeLabels: [[Int32]], numbers: [String], labels: [String],
        levels: [String: [String]], slots: BaselineSlots, reference: Int
    ) -> ReducedBaseline {
        // Each column's means on its own thread: the same sums in the same order on any count of threads.
        let means = Parallel.values(before.count) { slots.means(before[$0]) }
        return ReducedBaseline(
            controlReference: reference,
            means: Dictionary(zip(numbers, means)) { first, _ in first },
            lastLabels: Dictionary(
                zip(labels, beforeLabels).map { name, codes in
                    (name, LabelColumn(codes: slots.lastCodes(codes), levels: levels[name] ?? []))
                }
            ) { first, _ in first })
    }

    /// The second pass over the file.
    init(file: TypedCSVReader.File, keys: PanelKeys, columns: PanelColumns, missing: MissingPolicy) throws {
        let split = Split(columns)
        let (numeric, labels, kept, reducedNumbers) = (split.numeric, split.labels, split.kept, split.reducedNumbers)
        let slots = keys.slots
        var rows = kept.map { _ in NumberColumn(missing: keys.months.count) }
        var walk = keys.places.restarted()
        var before = reducedNumbers.map { _ in NumberColumn(missing: slots.count) }
        var beforeLabels = labels.map { _ in [Int32](repeating: -1, count: slots.count) }
        let zero = missing == .zero
        let summary = try file.stream(
            numeric: numeric, text: labels, purpose: columns.purpose, keepingLines: false
        ) { chunk in
            // Each record's row in panel order, and its baseline slot (−1: none).
            var places = [Int](repeating: -1, count: chunk.rowCount)
            var baseline = places
            for i in places.indices where chunk.firstRow + i < keys.records {
                let r = chunk.firstRow + i
                places[i] = walk.next(r)
                guard places[i] >= 0 else { continue }
                let u = Int(walk.unitOfRecord[r])
                baseline[i] = slots.slot(row: places[i], unit: u, start: walk.start[u])
            }
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
        let reduced = Self.reduced(
            before, beforeLabels, numbers: reducedNumbers.map { numeric[$0] }, labels: labels, levels: summary.levels,
            slots: slots, reference: keys.controlReference)
        self.init(split, columns: columns, rows: rows, reduced: reduced, reports: summary.reports)
    }

    /// Whether no record's row comes after the record (a file in panel order, with or without dropped
    /// rows), so that a column can be placed within itself.
    static func placesInPlace(_ keys: PanelKeys) -> Bool {
        var walk = keys.places.restarted()
        return (0..<keys.records).allSatisfy { walk.next($0) <= $0 }
    }

    /// A column of every record's values (file order) in panel order, as `scatter` writes them (coded
    /// values stay coded). With `inPlace` (`placesInPlace`) the values are moved within their own
    /// column.
    static func placed(
        _ byRecord: consuming NumberColumn, places: RecordPlaces, count: Int, inPlace: Bool, zero: Bool
    ) -> NumberColumn {
        var walk = places.restarted()
        return byRecord.placed(count: count, inPlace: inPlace, zeroingMissing: zero) { walk.next($0) }
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

/// The rows that precede their account's reference month, and their slots: an account's months are
/// sorted, so its baseline rows are the first of its rows, and its slots follow one another in panel
/// order (so that each account's months are summed in month order whatever the file's order).
struct BaselineSlots {
    /// Per account rank (`RecordPlaces`): its first slot, and how many of its rows precede its
    /// reference month (0 for an account not kept in the panel).
    private let firstSlot: [Int32]
    private let baselineRows: [Int32]
    let count: Int
    /// Per account, its first slot, and the count at the end: an account's slots run from
    /// `accountSlots[a]` to `accountSlots[a + 1]`.
    private let accountSlots: [Int]

    /// `units`: each account's rank; `unitCount`: how many ranks there are; `months`: each row's month
    /// in panel order.
    init(accounts: [AccountPanel.Account], units: [Int32], unitCount: Int, months: MonthColumn, reference: Int) {
        var firstSlot = [Int32](repeating: 0, count: unitCount)
        var baselineRows = [Int32](repeating: 0, count: unitCount)
        var accountSlots = [0]
        accountSlots.reserveCapacity(accounts.count + 1)
        var next = 0
        for (account, u) in zip(accounts, units) {
            let end = account.engagementMonth ?? reference
            let rows = account.rows.prefix { months[$0] < end }.count
            firstSlot[Int(u)] = Int32(truncatingIfNeeded: next)
            baselineRows[Int(u)] = Int32(truncatingIfNeeded: rows)
            next += rows
            accountSlots.append(next)
        }
        self.firstSlot = firstSlot
        self.baselineRows = baselineRows
        self.accountSlots = accountSlots
        count = next
    }

    /// The slot of row `p` of the account of rank `u`, whose first row is `start`; −1 for a row on or
    /// after the account's reference month.
    @inline(__always)
    func slot(row p: Int, unit u: Int, start: Int32) -> Int {
        let k = p - Int(start)
        return k < Int(baselineRows[u]) ? Int(firstSlot[u]) + k : -1
    }

    /// Each account's mean of its slots' values (missing ones skipped), summed in month order as
    /// `AccountPanel.mean` sums; nil when none has a value.
    func means(_ values: NumberColumn) -> NumberColumn {
        var means = NumberColumn(missing: accountSlots.count - 1)
        values.withUnsafeValues { values in
            means.withUnsafeMutableValues { means in
                for a in means.indices {
                    var sum = 0.0
                    var n = 0
                    for s in accountSlots[a]..<accountSlots[a + 1] where !values[s].isNaN {
                        sum += values[s]
                        n += 1
                    }
                    if n > 0 { means[a] = sum / Double(n) }
                }
            }
        }
        return means
    }

    /// Each account's last non-missing code among its slots, as `AccountPanel.lastLabel` takes it.
    func lastCodes(_ codes: [Int32]) -> [Int32] {
        var last = [Int32](repeating: -1, count: accountSlots.count - 1)
        for a in last.indices {
            var s = accountSlots[a + 1]
            while s > accountSlots[a], last[a] < 0 {
                s -= 1
                last[a] = codes[s]
            }
        }
        return last
    }
}
