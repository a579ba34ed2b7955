import Foundation

/// Inference for binomial proportions.
public enum Proportion {
    /// Wilson's (1927) score interval for x successes in n trials:
    /// (p̂ + z²/2n ± z√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n), z = Φ⁻¹(1/2 + level/2); R's
    /// `prop.test(x, n, correct = FALSE)$conf.int`. It stays inside [0, 1] and is not degenerate at
    /// x = 0 or x = n. Domain: 0 ≤ x ≤ n, n ≥ 1, level in (0, 1).
    public static func wilson(successes x: Int, trials n: Int, level: Double = 0.95) throws -> (
        low: Double, high: Double
    ) {
        guard n >= 1, x >= 0, x <= n else {
            throw DomainError("a proportion needs 0 ≤ successes ≤ trials and trials ≥ 1, got \(x) of \(n)")
        }
        let z = try Normal.quantile(0.5 + level / 2)
        let nn = Double(n)
        let p = Double(x) / nn
        let z2 = z * z
        let centre = p + z2 / (2 * nn)
        let half = z * (p * (1 - p) / nn + z2 / (4 * nn * nn)).squareRoot()
        let denominator = 1 + z2 / nn
        // At x = 0 (x = n) the lower (upper) end is exactly 0 (1); the formula leaves rounding dust.
        return (x == 0 ? 0 : (centre - half) / denominator, x == n ? 1 : (centre + half) / denominator)
    }

    /// The pooled two-proportion z test of p₁ = p₂: z = (p̂₁ − p̂₂)/√(p̄(1 − p̄)(1/n₁ + 1/n₂)),
    /// p̄ = (x₁ + x₂)/(n₁ + n₂), two-sided normal p; z² is `prop.test(c(x1, x2), c(n1, n2), correct = FALSE)`'s
    /// χ². When every trial succeeds or every one fails the groups cannot differ: z = 0, p = 1.
    public static func twoSampleTest(successes x1: Int, trials n1: Int, versus x2: Int, trials n2: Int) throws -> (
        z: Double, p: Double
    ) {
        guard n1 >= 1, n2 >= 1, (0...n1).contains(x1), (0...n2).contains(x2) else {
            throw DomainError(
                "a two-proportion test needs 0 ≤ successes ≤ trials ≥ 1 in both groups, got \(x1)/\(n1) and \(x2)/\(n2)"
            )
        }
        let pooled = Double(x1 + x2) / Double(n1 + n2)
        let variance = pooled * (1 - pooled) * (1 / Double(n1) + 1 / Double(n2))
        guard variance > 0 else { return (0, 1) }
        let z = (Double(x1) / Double(n1) - Double(x2) / Double(n2)) / variance.squareRoot()
        return (z, 2 * Normal.survival(abs(z)))
    }
}
