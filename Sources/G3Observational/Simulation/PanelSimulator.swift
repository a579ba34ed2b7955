import Foundation
import G3Data
import G3Stats

/// A simulated customer-month panel in the seed schema with a known effect (`g3-design simulate`).
///
/// The model, per account i and month t (0-based):
/// - segment ENT / MM / SMB (5 / 25 / 70%) and a revenue level L_i ~ segment scale · lognormal(0, 1);
/// - total revenue Y0 = L_i (1 + g_segment t) e^{ε}, ε ~ N(0, 0.15²), with segment trends g = 2% /
///   1% / 0% a month (a time-varying confounder: engaged accounts are more often ENT);
/// - security revenue = φ_i · total · e^{η}, φ_i = logistic(N(−2.3, 0.5²)) (about 9%), η ~ N(0, 0.2²);
///   resiliency revenue likewise with a share near 4%; service counts Poisson(1 + revenue/5,000);
///   an adoption score 1–5 rising with size; support level, industry and phase labels.
/// - Selection: engagement weights exp(s · (z(log L) + z(φ))), drawn without replacement
///   (Efraimidis & Spirakis), so `selection` s > 0 makes engaged accounts larger and more
///   security-minded: the naive comparison is biased as the original 400–500% estimates were.
/// - Engagement months uniform over 2 … months − 3 (staggered); after its month m an engaged account's
///   outcomes are multiplied by 1 + lift · min(1, (t − m)/ramp) for t > m.
/// - Unbalanced panels: a share `attrition` of never-engaged accounts starts late or ends early.
/// - Dirty values: a share `dirty` of the total and resiliency revenue cells become "", "NULL",
///   "nan" or "n/a" in the CSV (missing in the panel).
///
/// The truth is the realized ATT over the engaged accounts' post-engagement months, from each one's
/// own untreated potential outcome Y0: the mean over engaged accounts of each account's mean of
/// (Y1 − Y0) over its months after engagement. Accounts weigh equally, as in every estimator of
/// `analyze` (an account-month average would give early engagers, with more and fully ramped
/// months, more weight).
public struct PanelSimulator: Sendable {
    public struct Settings: Sendable {
        public var customers = 53_367
        public var engaged = 235
        public var months = 13
        /// Relative lifts of security and total revenue on those engaged (0.10 = +10%).
        public var securityLift = 0.10
        public var totalLift = 0.03
        /// Months for the effect to reach its full size (1 = at once).
        public var ramp = 3
        public var selection = 1.0
        public var attrition = 0.05
        public var dirty = 0.002
        /// First month, as a month index (year·12 + month − 1): 2025-01 by default.
        public var firstMonth = 2025 * 12
        public init() {}
    }

    public struct Truth: Sendable {
        /// ATT per outcome over post-engagement months, and relative to the untreated mean there.
        public let att: [String: Double]
        public let relative: [String: Double]
        /// Engaged accounts' post-engagement mean over the never-engaged accounts' mean, minus 1.
        public let naiveRatio: [String: Double]
        public let engaged: Int, accounts: Int, rows: Int
        /// Per outcome, each engaged account's (panel index) mean of Y1 − Y0 over its post months: the truth
        /// for any subset, such as the engaged accounts a caliper keeps.
        public let byAccount: [String: [Int: Double]]

        /// The ATT over some engaged accounts (panel indices); nil if none of them is engaged.
        public func att(_ outcome: String, accounts: [Int]) -> Double? {
            let values = accounts.compactMap { byAccount[outcome]?[$0] }
            return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
        }
    }

    public static let outcomes = SeedSchema.outcomes
    static let numericColumns = SeedSchema.numeric
    static let labelColumns = SeedSchema.labels
    static let dirtyColumns: Set<String> = [SeedSchema.totalRevenue, SeedSchema.resiliencyRevenue]
    static let dirtyTexts = ["", "NULL", "nan", "n/a"]
    /// The engagement types an engaged account is given (half, 30 % and 20 % of them).
    static let engagementTypes = ["Security Review", "Threat Modeling", "Incident Response Readiness"]

    public let panel: AccountPanel
    public let truth: Truth
    /// Cells written as text instead of their number: (row, column) → text.
    public let dirtyCells: [Int: [String: String]]
    /// The engagement date (day of the month) of each engaged account, for the CSV.
    public let engagementDay: [Int]

    /// The steps, in the order of their random draws (the order is part of the output): the settings
    /// are checked → each account's traits are drawn → each account's months are generated in id order.
    public init(settings s: Settings, random: RandomSource) throws {
        try Self.check(s)
        let traits = Traits(settings: s, random: random)
        var rows = Rows(settings: s, traits: traits)
        for i in 0..<s.customers { rows.addAccount(i, random: random) }
        panel = AccountPanel(
            accounts: rows.accounts, month: MonthColumn(rows.month),
            numbers: rows.numbers.mapValues { NumberColumn($0) },
            labels: rows.labels.mapValues { LabelColumn($0) }, engagementTypes: Self.engagementTypes)
        dirtyCells = rows.dirty
        engagementDay = traits.engagementDay
        truth = rows.truth()
    }

    static func check(_ s: Settings) throws {
        guard s.customers >= 10, s.engaged >= 2, s.engaged < s.customers / 2 else {
            throw ObservationalError(
                "simulate needs at least 10 customers and between 2 and half of them engaged, got \(s.customers) and \(s.engaged)"
            )
        }
        guard s.months >= 6 else { throw ObservationalError("simulate needs at least 6 months, got \(s.months)") }
        guard s.ramp >= 1 else { throw ObservationalError("the ramp must be at least 1 month, got \(s.ramp)") }
        guard s.attrition >= 0, s.attrition < 1, s.dirty >= 0, s.dirty < 0.5 else {
            throw ObservationalError("attrition must be in [0, 1) and the dirty share in [0, 0.5)")
        }
    }

    /// Account ids like the warehouse's: "001SIM" and seven digits.
    static func id(_ i: Int) -> String {
        let digits = String(i)
        return "001SIM" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
    }
}
