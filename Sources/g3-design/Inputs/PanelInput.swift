import Foundation
import G3Data
import G3Observational
import G3Stats

/// The columns the reader keeps of a customer-month panel (the defaults live in `PanelChoices`).
struct PanelColumns {
    var unit: String
    var month: String
    var engagement: String
    var engagementType: String
    var numeric: [String]
    var labels: [String]
    /// The numeric columns kept per row; the others are kept as each account's baseline.
    var outcomes: [String]

    /// A column the header lacks is an error naming it, why it is needed and the columns there are.
    func check(header: [String], source: String) throws {
        for name in [unit, month, engagement] + labels + numeric where !header.contains(name) {
            throw TypedCSVReader.missingColumn(name, header, source, purpose(name))
        }
    }

    /// Why the reader needs a column, for the error that names a missing one.
    func purpose(_ name: String) -> String {
        switch name {
        case unit: return "the account id"
        case month: return "the month of each row"
        case engagement: return "the engagement date; empty = never engaged"
        default: return numeric.contains(name) ? "a numeric column" : "a categorical column"
        }
    }
}

/// A panel CSV read into an `AccountPanel` in one pass over its bytes that keeps no table of the file:
/// the keys (`PanelKeys`: accounts, months, engagements, as codes) with the values they need
/// (`RecordValues`: outcomes per record, the other columns only in rows that may precede their
/// account's reference month), placed in panel order and reduced to each account's baseline
/// (`PanelReduction`). When those rows miss one (an account whose rows disagree on its engagement
/// date), the values are read in a second pass. Numbers are coerced with every coercion counted;
/// problems name the file, line and column.
struct PanelInput {
    let panel: AccountPanel
    let rows: Int
    let coercions: [CoercionReport]
    let notes: [String]
    /// Engaged accounts left out because their engagement month leaves no month before or after it in the panel.
    let excluded: [ExcludedAccount]
    /// The never-engaged accounts' reference month: `--baseline-end`, or the first engagement kept.
    let controlReference: Int
    /// Whether each account's rows all carry its engagement month, or none does (`PanelKeys`).
    let uniformEngagement: Bool
    /// How many passes over the file the read took: 1, or 2 when the values were read again.
    let passes: Int

    struct ExcludedAccount {
        let id: String
        let engagementMonth: Int
        /// "engaged in or before the panel's first month" or "engaged in or after the panel's last month".
        let reason: String
    }

    /// `controlReference`: the never-engaged accounts' reference month for their baselines (`--baseline-end`),
    /// nil for the first engagement in the panel.
    /// `meter` shows the progress of the pass (and of the second one, when needed). `secondPass`: the
    /// values are read again even when the first pass kept them (tests compare the two).
    init(
        file: TypedCSVReader.File, columns: PanelColumns, missing: MissingPolicy, controlReference: Int?,
        meter: ReadMeter? = nil, secondPass: Bool = false
    ) throws {
        // Every column is checked before the first pass, so that a missing one is named first.
        try columns.check(header: file.header, source: file.path)
        var keysFile = file
        keysFile.onProgress = meter.map { meter in { meter.update(pass: 1, bytes: $0, records: $1) } }
        var keys = try PanelKeys(
            file: keysFile, columns: columns, missing: missing, controlReference: controlReference)
        let values: PanelReduction
        if var read = keys.takeValues(), !secondPass {
            if let error = keys.readingError { throw error }
            values = try PanelReduction(keys: keys, values: &read, columns: columns, missing: missing)
            passes = 1
        } else {
            passes = 2
            meter?.addPass()
            var valuesFile = file
            valuesFile.onProgress = meter.map { meter in { meter.update(pass: 2, bytes: $0, records: $1) } }
            values = try PanelReduction(file: valuesFile, keys: keys, columns: columns, missing: missing)
        }
        panel = AccountPanel(
            accounts: keys.accounts, month: keys.months, numbers: values.outcomes, labels: [:], reduced: values.reduced,
            engagementTypes: keys.engagementTypes)
        coercions = values.reports.filter { !$0.isEmpty }
        rows = keys.months.count
        notes = keys.notes
        excluded = keys.excluded
        self.controlReference = keys.controlReference
        uniformEngagement = keys.uniformEngagement
    }

    /// The same panel with baselines a database reduced (`PushedBaseline`) beside those reduced while
    /// reading, and their columns' reports among the others in `numeric`'s order.
    func adding(_ pushed: PushedBaseline, numeric: [String]) -> PanelInput {
        let reduced = panel.reduced
        let merged = ReducedBaseline(
            controlReference: controlReference,
            means: (reduced?.means ?? [:]).merging(pushed.means) { first, _ in first },
            lastLabels: (reduced?.lastLabels ?? [:]).merging(pushed.lastLabels) { first, _ in first })
        let reports = uniqueInOrder(numeric).compactMap { name in
            coercions.first { $0.column == name } ?? pushed.reports.first { $0.column == name }
        }
        return PanelInput(
            panel: AccountPanel(
                accounts: panel.accounts, month: panel.month, numbers: panel.numbers, labels: panel.labels,
                reduced: merged, engagementTypes: panel.engagementTypes),
            rows: rows, coercions: reports.filter { !$0.isEmpty }, notes: notes, excluded: excluded,
            controlReference: controlReference, uniformEngagement: uniformEngagement, passes: passes)
    }

    private init(
        panel: AccountPanel, rows: Int, coercions: [CoercionReport], notes: [String], excluded: [ExcludedAccount],
        controlReference: Int, uniformEngagement: Bool, passes: Int
    ) {
        self.controlReference = controlReference
        self.uniformEngagement = uniformEngagement
        self.passes = passes
        self.panel = panel
        self.rows = rows
        self.coercions = coercions
        self.notes = notes
        self.excluded = excluded
    }

    /// A date column's months (nil where missing); each distinct date text is parsed once.
    static func months(_ table: TypedColumns, _ column: String, path: String) throws -> [Int?] {
        let month = try MonthCodes(table, column, path: path, line: { table.lines[$0] })
        return month.codes.indices.map(month.optional)
    }

    /// The note on the engagements excluded for lying outside the panel's months; an error when no
    /// engaged account is left.
    static func exclusionNotes(
        _ excluded: [ExcludedAccount], kept accounts: [AccountPanel.Account], range: ClosedRange<Int>, path: String
    ) throws -> [String] {
        guard let firstExcluded = excluded.first else { return [] }
        guard accounts.contains(where: { $0.engagementMonth != nil }) else {
            throw DataError(
                "\(path): no account is engaged inside the panel's months \(AccountPanel.label(range.lowerBound))…\(AccountPanel.label(range.upperBound)): all \(excluded.count) engaged accounts have no month before or no month after their engagement (first: '\(firstExcluded.id)', engaged \(AccountPanel.label(firstExcluded.engagementMonth)); a one-month panel or a mistyped year?)"
            )
        }
        let before = excluded.filter { $0.engagementMonth <= range.lowerBound }.count
        return [
            "\(excluded.count) engaged accounts left out: \(before) engaged in or before the panel's first month \(AccountPanel.label(range.lowerBound)) (no baseline month), \(excluded.count - before) in or after its last month \(AccountPanel.label(range.upperBound)) (no month after engagement); listed under excluded_accounts in the JSON and in excluded-accounts.csv with --out"
        ]
    }

    /// Keeps never-engaged accounts and those engaged strictly inside the panel's months, in place
    /// (`units`: a value per account, kept alongside); returns those left out.
    static func excludeOutside(
        _ accounts: inout [AccountPanel.Account], units: inout [Int32], range: ClosedRange<Int>
    ) -> [ExcludedAccount] {
        var excluded: [ExcludedAccount] = []
        var kept = 0
        for i in accounts.indices {
            let account = accounts[i]
            guard let m = account.engagementMonth, m <= range.lowerBound || m >= range.upperBound else {
                if kept < i {
                    accounts[kept] = account
                    units[kept] = units[i]
                }
                kept += 1
                continue
            }
            let reason =
                m <= range.lowerBound
                ? "engaged in or before the panel's first month" : "engaged in or after the panel's last month"
            excluded.append(ExcludedAccount(id: account.id, engagementMonth: m, reason: reason))
        }
        accounts.removeSubrange(kept...)
        units.removeSubrange(kept...)
        return excluded
    }
}
