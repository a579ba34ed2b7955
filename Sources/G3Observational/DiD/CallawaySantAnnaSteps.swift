import G3Stats

extension CallawaySantAnna {
    /// Step 1: the balanced panel. Units without a value in every period are dropped (as R's did
    /// balances), units treated in the first period have no pre-period and are dropped, and units
    /// first treated after the last period count as never treated.
    struct Balanced {
        let periods: [Int]
        let index: [Int: Int]
        /// outcome[unit][period index]
        let outcome: [[Double]]
        /// The first treated period per unit; nil = never treated.
        let groupOf: [Int?]
        let groups: [Int]
        /// p_g = n_g / n.
        let share: [Int: Double]
        let droppedUnbalanced: Int
        let notes: [Diagnostic]
        var n: Double { Double(outcome.count) }

        init(values: [Double], unit: [Int], period: [Int], cohort cohortOfRow: [Int?], control: ControlGroup) throws {
            let periods = Set(period).sorted()
            guard let first = periods.first, let last = periods.last else {
                throw ObservationalError("Callaway & Sant'Anna needs at least one period")
            }
            var index: [Int: Int] = [:]
            for (i, p) in periods.enumerated() { index[p] = i }
            let unitIDs = Set(unit).sorted()
            var unitIndex: [Int: Int] = [:]
            for (i, u) in unitIDs.enumerated() { unitIndex[u] = i }
            var y = [[Double?]](repeating: [Double?](repeating: nil, count: periods.count), count: unitIDs.count)
            var cohort = [Int?](repeating: nil, count: unitIDs.count)
            for r in values.indices {
                guard let u = unitIndex[unit[r]], let t = index[period[r]] else { continue }
                y[u][t] = values[r]
                cohort[u] = cohortOfRow[r].flatMap { $0 > 0 ? $0 : nil }
            }
            var notes: [Diagnostic] = []
            let complete = y.indices.filter { u in y[u].allSatisfy { $0 != nil } }
            droppedUnbalanced = unitIDs.count - complete.count
            if droppedUnbalanced > 0 {
                notes.append(
                    Diagnostic(
                        .unbalancedPanel, .info,
                        "Callaway & Sant'Anna uses \(complete.count) of \(unitIDs.count) units: \(droppedUnbalanced) without a value in every period are left out, as R did balances an unbalanced panel"
                    ))
            }
            var outcome = complete.map { y[$0].compactMap { $0 } }
            var groupOf = complete.map { cohort[$0] }
            let early = groupOf.indices.filter { groupOf[$0].map { $0 <= first } ?? false }
            if !early.isEmpty {
                notes.append(
                    Diagnostic(
                        .data, .info,
                        "\(early.count) units treated in the first period have no untreated period and are left out"))
                let keep = groupOf.indices.filter { !early.contains($0) }
                outcome = keep.map { outcome[$0] }
                groupOf = keep.map { groupOf[$0] }
            }
            for u in groupOf.indices where (groupOf[u] ?? 0) > last { groupOf[u] = nil }
            let groups = Set(groupOf.compactMap { $0 }).sorted()
            guard !groups.isEmpty else { throw ObservationalError("no unit is treated within the panel's periods") }
            if control == .neverTreated, !groupOf.contains(where: { $0 == nil }) {
                throw ObservationalError("there are no never-treated units; use the not-yet-treated as controls")
            }
            let n = Double(outcome.count)
            var share: [Int: Double] = [:]
            for g in groups { share[g] = Double(groupOf.filter { $0 == g }.count) / n }
            self.periods = periods
            self.index = index
            self.outcome = outcome
            self.groupOf = groupOf
            self.groups = groups
            self.share = share
            self.notes = notes
        }
    }

    /// ATT(g,t) with its influence function over all units.
    struct GroupTimeCell {
        let group: Int, time: Int
        let att: Double
        let psi: [Double]
    }

    /// Step 2: ATT(g,t) = E[Y_t − Y_b | G = g] − E[Y_t − Y_b | control], b = g − 1 for t ≥ g and t − 1
    /// before; ψ_i = (n/n_g)·1[G_i = g](ΔY_i − μ_g) − (n/n_c)·1[i control](ΔY_i − μ_c). Cells without
    /// controls are left out, as R's did leaves them out.
    static func groupTimeCells(_ panel: Balanced, control: ControlGroup) throws -> ([GroupTimeCell], [Diagnostic]) {
        var cells: [GroupTimeCell] = []
        var withoutControls: [String] = []
        let n = panel.n
        for g in panel.groups {
            guard let gi = panel.index[g] else {
                throw ObservationalError("the first treated period \(g) is not one of the panel's periods")
            }
            for ti in 1..<panel.periods.count {
                let base = ti >= gi ? gi - 1 : ti - 1
                let t = panel.periods[ti]
                let isControl = { (u: Int) -> Bool in
                    guard let h = panel.groupOf[u] else { return true }
                    return control == .notYetTreated && h > max(t, panel.periods[base]) && h != g
                }
                let treated = panel.groupOf.indices.filter { panel.groupOf[$0] == g }
                let controls = panel.groupOf.indices.filter(isControl)
                guard !controls.isEmpty else {
                    withoutControls.append("(\(g), \(t))")
                    continue
                }
                let delta = panel.outcome.map { $0[ti] - $0[base] }
                let mg = treated.map { delta[$0] }.reduce(0, +) / Double(treated.count)
                let mc = controls.map { delta[$0] }.reduce(0, +) / Double(controls.count)
                var psi = [Double](repeating: 0, count: panel.outcome.count)
                for u in treated { psi[u] = n / Double(treated.count) * (delta[u] - mg) }
                for u in controls { psi[u] = -n / Double(controls.count) * (delta[u] - mc) }
                cells.append(GroupTimeCell(group: g, time: t, att: mg - mc, psi: psi))
            }
        }
        var notes: [Diagnostic] = []
        if !withoutControls.isEmpty {
            notes.append(
                Diagnostic(
                    .skipped, .info,
                    "no unit is untreated for ATT(g,t) at \(withoutControls.joined(separator: ", ")): those cells are left out"
                ))
        }
        guard cells.contains(where: { $0.time >= $0.group }) else {
            throw ObservationalError("no post-treatment ATT(g,t) has control units")
        }
        return (cells, notes)
    }

    /// Step 3: the aggregations, weighting cells by the group shares p_g and adding the influence of
    /// estimating those weights (did's wif). SE = √(Σψ²)/n.
    struct Aggregator {
        let panel: Balanced
        let cells: [GroupTimeCell]
        var post: [Int] { cells.indices.filter { cells[$0].time >= cells[$0].group } }

        func estimate(_ psi: [Double], _ value: Double) -> Estimate {
            Estimate(estimate: value, standardError: psi.map { $0 * $0 }.reduce(0, +).squareRoot() / panel.n)
        }

        /// Σ w_k θ_k with w_k = p_{g_k}/Σ p, and its influence function: the items' own (`psi`) plus that
        /// of estimating the weights. wif_k(i) = c_k/S − p_k·Σ_j c_j/S², c_k = 1[G_i = g_k] − p_k, summed
        /// in closed form per unit: O(n + k).
        func weighted(_ items: [(group: Int, value: Double, psi: [Double])]) -> (value: Double, psi: [Double]) {
            let p = { (group: Int) in panel.share[group] ?? 0 }
            let total = items.map { p($0.group) }.reduce(0, +)
            let sharedValue = items.map { p($0.group) * $0.value }.reduce(0, +)
            var valueOfGroup: [Int: Double] = [:]
            var countOfGroup: [Int: Double] = [:]
            for item in items {
                valueOfGroup[item.group, default: 0] += item.value
                countOfGroup[item.group, default: 0] += 1
            }
            var psi = [Double](repeating: 0, count: panel.outcome.count)
            for item in items {
                let w = p(item.group) / total
                for u in psi.indices { psi[u] += w * item.psi[u] }
            }
            for u in psi.indices {
                let own = panel.groupOf[u].flatMap { valueOfGroup[$0] } ?? 0
                let count = panel.groupOf[u].flatMap { countOfGroup[$0] } ?? 0
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
                (0..<panel.outcome.count).map { u in parts.map { $0.psi[u] }.reduce(0, +) / m },
                parts.map(\.value).reduce(0, +) / m)
        }

        /// Post cells weighted by group size.
        func simple() -> Estimate {
            let parts = weighted(post)
            return estimate(parts.psi, parts.value)
        }

        /// By event time e = t − g; the overall is the mean over e ≥ 0.
        func dynamic() -> Aggregation {
            let eventTimes = Set(cells.map { $0.time - $0.group }).sorted()
            let byEvent = eventTimes.map { e in
                (e, weighted(cells.indices.filter { cells[$0].time - cells[$0].group == e }))
            }
            return Aggregation(
                parts: byEvent.map { ($0.0, estimate($0.1.psi, $0.1.value)) },
                overall: mean(byEvent.filter { $0.0 >= 0 }.map(\.1)))
        }

        /// By group (the mean over its post periods); the overall weights groups by size.
        func byGroup() -> Aggregation {
            let post = self.post
            let byGroup = panel.groups.filter { g in post.contains { cells[$0].group == g } }.map {
                g -> (Int, (value: Double, psi: [Double])) in
                let own = post.filter { cells[$0].group == g }
                let m = Double(own.count)
                return (
                    g,
                    (
                        own.map { cells[$0].att }.reduce(0, +) / m,
                        (0..<panel.outcome.count).map { u in own.map { cells[$0].psi[u] }.reduce(0, +) / m }
                    )
                )
            }
            let (value, psi) = weighted(byGroup.map { ($0.0, $0.1.value, $0.1.psi) })
            return Aggregation(
                parts: byGroup.map { ($0.0, estimate($0.1.psi, $0.1.value)) }, overall: estimate(psi, value))
        }

        /// By calendar period; the overall is the mean over periods.
        func calendar() -> Aggregation {
            let post = self.post
            let calendarTimes = panel.periods.filter { t in post.contains { cells[$0].time == t } }
            let byTime = calendarTimes.map { t in (t, weighted(post.filter { cells[$0].time == t })) }
            return Aggregation(
                parts: byTime.map { ($0.0, estimate($0.1.psi, $0.1.value)) }, overall: mean(byTime.map(\.1)))
        }
    }

    /// Step 4: the Wald test that every pre-period ATT(g,t) is 0; skipped with a note when the
    /// covariance is singular, as R's did skips it.
    static func pretest(_ cells: [GroupTimeCell], n: Double) throws
        -> (result: (statistic: Double, df: Int, pValue: Double)?, note: Diagnostic?)
    {
        let pre = cells.indices.filter { cells[$0].time < cells[$0].group }
        guard !pre.isEmpty else { return (nil, nil) }
        let v = pre.map { a in pre.map { b in zip(cells[a].psi, cells[b].psi).map(*).reduce(0, +) / (n * n) } }
        let a = pre.map { cells[$0].att }
        guard let solved = try? solveSymmetricPositiveDefinite(v, a) else {
            return (
                nil,
                Diagnostic(
                    .skipped, .info, subject: "pre-trend test",
                    "no pre-trend test: the covariance of the \(pre.count) pre-period ATT(g,t) is singular (too few units in some groups)"
                )
            )
        }
        let w = zip(a, solved).map(*).reduce(0, +)
        return ((w, pre.count, try ChiSquared.survival(w, df: Double(pre.count))), nil)
    }
}
