import G3Stats

/// Sensitivity of a matched ATT to hidden bias: Rosenbaum bounds on the subclass differences and the E-value.
public struct MatchedSensitivity: Sendable {
    public let outcome: String
    /// The estimate the figures belong to: the matched ATT over post-engagement months (method "psm"),
    /// whose pair differences the bounds rank; not the DiD.
    public let estimate: Double
    public static let method = EstimateMethod.psm
    public static let gammas = [1.0, 1.25, 1.5, 2, 2.5, 3]
    /// Upper-bound one-sided p-value per Γ in `gammas`.
    public let upperPValues: [Double]
    /// The Γ where significance at 5% is lost; nil if not significant at Γ = 1.
    public let criticalGamma: Double?
    /// E-value of the estimate and of the CI limit nearer 0, from Cohen's d (RR ≈ exp(0.91 d)).
    public let eValue: Double?, eValueInterval: Double?

    init(effect: MatchedEffect, differences: [Double]) throws {
        outcome = effect.outcome
        estimate = effect.estimate
        let bounds = try RosenbaumBounds(differences: effect.estimate >= 0 ? differences : differences.map { -$0 })
        upperPValues = Self.gammas.map { bounds.pValues(gamma: $0).upper }
        criticalGamma = try bounds.criticalGamma(alpha: 0.05)
        if let d = effect.cohenD, effect.estimate != 0 {
            let scale = d / effect.estimate
            eValue = try EValue.standardizedDifference(d)
            eValueInterval = try EValue.standardizedDifferenceInterval(
                low: effect.ciLow * scale, high: effect.ciHigh * scale)
        } else {
            (eValue, eValueInterval) = (nil, nil)
        }
    }
}
