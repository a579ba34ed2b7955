import G3Data

/// A customer-month panel, one row per account and month, rows grouped by account in month order.
public struct AccountPanel: Sendable {
    /// 32 bytes an account, not 64: months and rows kept as 4-byte numbers, the engagement type as a
    /// 4-byte code into the panel's `engagementTypes` (170 MB fewer for the 5.3 million accounts of a
    /// 100× panel).
    public struct Account: Sendable {
        public let id: String
        /// The engagement type's index in `AccountPanel.engagementTypes`; −1 for none.
        public let typeCode: Int32
        private let month: Int32
        private let firstRow: Int32
        private let rowCount: Int32

        /// The month (year·12 + month − 1) of the first engagement; nil when never engaged.
        public var engagementMonth: Int? { month == Int32.min ? nil : Int(month) }
        /// The account's rows in the panel's row arrays, in month order.
        public var rows: Range<Int> { Int(firstRow)..<Int(firstRow) + Int(rowCount) }

        /// A month beyond 4 bytes is clamped, which no month of a four-digit year is (`Month.index` is
        /// below 120,000), and so are rows, which a panel holds fewer than 2^31 of (`PanelKeys`).
        /// `typeCode`: an index into the panel's `engagementTypes`, −1 (or any negative) for none.
        public init(id: String, engagementMonth: Int?, typeCode: Int32, rows: Range<Int>) {
            self.id = id
            self.typeCode = max(typeCode, -1)
            month = engagementMonth.map { Int32(clamping: $0) } ?? Int32.min
            firstRow = Int32(clamping: rows.lowerBound)
            rowCount = Int32(clamping: rows.count)
        }
    }

    public let accounts: [Account]
    /// Per row: the month index.
    public let month: MonthColumn
    /// Per row, by column name (8 bytes a number, 4 a label).
    public let numbers: [String: NumberColumn]
    public let labels: [String: LabelColumn]
    /// Baselines of the columns not kept per row, reduced while the panel was read; nil when every
    /// column is kept per row.
    public let reduced: ReducedBaseline?

    /// The engagement types the accounts' `typeCode`s index.
    public let engagementTypes: [String]

    public init(
        accounts: [Account], month: MonthColumn, numbers: [String: NumberColumn], labels: [String: LabelColumn],
        reduced: ReducedBaseline? = nil, engagementTypes: [String] = []
    ) {
        self.accounts = accounts
        self.engagementTypes = engagementTypes
        self.month = month
        self.numbers = numbers
        self.labels = labels
        self.reduced = reduced
    }

    /// An account's engagement type; nil when it has none (or a code the panel's table lacks).
    public func engagementType(of account: Account) -> String? {
        engagementTypes.indices.contains(Int(account.typeCode)) ? engagementTypes[Int(account.typeCode)] : nil
    }

    /// Whether the panel has a number column of that name, per row or reduced to baselines.
    public func hasNumbers(_ column: String) -> Bool { numbers[column] != nil || reduced?.means[column] != nil }

    /// "YYYY-MM" for a month index.
    public static func label(_ index: Int) -> String { Month.label(index) }

    /// The earliest engagement month, if anyone engaged.
    public var firstEngagement: Int? { accounts.compactMap(\.engagementMonth).min() }

    /// Mean of the column's non-missing values over an account's rows whose month passes `include`.
    public func mean(_ column: String, account: Int, where include: (Int) -> Bool) -> Double? {
        numbers[column].flatMap { mean($0, account: account, where: include) }
    }

    /// The last non-missing label of the column over an account's rows whose month passes `include`.
    public func lastLabel(_ column: String, account: Int, where include: (Int) -> Bool) -> String? {
        guard let values = labels[column], let code = lastCode(values, account: account, where: include) else {
            return nil
        }
        return values.levels[Int(code)]
    }

    func mean(_ values: NumberColumn, account: Int, where include: (Int) -> Bool) -> Double? {
        var sum = 0.0
        var count = 0
        for row in accounts[account].rows where include(month[row]) {
            if let v = values[row] {
                sum += v
                count += 1
            }
        }
        return count > 0 ? sum / Double(count) : nil
    }

    /// The code of `lastLabel`.
    private func lastCode(_ values: LabelColumn, account: Int, where include: (Int) -> Bool) -> Int32? {
        accounts[account].rows.reversed().first { include(month[$0]) && values.codes[$0] >= 0 }.map { values.codes[$0] }
    }

    /// A number column's baseline, the column looked up once: for account a and its reference month,
    /// the mean over its months before it, from the rows, or else from the reduced baselines (whose
    /// reference months the caller has checked); nil for a column the panel lacks.
    public func baselineMean(_ column: String) -> (_ account: Int, _ reference: Int) -> Double? {
        if let values = numbers[column] { return { a, end in mean(values, account: a, where: { $0 < end }) } }
        let reduced = reduced?.means[column]
        return { a, _ in reduced?[a] ?? nil }
    }

    /// A text column's baseline (its last label before the reference month), as `baselineMean`: the
    /// column's labels, and per account the code of its baseline among them (no string per account).
    public func baselineLabel(_ column: String) -> (
        levels: [String], code: (_ account: Int, _ reference: Int) -> Int32?
    ) {
        if let values = labels[column] {
            return (values.levels, { a, end in lastCode(values, account: a, where: { $0 < end }) })
        }
        let reduced = reduced?.lastLabels[column]
        return (reduced?.levels ?? [], { a, _ in reduced.map { $0.codes[a] }.flatMap { $0 >= 0 ? $0 : nil } })
    }
}

/// What a streaming read keeps of a column it does not keep per row (`PanelInput`): per account, the
/// mean of a number column and the last label of a text column over the account's months before its
/// reference month, which is its engagement month, or for never-engaged accounts `controlReference`.
/// These equal `AccountPanel.mean` and `lastLabel` over the same months: the values are summed in month
/// order, the missing ones skipped.
public struct ReducedBaseline: Sendable {
    public let controlReference: Int
    /// Per column, one value per account (indices as the panel's `accounts`); nil when no month has one.
    public let means: [String: NumberColumn]
    public let lastLabels: [String: LabelColumn]

    public init(controlReference: Int, means: [String: NumberColumn], lastLabels: [String: LabelColumn]) {
        self.controlReference = controlReference
        self.means = means
        self.lastLabels = lastLabels
    }
}
