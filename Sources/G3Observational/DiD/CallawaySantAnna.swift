import G3Stats

/// Callaway & Sant'Anna (2021) group-time effects for staggered adoption: unconditional parallel
/// trends, never-treated (or not-yet-treated) controls, base period "varying" (R did's default), and
/// analytic standard errors from the influence functions (did's `bstrap = FALSE`).
///
/// ATT(g,t) = E[Y_t − Y_b | G = g] − E[Y_t − Y_b | control], b = g − 1 for t ≥ g and t − 1 before.
/// On the n units, ψ_i = (n/n_g)·1[G_i = g](ΔY_i − μ_g) − (n/n_c)·1[i control](ΔY_i − μ_c) and
/// SE = √(Σψ²)/n. Aggregations weight cells by the group shares p_g = n_g/n and add the influence of
/// estimating those weights (did's `wif`).
public struct CallawaySantAnna: Sendable {
    public enum ControlGroup: String, CaseIterable, Sendable {
        case neverTreated = "never-treated"
        case notYetTreated = "not-yet-treated"
    }

    public struct Estimate: Sendable {
        public let estimate: Double
        public let standardError: Double
        public func interval(level: Double) throws -> (low: Double, high: Double) {
            let z = try Normal.quantile(0.5 + level / 2)
            return (estimate - z * standardError, estimate + z * standardError)
        }
        public var pValue: Double { standardError > 0 ? 2 * Normal.survival(abs(estimate / standardError)) : 1 }
    }

    public struct Cell: Sendable {
        public let group: Int, time: Int
        public let effect: Estimate
        public var isPost: Bool { time >= group }
    }

    /// One aggregation: its parts (event time, group or calendar period) and the overall average.
    public struct Aggregation: Sendable {
        public let parts: [(key: Int, effect: Estimate)]
        public let overall: Estimate
    }

    public let cells: [Cell]
    /// Post cells weighted by group size.
    public let simple: Estimate
    /// By event time e = t − g; the overall is the mean over e ≥ 0.
    public let dynamic: Aggregation
    /// By group (mean over its post periods); the overall weights groups by size.
    public let group: Aggregation
    /// By calendar period; the overall is the mean over periods.
    public let calendar: Aggregation
    /// The Wald test that every pre-period ATT(g,t) is 0: W = a'V⁻¹a, χ² with one df per cell.
    public let pretest: (statistic: Double, df: Int, pValue: Double)?
    /// Units the estimator used (after balancing): all of them, the treated and the never-treated.
    public let units: Int
    public let treatedUnits: Int, neverTreatedUnits: Int
    /// Units left out because they lack a value in some period (R did balances the panel the same way).
    public let droppedUnbalanced: Int
    public let notes: [Diagnostic]

    /// Rows of a long panel: `unit[r]`, integer `period[r]`, `y[r]`, and `cohort[r]`, the unit's first
    /// treated period (nil or 0 = never). Units missing a period are dropped (the estimator needs a
    /// balanced panel), with a note. The steps: balance the panel → ATT(g,t) with influence functions
    /// → the four aggregations → the pre-trend test.
    public init(
        y values: [Double], unit: [Int], period: [Int], cohort cohortOfRow: [Int?],
        control: ControlGroup = .neverTreated
    ) throws {
        let panel = try Balanced(values: values, unit: unit, period: period, cohort: cohortOfRow, control: control)
        let (cells, cellNotes) = try Self.groupTimeCells(panel, control: control)
        let aggregator = Aggregator(panel: panel, cells: cells)
        self.cells = cells.map { Cell(group: $0.group, time: $0.time, effect: aggregator.estimate($0.psi, $0.att)) }
        simple = aggregator.simple()
        dynamic = aggregator.dynamic()
        group = aggregator.byGroup()
        calendar = aggregator.calendar()
        let test = try Self.pretest(cells, n: panel.n)
        pretest = test.result
        units = panel.outcome.count
        treatedUnits = panel.groupOf.filter { $0 != nil }.count
        neverTreatedUnits = panel.groupOf.filter { $0 == nil }.count
        droppedUnbalanced = panel.droppedUnbalanced
        notes = panel.notes + cellNotes + [test.note].compactMap { $0 }
    }
}
