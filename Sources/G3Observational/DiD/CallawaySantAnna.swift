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
    public let notes: [String]

    private struct Panel {
        var ids: [Int] = []  // unit index per row of `y`
        var y: [[Double]] = []  // y[unit][period index]
        var cohort: [Int?] = []  // first treated period per unit
    }

    /// Rows of a long panel: `unit[r]`, integer `period[r]`, `y[r]`, and `cohort[r]`, the unit's first
    /// treated period (nil or 0 = never). Units missing a period are dropped (the estimator needs a
    /// balanced panel), with a note.
    public init(
        y values: [Double], unit: [Int], period: [Int], cohort cohortOfRow: [Int?],
        control: ControlGroup = .neverTreated
    ) throws {
        let periods = Set(period).sorted()
        let index = Dictionary(uniqueKeysWithValues: periods.enumerated().map { ($1, $0) })
        let unitIDs = Set(unit).sorted()
        let unitIndex = Dictionary(uniqueKeysWithValues: unitIDs.enumerated().map { ($1, $0) })
        var y = [[Double?]](repeating: [Double?](repeating: nil, count: periods.count), count: unitIDs.count)
        var cohort = [Int?](repeating: nil, count: unitIDs.count)
        var notes: [String] = []
        for r in values.indices {
            let u = unitIndex[unit[r]]!
            y[u][index[period[r]]!] = values[r]
            cohort[u] = cohortOfRow[r].flatMap { $0 > 0 ? $0 : nil }
        }
        let complete = y.indices.filter { u in y[u].allSatisfy { $0 != nil } }
        droppedUnbalanced = unitIDs.count - complete.count
        if droppedUnbalanced > 0 {
            notes.append(
                "Callaway & Sant'Anna uses \(complete.count) of \(unitIDs.count) units: \(droppedUnbalanced) without a value in every period are left out, as R did balances an unbalanced panel"
            )
        }
        var outcome = complete.map { y[$0].map { $0! } }
        var groupOf = complete.map { cohort[$0] }
        // Units treated in the first period have no pre-period; units treated after the last are never treated here.
        let first = periods.first!
        let last = periods.last!
        let early = groupOf.indices.filter { groupOf[$0].map { $0 <= first } ?? false }
        if !early.isEmpty {
            notes.append("\(early.count) units treated in the first period have no untreated period and are left out")
            let keep = groupOf.indices.filter { !early.contains($0) }
            outcome = keep.map { outcome[$0] }
            groupOf = keep.map { groupOf[$0] }
        }
        for u in groupOf.indices where (groupOf[u] ?? 0) > last { groupOf[u] = nil }
        let n = Double(outcome.count)
        let groups = Set(groupOf.compactMap { $0 }).sorted()
        guard !groups.isEmpty else { throw ObservationalError("no unit is treated within the panel's periods") }
        if control == .neverTreated, !groupOf.contains(where: { $0 == nil }) {
            throw ObservationalError("there are no never-treated units; use the not-yet-treated as controls")
        }
        let share = Dictionary(
            uniqueKeysWithValues: groups.map { g in (g, Double(groupOf.filter { $0 == g }.count) / n) })

        // ATT(g,t) and its influence function over all units.
        var cells: [(group: Int, time: Int, att: Double, psi: [Double])] = []
        var withoutControls: [String] = []
        for g in groups {
            guard let gi = index[g] else {
                throw ObservationalError("the first treated period \(g) is not one of the panel's periods")
            }
            for ti in 1..<periods.count {
                let base = ti >= gi ? gi - 1 : ti - 1
                let t = periods[ti]
                let isControl = { (u: Int) -> Bool in
                    guard let h = groupOf[u] else { return true }
                    return control == .notYetTreated && h > max(t, periods[base]) && h != g
                }
                let treated = groupOf.indices.filter { groupOf[$0] == g }
                let controls = groupOf.indices.filter(isControl)
                guard !controls.isEmpty else {
                    withoutControls.append("(\(g), \(t))")
                    continue
                }  // R did drops these cells too
                let delta = outcome.map { $0[ti] - $0[base] }
                let mg = treated.map { delta[$0] }.reduce(0, +) / Double(treated.count)
                let mc = controls.map { delta[$0] }.reduce(0, +) / Double(controls.count)
                var psi = [Double](repeating: 0, count: outcome.count)
                for u in treated { psi[u] = n / Double(treated.count) * (delta[u] - mg) }
                for u in controls { psi[u] = -n / Double(controls.count) * (delta[u] - mc) }
                cells.append((g, t, mg - mc, psi))
            }
        }
        if !withoutControls.isEmpty {
            notes.append(
                "no unit is untreated for ATT(g,t) at \(withoutControls.joined(separator: ", ")): those cells are left out"
            )
        }
        guard cells.contains(where: { $0.time >= $0.group }) else {
            throw ObservationalError("no post-treatment ATT(g,t) has control units")
        }
        func estimate(_ psi: [Double], _ value: Double) -> Estimate {
            Estimate(estimate: value, standardError: psi.map { $0 * $0 }.reduce(0, +).squareRoot() / n)
        }
        /// Σ w_k θ_k with w_k = p_{g_k}/Σ p, and its influence function: the items' own (`psi`) plus that of
        /// estimating the weights (did's wif). wif_k(i) = c_k/S − p_k·Σ_j c_j/S², c_k = 1[G_i = g_k] − p_k,
        /// summed in closed form per unit: O(n + k).
        func weighted(_ items: [(group: Int, value: Double, psi: [Double])]) -> (value: Double, psi: [Double]) {
            let total = items.map { share[$0.group]! }.reduce(0, +)
            let sharedValue = items.map { share[$0.group]! * $0.value }.reduce(0, +)
            var valueOfGroup: [Int: Double] = [:]
            var countOfGroup: [Int: Double] = [:]
            for item in items {
                valueOfGroup[item.group, default: 0] += item.value
                countOfGroup[item.group, default: 0] += 1
            }
            var psi = [Double](repeating: 0, count: outcome.count)
            for item in items {
                let w = share[item.group]! / total
                for u in psi.indices { psi[u] += w * item.psi[u] }
            }
            for u in psi.indices {
                let own = groupOf[u].flatMap { valueOfGroup[$0] } ?? 0
                let count = groupOf[u].flatMap { countOfGroup[$0] } ?? 0
                let centredValue = own - sharedValue
                let centredSum = count - total
                psi[u] += centredValue / total - sharedValue * centredSum / (total * total)
            }
            return (sharedValue / total, psi)
        }
        func weighted(_ keep: [Int]) -> (value: Double, psi: [Double]) {
            weighted(keep.map { (cells[$0].group, cells[$0].att, cells[$0].psi) })
        }
        func mean(_ parts: [(value: Double, psi: [Double])]) -> Estimate {
            let m = Double(parts.count)
            return estimate(
                (0..<outcome.count).map { u in parts.map { $0.psi[u] }.reduce(0, +) / m },
                parts.map(\.value).reduce(0, +) / m)
        }

        self.cells = cells.map { Cell(group: $0.group, time: $0.time, effect: estimate($0.psi, $0.att)) }
        let post = cells.indices.filter { cells[$0].time >= cells[$0].group }
        let simpleParts = weighted(post)
        simple = estimate(simpleParts.psi, simpleParts.value)

        let eventTimes = Set(cells.map { $0.time - $0.group }).sorted()
        let byEvent = eventTimes.map { e in
            (e, weighted(cells.indices.filter { cells[$0].time - cells[$0].group == e }))
        }
        dynamic = Aggregation(
            parts: byEvent.map { ($0.0, estimate($0.1.psi, $0.1.value)) },
            overall: mean(byEvent.filter { $0.0 >= 0 }.map(\.1)))

        let byGroup = groups.filter { g in post.contains { cells[$0].group == g } }.map {
            g -> (Int, (value: Double, psi: [Double])) in
            let own = post.filter { cells[$0].group == g }
            let m = Double(own.count)
            return (
                g,
                (
                    own.map { cells[$0].att }.reduce(0, +) / m,
                    (0..<outcome.count).map { u in own.map { cells[$0].psi[u] }.reduce(0, +) / m }
                )
            )
        }
        let (groupValue, groupPsi) = weighted(byGroup.map { ($0.0, $0.1.value, $0.1.psi) })
        group = Aggregation(
            parts: byGroup.map { ($0.0, estimate($0.1.psi, $0.1.value)) }, overall: estimate(groupPsi, groupValue))

        let calendarTimes = periods.filter { t in post.contains { cells[$0].time == t } }
        let byTime = calendarTimes.map { t in (t, weighted(post.filter { cells[$0].time == t })) }
        calendar = Aggregation(
            parts: byTime.map { ($0.0, estimate($0.1.psi, $0.1.value)) }, overall: mean(byTime.map(\.1)))

        let pre = cells.indices.filter { cells[$0].time < cells[$0].group }
        if pre.isEmpty {
            pretest = nil
        } else {
            let v = pre.map { a in pre.map { b in zip(cells[a].psi, cells[b].psi).map(*).reduce(0, +) / (n * n) } }
            let a = pre.map { cells[$0].att }
            if let solved = try? solveSymmetricPositiveDefinite(v, a) {
                let w = zip(a, solved).map(*).reduce(0, +)
                pretest = (w, pre.count, try ChiSquared.survival(w, df: Double(pre.count)))
            } else {
                pretest = nil  // as R did: "Not returning pre-test Wald statistic due to singular covariance matrix"
                notes.append(
                    "no pre-trend test: the covariance of the \(pre.count) pre-period ATT(g,t) is singular (too few units in some groups)"
                )
            }
        }
        units = outcome.count
        treatedUnits = groupOf.filter { $0 != nil }.count
        neverTreatedUnits = groupOf.filter { $0 == nil }.count
        self.notes = notes
    }
}
