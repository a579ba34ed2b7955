import G3Stats

/// Propensity model → nearest-neighbour matching → balance → effects, for a table with one row
/// per unit (`g3-design match`).
public struct MatchingAnalysis: Sendable {
    public let terms: ModelTerms
    public let propensity: PropensityScores
    public let spec: MatchingSpec
    public let sample: MatchedSample
    public let balance: [BalanceRow]
    public let effects: [MatchedEffect]
    /// Numerical warnings: non-convergence, separation, dropped treated units, imbalance left.
    public let diagnostics: [Diagnostic]

    public init(
        covariates: [Covariate], treated: [Bool], outcomes: [(name: String, values: [Double])], exact: [String]?,
        spec: MatchingSpec, level: Double = 0.95, bootstrap: Int, random: RandomSource
    ) throws {
        let nTreated = treated.filter { $0 }.count
        guard nTreated > 0 else {
            throw ObservationalError("no treated (engaged) unit is left to match among the \(treated.count) units")
        }
        guard nTreated < treated.count else {
            throw ObservationalError(
                "every one of the \(treated.count) units left to match is treated (engaged): there are no controls to compare with"
            )
        }
        terms = try ModelTerms(covariates)
        do { propensity = try PropensityScores(terms: terms, treated: treated) } catch let error as DomainError {
            throw ObservationalError("the propensity model cannot be fitted: \(error.description)")
        }
        guard propensity.converged else {
            throw ObservationalError(
                "the propensity model did not converge in \(propensity.iterations) iterations"
                    + (propensity.separation
                        ? " (a covariate separates treated from controls: drop it or coarsen it)" : ""))
        }
        self.spec = spec
        let distance = spec.distance == .logit ? propensity.logits : propensity.scores
        sample = try NearestNeighborMatcher.match(
            distance: distance, treated: treated, strata: exact, spec: spec, random: random)
        balance = BalanceTable.compute(
            terms: terms.names, columns: terms.columns, isBinary: terms.isBinary, treated: treated,
            weights: sample.weights)
        let matched = sample
        let usedControls = Set(sample.subclasses.flatMap(\.controls))
        effects = try outcomes.map { outcome in
            let standardError =
                spec.replace
                ? MatchedStandardError.abadieImbens(
                    conditionalVariance: spec.varianceMatches == 0
                        ? nil
                        : MatchedEffectEstimator.conditionalVariances(
                            of: usedControls, distance: distance, values: outcome.values, group: treated.map { !$0 },
                            matches: spec.varianceMatches))
                : .pairCluster
            return try MatchedEffectEstimator.estimate(
                outcome: outcome.name, values: outcome.values, sample: matched, level: level,
                standardError: standardError, bootstrap: spec.replace ? 0 : bootstrap, random: random)
        }
        var notes = propensity.diagnostics
        if spec.replace, bootstrap > 0, !outcomes.isEmpty {
            notes.append(
                Diagnostic(
                    .skipped, .info, subject: "bootstrap",
                    "no pair bootstrap: it is invalid for matching with replacement (Abadie & Imbens 2008); the SE is Abadie–Imbens"
                ))
        }
        if !sample.unmatchedTreated.isEmpty {
            notes.append(
                Diagnostic(
                    .unmatched, .warning,
                    "\(sample.unmatchedTreated.count) of \(nTreated) treated units found no control\(sample.caliperWidth != nil ? " within the caliper" : ""); the effect is for the \(sample.subclasses.count) matched treated units, not all treated"
                ))
        }
        if sample.outsideSupport.treated + sample.outsideSupport.control > 0 {
            notes.append(
                Diagnostic(
                    .commonSupport, .info,
                    "common support dropped \(sample.outsideSupport.treated) treated and \(sample.outsideSupport.control) control units"
                ))
        }
        let imbalanced = balance.filter(\.flagged).map(\.term)
        if !imbalanced.isEmpty {
            notes.append(
                Diagnostic(
                    .imbalance, .warning, subject: imbalanced.joined(separator: ", "),
                    "imbalance remains after matching (|SMD| ≥ 0.1 or variance ratio outside 0.5–2): \(imbalanced.joined(separator: ", "))"
                ))
        }
        diagnostics = notes
    }
}
