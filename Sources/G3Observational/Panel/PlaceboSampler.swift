import Foundation
import G3Stats

/// Weighted sampling without replacement of a placebo group (Efraimidis & Spirakis 2006): the `size`
/// controls with the smallest keys −log(1 − uᵢ)·e^(−logitᵢ), an exponential draw over the weight
/// e^logitᵢ (the propensity odds).
///
/// Every draw takes one uniform per control, in control order, but computes a key (a logarithm) only for
/// the controls whose uniform could give one of the smallest: key ≤ T ⇔ u ≤ −expm1(−T·e^logit), so with
/// T fixed for all draws (about 4 × `size` controls expected below it) a comparison rules out the rest.
/// The cut is taken at T(1 + 10⁻⁹), far beyond the rounding of either side, so that every control whose
/// computed key is at most T is kept. When at least `size` kept keys are at most T, the `size` smallest
/// of them are the `size` smallest of all (every other key exceeds T), with the same order and ties;
/// otherwise every key is computed. The draws are those of computing every key.
struct PlaceboSampler: Sendable {
    let logits: [Double]
    let size: Int
    /// e^(−logit) per control; nil when a logit is beyond ±700 (e^700 nears the largest double): the
    /// keys are then log(−log(1 − u)) − logit, which rank alike, and all are computed.
    private let odds: [Double]?
    private let threshold: Double
    /// Per control: the largest uniform whose key can be at most `threshold`.
    private let cuts: [Double]

    /// `expected`: how many keys to expect at or below the threshold (4 × `size` + 64; tests set fewer,
    /// so that draws fall back to every key).
    init(logits: [Double], size: Int, expected: Double? = nil) {
        self.logits = logits
        self.size = size
        odds = logits.allSatisfy { abs($0) < 700 } ? logits.map { Foundation.exp(-$0) } : nil
        let target = expected ?? Double(4 * size + 64)
        guard let odds, target < Double(logits.count) else {
            threshold = .infinity
            cuts = [Double](repeating: 1, count: logits.count)
            return
        }
        threshold = Self.threshold(odds: odds, expected: target)
        let wider = threshold * (1 + 1e-9)
        cuts = odds.map { -Foundation.expm1(-wider / $0) }
    }

    /// The T at which about `expected` keys fall at or below it: Σ P(keyᵢ ≤ T) = Σ −expm1(−T/oddsᵢ),
    /// by bisection on log T to within 1%, over every ⌊n/2,000⌋-th control (any T gives the same
    /// groups; a closer one only spares the draws that fall back; the bisection's 17 steps over 2,000
    /// controls take a fraction of a millisecond, over 20,000 they took 9 ms at seed scale).
    static func threshold(odds: [Double], expected: Double) -> Double {
        let sample = stride(from: 0, to: odds.count, by: max(1, odds.count / 2_000)).map { odds[$0] }
        let target = expected * Double(sample.count) / Double(max(odds.count, 1))
        var low = -750.0
        var high = 750.0
        while high - low > 0.01 {
            let middle = (low + high) / 2
            let t = Foundation.exp(middle)
            let count = sample.reduce(0.0) { $0 - Foundation.expm1(-t / $1) }
            if count < target { low = middle } else { high = middle }
        }
        return Foundation.exp(high)
    }

    /// The indices of the `size` smallest keys of one draw, in increasing order of key (ties: lower
    /// index first).
    func draw(_ random: RandomSource) -> [Int] {
        let uniforms = random.uniforms(logits.count)
        guard let odds else {
            return PlaceboDistribution.smallest(
                size, of: logits.indices.map { Foundation.log(-Foundation.log(1 - uniforms[$0])) - logits[$0] })
        }
        var kept: [Int] = []
        var keys: [Double] = []
        var below = 0
        for i in uniforms.indices where uniforms[i] <= cuts[i] {
            let key = -Foundation.log(1 - uniforms[i]) * odds[i]
            kept.append(i)
            keys.append(key)
            if key <= threshold { below += 1 }
        }
        if below >= size { return PlaceboDistribution.smallest(size, of: keys).map { kept[$0] } }
        return PlaceboDistribution.smallest(
            size, of: uniforms.indices.map { -Foundation.log(1 - uniforms[$0]) * odds[$0] })
    }
}
