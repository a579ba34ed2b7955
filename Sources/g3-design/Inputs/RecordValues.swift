import G3Data
import G3Observational

/// What the keys pass (`PanelKeys`) keeps of a panel's values as the records stream by, so that the
/// values need no second pass over the file: each record's outcomes in file order (8 bytes a value),
/// and the other numeric and label columns only for the records that may precede their account's
/// reference month (the candidates).
///
/// A record is a candidate when its month precedes its own engagement month, or precedes `bound`: the
/// `--baseline-end` month, or else the earliest engagement month seen so far that lies strictly inside
/// the months seen so far (an account engaged there is kept, since the panel's months only widen, so
/// the never-engaged accounts' reference month is at most that). Each account's earliest month that
/// was not kept is noted: `covers` tells afterwards whether every row before each account's reference
/// month was kept. When not (an account whose rows disagree on its engagement date, or lack it on some
/// rows), `PanelInput` reads the values in a second pass (`PanelReduction`).
struct RecordValues {
    /// Where the columns are among a chunk's numeric and text columns.
    let outcomeColumns: [Int]
    let reducedColumns: [Int]
    let labelColumns: [Int]
    /// Per outcome: every record's value, in file order (4 bytes a value while they have decimal codes).
    private(set) var outcomes: [NumberColumn]
    /// The candidates' records, in file order, and per reduced column (coded, as the outcomes) and
    /// label their values.
    private(set) var candidates: [Int32] = []
    private(set) var reduced: [NumberColumn]
    private(set) var labels: [[Int32]]
    /// Per account code (after `renumber`, per rank): its earliest month not kept; `Int32.max` when
    /// every row was kept.
    private(set) var earliestDropped: [Int32] = []
    private var bound: Int32
    /// Whether `bound` is the `--baseline-end` month.
    private let fixedBound: Bool
    private var firstMonth = Int32.max
    private var lastMonth = Int32.min

    init(outcomeColumns: [Int], reducedColumns: [Int], labelColumns: [Int], controlReference: Int?) {
        self.outcomeColumns = outcomeColumns
        self.reducedColumns = reducedColumns
        self.labelColumns = labelColumns
        outcomes = outcomeColumns.map { _ in NumberColumn.coded() }
        reduced = reducedColumns.map { _ in NumberColumn.coded() }
        labels = labelColumns.map { _ in [] }
        fixedBound = controlReference != nil
        bound = controlReference.map { Int32(clamping: $0) } ?? Int32.max
    }

    /// Takes in a stretch of records that `keys` has just taken in (its accounts' codes and months).
    mutating func absorb(_ chunk: TypedChunk, keys: RecordKeys) {
        guard chunk.firstRow + chunk.rowCount <= keys.unit.count else { return }
        if chunk.firstRow == 0 { reserve(like: keys.unit.capacity) }
        for (k, c) in outcomeColumns.enumerated() { outcomes[k].append(contentsOf: chunk.numbers[c]) }
        while earliestDropped.count < keys.units.count { earliestDropped.append(Int32.max) }
        let unit = keys.unit
        let month = keys.month
        let engagement = keys.engagements(of: chunk)
        var picked: [Int] = []
        for i in 0..<chunk.rowCount {
            let r = chunk.firstRow + i
            let u = unit[r]
            guard u >= 0 else { continue }
            let m = month[r]
            let e = engagement[i]
            firstMonth = min(firstMonth, m)
            lastMonth = max(lastMonth, m)
            if !fixedBound, e != DateLevels.notADate, e > firstMonth, e < lastMonth { bound = min(bound, e) }
            guard m < bound || (e != DateLevels.notADate && m < e) else {
                earliestDropped[Int(u)] = min(earliestDropped[Int(u)], m)
                continue
            }
            candidates.append(Int32(truncatingIfNeeded: r))
            picked.append(i)
        }
        for (j, c) in reducedColumns.enumerated() { reduced[j].append(contentsOf: chunk.numbers[c].gathered(picked)) }
        for (t, c) in labelColumns.enumerated() {
            let codes = chunk.codes[c]
            labels[t].append(contentsOf: picked.lazy.map { codes[$0] })
        }
    }

    /// Room for every record's outcomes, and for every record as a candidate: reserved pages that are
    /// never written cost address space, not memory, while arrays grown by doubling leave their
    /// earlier buffers behind in the heap (about 0.7 GB at 100×).
    private mutating func reserve(like records: Int) {
        for k in outcomes.indices { outcomes[k].reserveCapacity(records) }
        candidates.reserveCapacity(records)
        for j in reduced.indices { reduced[j].reserveCapacity(records) }
        for t in labels.indices { labels[t].reserveCapacity(records) }
    }

    /// Outcome `k`'s values in file order, no longer kept here.
    mutating func takeOutcome(_ k: Int) -> NumberColumn {
        defer { outcomes[k] = NumberColumn() }
        return outcomes[k]
    }

    /// Reduced column `j`'s values of the candidates, no longer kept here.
    mutating func takeReduced(_ j: Int) -> NumberColumn {
        defer { reduced[j] = NumberColumn() }
        return reduced[j]
    }

    /// Label `t`'s codes of the candidates, no longer kept here.
    mutating func takeLabels(_ t: Int) -> [Int32] {
        defer { labels[t] = [] }
        return labels[t]
    }

    /// The accounts renumbered by rank, as `RecordKeys.renumber` does.
    mutating func renumber(_ ranked: [Int]) {
        earliestDropped = ranked.map { $0 < earliestDropped.count ? earliestDropped[$0] : Int32.max }
    }

    /// Whether every row before its account's reference month was kept: `accounts` with their ranks
    /// `units`, the never-engaged accounts' reference month `reference`.
    func covers(_ accounts: [AccountPanel.Account], units: [Int32], reference: Int) -> Bool {
        zip(accounts, units).allSatisfy { account, u in
            Int(earliestDropped[Int(u)]) >= (account.engagementMonth ?? reference)
        }
    }
}
