import Foundation
import G3Stats

/// Rosenbaum (2002) bounds for matched pairs with the Wilcoxon signed-rank statistic, normal
/// approximation. With T⁺ the sum of the ranks of |d| over positive differences (zeros dropped, n
/// left; tied |d| get their average rank r) and p⁺ = Γ/(1 + Γ):
/// E = p⁺ Σr, V = p⁺(1 − p⁺) Σr², upper p = 1 − Φ((T⁺ − E)/√V); the lower bound uses p⁻ = 1/(1 + Γ).
/// Without ties Σr = n(n + 1)/2 and Σr² = n(n + 1)(2n + 1)/6; with ties Σr² carries the tie correction,
/// as `rbounds::psens` and `wilcox.test(exact = FALSE, correct = FALSE)` compute it. Γ = 1 is the
/// ordinary one-sided signed-rank test.
public struct RosenbaumBounds: Sendable {
    /// Non-zero differences.
    public let pairs: Int
    public let signedRankSum: Double
    /// Σr² over the average ranks of |d|: the variance's sum, which ties make smaller than n(n + 1)(2n + 1)/6.
    public let squaredRankSum: Double

    /// `differences`: treated minus control, one per matched pair.
    public init(differences: [Double]) throws {
        let nonzero = differences.filter { $0 != 0 }
        guard nonzero.count >= 2 else {
            throw ObservationalError(
                "Rosenbaum bounds need at least two pairs with a non-zero difference, got \(nonzero.count)")
        }
        let order = nonzero.indices.sorted { abs(nonzero[$0]) < abs(nonzero[$1]) }
        var ranks = [Double](repeating: 0, count: nonzero.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, abs(nonzero[order[j + 1]]) == abs(nonzero[order[i]]) { j += 1 }
            for k in i...j { ranks[order[k]] = Double(i + j + 2) / 2 }
            i = j + 1
        }
        pairs = nonzero.count
        signedRankSum = nonzero.indices.filter { nonzero[$0] > 0 }.map { ranks[$0] }.reduce(0, +)
        squaredRankSum = ranks.map { $0 * $0 }.reduce(0, +)
    }

    /// The one-sided p-value bounds at Γ ≥ 1.
    public func pValues(gamma: Double) -> (lower: Double, upper: Double) {
        let n = Double(pairs)
        func p(_ share: Double) -> Double {
            let e = share * n * (n + 1) / 2
            let v = share * (1 - share) * squaredRankSum
            return Normal.survival((signedRankSum - e) / v.squareRoot())
        }
        return (p(1 / (1 + gamma)), p(gamma / (1 + gamma)))
    }

    /// The Γ at which the upper bound reaches `alpha` (significance is lost beyond it); nil when the
    /// effect is not significant even at Γ = 1, and `.infinity` when it stays significant up to Γ = 1000.
    public func criticalGamma(alpha: Double = 0.05) throws -> Double? {
        if pValues(gamma: 1).upper >= alpha { return nil }
        if pValues(gamma: 1000).upper < alpha { return .infinity }
        return try RootFinder.solve(in: 1, 1000) { self.pValues(gamma: $0).upper - alpha }
    }
}

/// VanderWeele & Ding (2017): the minimum strength of association, on the risk-ratio scale, that an
/// unmeasured confounder would need with both treatment and outcome to explain an effect away.
public enum EValue {
    /// E = RR + √(RR(RR − 1)), with RR < 1 inverted first; 1 at RR = 1.
    public static func riskRatio(_ rr: Double) throws -> Double {
        guard rr > 0, rr.isFinite else { throw DomainError("an E-value needs a positive risk ratio, got \(rr)") }
        let r = rr < 1 ? 1 / rr : rr
        return r + (r * (r - 1)).squareRoot()
    }

    /// For the confidence limit nearer the null: 1 when the interval contains 1.
    public static func riskRatioInterval(low: Double, high: Double) throws -> Double {
        if low <= 1, high >= 1 { return 1 }
        return try riskRatio(low > 1 ? low : high)
    }

    /// A standardized mean difference d converted by RR ≈ exp(0.91 d) (VanderWeele & Ding 2017, Table 2).
    public static func standardizedDifference(_ d: Double) throws -> Double { try riskRatio(Foundation.exp(0.91 * d)) }

    public static func standardizedDifferenceInterval(low: Double, high: Double) throws -> Double {
        try riskRatioInterval(low: Foundation.exp(0.91 * low), high: Foundation.exp(0.91 * high))
    }
}
