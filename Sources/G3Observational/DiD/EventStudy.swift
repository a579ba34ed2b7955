import G3Stats

/// Leads and lags around each unit's own treatment: y_it = Σ_k β_k·1[t − g_i = k] + α_i + γ_t + ε_it
/// with k = −1 the reference (β_−1 = 0), never-treated units in the reference group, and the far ends
/// optionally binned. The same fixed-effects machinery and CR1 covariance as `TwoWayFixedEffects`
/// (`fixest::feols(y ~ i(rel, ref = -1) | unit + time)`); a joint Wald test that all leads are 0.
public struct EventStudy: Sendable {
    public struct Term: Sendable {
        /// The relative time; for a bin, its inner edge (−L for "≤ −L", M for "≥ M").
        public let relativeTime: Int
        public let label: String
        public let estimate: Double
        /// 0 for the reference period.
        public let standardError: Double
        public let ciLow: Double, ciHigh: Double
        public let pValue: Double?
        public var isReference: Bool { standardError == 0 }
    }

    public let terms: [Term]
    /// All leads (k < −1) jointly 0; nil when there are none.
    public let leadsTest: WaldTest?
    public let fit: ClusteredFit
    public let notes: [Diagnostic]

    /// `period[r]` is an integer time (year, quarter number, month index); `cohort[r]` the unit's first
    /// treated period, nil if never treated. `binLeads` L puts every k ≤ −L in one bin; `binLags` M every k ≥ M.
    public init(
        y: [Double], unit: [Int], period: [Int], cohort: [Int?], cluster: [Int], binLeads: Int? = nil,
        binLags: Int? = nil,
        convention: FixedEffectsConvention = .lm, level: Double = 0.95
    ) throws {
        func bin(_ k: Int) -> Int {
            if let l = binLeads, k <= -l { return -l }
            if let m = binLags, k >= m { return m }
            return k
        }
        let relative = period.indices.map { r in cohort[r].map { bin(period[r] - $0) } }
        var used = Set(relative.compactMap { $0 }).subtracting([-1]).sorted()
        var notes: [Diagnostic] = []
        if !cohort.contains(where: { $0 == nil }), let first = used.first {
            used.removeFirst()
            notes.append(
                Diagnostic(
                    .data, .info,
                    "no never-treated units: relative time \(first) is a second reference period, as the fully dynamic model is not identified otherwise"
                ))
        }
        guard !used.isEmpty else {
            throw ObservationalError("the event study has no relative periods to estimate besides the reference −1")
        }
        func label(_ k: Int) -> String {
            if let l = binLeads, k == -l { return "≤ \(k)" }
            if let m = binLags, k == m { return "≥ \(k)" }
            return String(k)
        }
        // Each relative period's 0/1 column is made as it is demeaned.
        let fit = try TwoWayFixedEffects.fit(
            y: y, names: used.map(label), unit: unit, time: denseIndices(period), cluster: cluster,
            convention: convention
        ) { j in relative.map { $0 == used[j] ? 1.0 : 0.0 } }
        var terms = try used.indices.map { i -> Term in
            let ci = try fit.interval(i, level: level)
            return Term(
                relativeTime: used[i], label: label(used[i]), estimate: fit.coefficients[i],
                standardError: fit.standardError(i),
                ciLow: ci.low, ciHigh: ci.high, pValue: try fit.pValue(i))
        }
        terms.append(
            Term(relativeTime: -1, label: "-1", estimate: 0, standardError: 0, ciLow: 0, ciHigh: 0, pValue: nil))
        terms.sort { $0.relativeTime < $1.relativeTime }
        let leads = used.indices.filter { used[$0] < -1 }
        leadsTest = leads.isEmpty ? nil : try? fit.waldTest(leads)
        if !leads.isEmpty, leadsTest == nil {
            notes.append(
                Diagnostic(
                    .skipped, .info, subject: "leads test",
                    "no joint test of the leads: their cluster-robust covariance is singular (more leads than clusters can support)"
                ))
        }
        self.terms = terms
        self.fit = fit
        self.notes = notes
    }
}

extension EventStudy {
    /// The mean of the post-treatment coefficients (k ≥ 0): β̄ = (1/K) Σ_k β_k with Var = w′Vw, w = 1/K,
    /// V the CR1 covariance; t(G − 1) interval and p. nil when there is no post period.
    public func postAverage(level: Double) throws -> (
        estimate: Double, standardError: Double, ciLow: Double, ciHigh: Double, pValue: Double, degreesOfFreedom: Double
    )? {
        let names = fit.names
        let post = terms.filter { !$0.isReference && $0.relativeTime >= 0 }.compactMap { t in
            names.firstIndex(of: t.label)
        }
        guard !post.isEmpty else { return nil }
        let w = 1 / Double(post.count)
        let estimate = post.map { fit.coefficients[$0] }.reduce(0, +) * w
        var variance = 0.0
        for i in post { for j in post { variance += w * w * fit.covariance[i][j] } }
        let se = variance.squareRoot()
        let df = fit.degreesOfFreedom
        let c = try StudentT.quantile(0.5 + level / 2, df: df)
        return (
            estimate, se, estimate - c * se, estimate + c * se, 2 * (try StudentT.survival(abs(estimate / se), df: df)),
            df
        )
    }
}
