import G3Stats

/// An estimate with its uncertainty, as `compare` reads it from the registry.
public struct LabelledEstimate: Equatable, Sendable {
    public let label: String
    public let estimate: Double
    public let standardError: Double?
    public let ciLow: Double?, ciHigh: Double?
    public init(label: String, estimate: Double, standardError: Double?, ciLow: Double?, ciHigh: Double?) {
        self.label = label
        self.estimate = estimate
        self.standardError = standardError
        self.ciLow = ciLow
        self.ciHigh = ciHigh
    }
}

/// An observational estimate judged against the randomized one of the same metric, as in LaLonde (1986)
/// and Dehejia & Wahba (1999): the randomized estimate stands in for the truth.
///
/// - bias b = θ̂_obs − θ̂_rct, and b / SE_rct (how many randomized SEs away);
/// - ratio θ̂_obs / θ̂_rct (nil when θ̂_rct = 0);
/// - whether the two confidence intervals overlap (nil when either is missing);
/// - the test of θ_obs = θ_rct: z = b / √(SE_obs² + SE_rct²), two-sided normal p. It assumes the two
///   estimates are independent. When they share units (the same treated group, as in NSW), their
///   covariance is positive, the true SE of b is smaller, and the test is conservative.
public struct RandomizedBenchmark: Equatable, Sendable {
    public let observational: LabelledEstimate
    public let randomized: LabelledEstimate
    public let bias: Double
    public let biasInRandomizedSE: Double?
    public let ratio: Double?
    public let intervalsOverlap: Bool?
    public let z: Double?, pValue: Double?

    public init(observational: LabelledEstimate, randomized: LabelledEstimate) {
        self.observational = observational
        self.randomized = randomized
        let bias = observational.estimate - randomized.estimate
        self.bias = bias
        biasInRandomizedSE = randomized.standardError.flatMap { $0 > 0 ? bias / $0 : nil }
        ratio = randomized.estimate != 0 ? observational.estimate / randomized.estimate : nil
        if let l1 = observational.ciLow, let h1 = observational.ciHigh, let l2 = randomized.ciLow,
            let h2 = randomized.ciHigh
        {
            intervalsOverlap = l1 <= h2 && l2 <= h1
        } else {
            intervalsOverlap = nil
        }
        if let s1 = observational.standardError, let s2 = randomized.standardError, s1 * s1 + s2 * s2 > 0 {
            let z = bias / (s1 * s1 + s2 * s2).squareRoot()
            self.z = z
            pValue = 2 * Normal.survival(abs(z))
        } else {
            z = nil
            pValue = nil
        }
    }
}
