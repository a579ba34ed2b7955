/// The natural units of a continuous outcome: its standard deviation and, when known, its mean.
/// Converts standardized effects to dollars and percent lifts: Δ = d·σ and lift = Δ/μ = d/CV.
public struct EffectScale: Equatable, Sendable {
    public let sd: Double
    public let mean: Double?
    public init(sd: Double, mean: Double? = nil) {
        self.sd = sd
        self.mean = mean
    }

    /// The absolute difference Δ = d·σ.
    public func difference(forD d: Double) -> Double { d * sd }
    /// The relative lift Δ/μ, when the mean is known.
    public func lift(forD d: Double) -> Double? { mean.map { d * sd / $0 } }
}
