import G3Stats

/// The effect on the treated (ATT) of one outcome in a matched sample.
public struct MatchedEffect: Sendable {
    public let outcome: String
    /// ATT = mean over subclasses of (y_treated − mean y of its controls).
    public let estimate: Double
    /// Without replacement: cluster-robust (CR1) by subclass, from the regression y = a + b·treated with
    /// the matching weights: `sandwich::vcovCL(lm(y ~ treat, weights), cluster = ~subclass, type = "HC1")`.
    /// With replacement: Abadie–Imbens (see `MatchedStandardError`).
    public let standardError: Double
    /// t(G − 1) reference, G = number of subclasses, for the pair-cluster SE; nil for the normal
    /// reference of the Abadie–Imbens SE.
    public let degreesOfFreedom: Double?
    public let pValue: Double
    public let ciLow: Double, ciHigh: Double
    /// The weighted mean of the matched controls: the counterfactual level.
    public let controlMean: Double
    /// ATT / control mean; nil when the control mean is 0.
    public let relative: Double?
    /// ATT / √((s²_T + s²_C)/2) in the matched sample; nil when the outcome does not vary.
    public let cohenD: Double?
    public let nTreated: Int, nControl: Int
    public let bootstrap: PairBootstrap?
}

/// A bootstrap over matched subclasses (pairs), resampled with replacement (Austin & Small 2014).
public struct PairBootstrap: Sendable {
    public let replicates: Int
    public let standardError: Double
    public let percentile: (low: Double, high: Double)
    /// Bias-corrected and accelerated interval (Efron 1987), acceleration from the jackknife over subclasses.
    public let bca: (low: Double, high: Double)
    /// Percentile interval of the relative lift; nil when a resample's control mean is 0.
    public let relative: (low: Double, high: Double)?
}

/// One matched subclass's outcome values: its treated unit's and each control's (unit index, value).
/// In a panel a control's value depends on its partner's engagement month, so values are per use.
public struct SubclassOutcome: Sendable {
    public let treated: Double
    public let controls: [(unit: Int, value: Double)]
    public init(treated: Double, controls: [(unit: Int, value: Double)]) {
        self.treated = treated
        self.controls = controls
    }
    /// The mean of the controls' values.
    public var controlMean: Double { controls.map(\.value).reduce(0, +) / Double(controls.count) }
    /// The treated value minus the controls' mean: the subclass's effect.
    public var difference: Double { treated - controlMean }
}

/// How the ATT's standard error is computed.
public enum MatchedStandardError: Sendable {
    /// CR1 clustered by subclass with t(G − 1) inference: matching without replacement.
    case pairCluster
    /// Abadie & Imbens (2006, Theorem 7) for matching with replacement, normal inference:
    /// V = Σ_treated (τ_i − τ)²/N₁² + Σ_controls σ²_c (K_c² − KK_c)/N₁², with K_c = Σ 1/m_i and
    /// KK_c = Σ 1/m_i² over the subclasses that use control c (m_i controls each). σ²_c comes from
    /// `conditionalVariance`, or, when nil, is the constant ½ · mean over matched pairs of
    /// (y_i − y_j − τ)², weighted 1/m_i (R Matching's `Var.calc = 0`).
    case abadieImbens(conditionalVariance: [Int: Double]?)
}

public enum MatchedEffectEstimator {
    /// The ATT of one outcome given per unit (the same value whichever subclass a unit is in).
    public static func estimate(
        outcome name: String, values y: [Double], sample: MatchedSample, level: Double = 0.95,
        standardError: MatchedStandardError = .pairCluster,
        bootstrap replicates: Int = 0, random: RandomSource? = nil
    ) throws -> MatchedEffect {
        try estimate(
            outcome: name,
            subclasses: sample.subclasses.map {
                SubclassOutcome(treated: y[$0.treated], controls: $0.controls.map { ($0, y[$0]) })
            },
            level: level, standardError: standardError, bootstrap: replicates, random: random)
    }

    /// The ATT from each subclass's treated value and its controls' values.
    public static func estimate(
        outcome name: String, subclasses: [SubclassOutcome], level: Double = 0.95,
        standardError method: MatchedStandardError = .pairCluster, bootstrap replicates: Int = 0,
        random: RandomSource? = nil
    ) throws -> MatchedEffect {
        let g = subclasses.count
        guard g >= 2 else {
            throw ObservationalError("the effect on \(name) needs at least two matched subclasses, got \(g)")
        }
        let controlMeans = subclasses.map(\.controlMean)
        let differences = subclasses.map(\.difference)
        let att = differences.reduce(0, +) / Double(g)
        let controlMean = controlMeans.reduce(0, +) / Double(g)

        let se: Double
        let df: Double?
        switch method {
        case .pairCluster: (se, df) = (pairClusterSE(subclasses, att: att, controlMean: controlMean), Double(g - 1))
        case .abadieImbens(let variances):
            (se, df) = (abadieImbensSE(subclasses, att: att, conditionalVariance: variances), nil)
        }
        guard se > 0, se.isFinite else {
            throw ObservationalError("the effect on \(name) has no standard error: the matched differences do not vary")
        }
        let critical = try df.map { try StudentT.quantile(0.5 + level / 2, df: $0) } ?? Normal.quantile(0.5 + level / 2)
        let p = 2 * (try df.map { try StudentT.survival(abs(att / se), df: $0) } ?? Normal.survival(abs(att / se)))

        var treatedMoments = Moments()
        var controlMoments = Moments()
        for s in subclasses {
            treatedMoments.add(s.treated)
            for c in s.controls { controlMoments.add(c.value) }
        }
        let pooledSD = ((treatedMoments.variance + controlMoments.variance) / 2).squareRoot()

        var boot: PairBootstrap?
        if replicates > 0 {
            guard let random else { throw ObservationalError("the bootstrap needs a seeded generator") }
            boot = try pairBootstrap(
                differences: differences, controlMeans: controlMeans, estimate: att, replicates: replicates,
                level: level, random: random)
        }
        return MatchedEffect(
            outcome: name, estimate: att, standardError: se, degreesOfFreedom: df, pValue: p,
            ciLow: att - critical * se, ciHigh: att + critical * se, controlMean: controlMean,
            relative: controlMean != 0 ? att / controlMean : nil, cohenD: pooledSD > 0 ? att / pooledSD : nil,
            nTreated: g, nControl: Set(subclasses.flatMap { $0.controls.map(\.unit) }).count, bootstrap: boot)
    }

    /// CR1 for y = a + b t with weights w (1 for treated, 1/k for each control of a subclass), clustered by subclass.
    private static func pairClusterSE(_ subclasses: [SubclassOutcome], att b: Double, controlMean a: Double) -> Double {
        var rows: [(cluster: Int, t: Double, w: Double, y: Double)] = []
        for (s, sub) in subclasses.enumerated() {
            rows.append((s, 1, 1, sub.treated))
            for c in sub.controls { rows.append((s, 0, 1 / Double(sub.controls.count), c.value)) }
        }
        let sw = rows.map(\.w).reduce(0, +)
        let swt = rows.map { $0.w * $0.t }.reduce(0, +)
        let bread = invert2x2([[sw, swt], [swt, swt]])  // X'WX with X = [1, t]; t² = t
        var meat = [[0.0, 0.0], [0.0, 0.0]]
        var score = [[Double]](repeating: [0, 0], count: subclasses.count)
        for r in rows {
            let u = r.w * (r.y - a - b * r.t)
            score[r.cluster][0] += u
            score[r.cluster][1] += u * r.t
        }
        for s in score { for i in 0..<2 { for j in 0..<2 { meat[i][j] += s[i] * s[j] } } }
        let n = Double(rows.count)
        let g = Double(subclasses.count)
        var v11 = 0.0  // (bread · meat · bread)[1][1]
        for i in 0..<2 { for j in 0..<2 { v11 += bread[1][i] * meat[i][j] * bread[j][1] } }
        return (v11 * g / (g - 1) * (n - 1) / (n - 2)).squareRoot()
    }

    private static func abadieImbensSE(
        _ subclasses: [SubclassOutcome], att: Double, conditionalVariance: [Int: Double]?
    ) -> Double {
        let n1 = Double(subclasses.count)
        var k: [Int: Double] = [:]
        var kk: [Int: Double] = [:]
        var treatedPart = 0.0
        var pairSquares = 0.0
        for sub in subclasses {
            let w = 1 / Double(sub.controls.count)
            let tau = sub.difference
            treatedPart += (tau - att) * (tau - att)
            for c in sub.controls {
                k[c.unit, default: 0] += w
                kk[c.unit, default: 0] += w * w
                pairSquares += w * (sub.treated - c.value - att) * (sub.treated - c.value - att)
            }
        }
        let constant = 0.5 * pairSquares / n1
        // Summed in unit order: a dictionary's order changes from process to process (Swift seeds its
        // hashing per run), and a floating-point sum in that order would differ in the last digits.
        let reusePart = k.keys.sorted().reduce(0.0) { sum, c in
            let uses = k[c] ?? 0
            return sum + (conditionalVariance?[c] ?? constant) * (uses * uses - (kk[c] ?? 0))
        }
        return ((treatedPart + reusePart) / (n1 * n1)).squareRoot()
    }

    /// σ²_c for Abadie–Imbens: the sample variance (n − 1) of each listed unit's outcome and those of the
    /// `matches` nearest other units of its group on the distance, ties included (R Matching's `Var.calc = J`).
    public static func conditionalVariances(
        of units: Set<Int>, distance: [Double], values: [Double], group: [Bool],
        matches: Int
    ) -> [Int: Double] {
        var pool = ControlPool()
        for i in distance.indices where group[i] { pool.add(unit: i, distance: distance[i]) }
        pool.seal()
        var result: [Int: Double] = [:]
        for u in units {
            var neighbours = pool.nearestWithTies(to: distance[u], count: matches + 1, within: nil)
            if let own = neighbours.firstIndex(of: u) { neighbours.remove(at: own) }
            result[u] = Moments(([u] + neighbours).map { values[$0] }).variance
        }
        return result
    }

    static func pairBootstrap(
        differences d: [Double], controlMeans m: [Double], estimate: Double, replicates: Int,
        level: Double, random: RandomSource
    ) throws -> PairBootstrap {
        let g = d.count
        var estimates = [Double](repeating: 0, count: replicates)
        var lifts = estimates
        for r in 0..<replicates {
            var sumD = 0.0
            var sumM = 0.0
            for _ in 0..<g {
                let s = random.integer(below: g)
                sumD += d[s]
                sumM += m[s]
            }
            estimates[r] = sumD / Double(g)
            lifts[r] = sumD / sumM
        }
        let se = Moments(estimates).variance.squareRoot()
        let sorted = estimates.sorted()
        let sortedLifts = lifts.sorted()
        let alpha = (1 - level) / 2
        // BCa: bias correction z₀ from the share below the estimate; acceleration from the jackknife.
        let below = Double(sorted.filter { $0 < estimate }.count) / Double(replicates)
        let z0 = try Normal.quantile(
            min(max(below, 1 / Double(replicates + 1)), Double(replicates) / Double(replicates + 1)))
        let total = d.reduce(0, +)
        let jackknife = d.map { (total - $0) / Double(g - 1) }
        let jackMean = jackknife.reduce(0, +) / Double(g)
        let cubes = jackknife.map { pow3(jackMean - $0) }.reduce(0, +)
        let squares = jackknife.map { ($0 - jackMean) * ($0 - jackMean) }.reduce(0, +)
        let acceleration = squares > 0 ? cubes / (6 * pow3(squares.squareRoot())) : 0
        func adjusted(_ q: Double) throws -> Double {
            let z = try Normal.quantile(q)
            return Normal.cdf(z0 + (z0 + z) / (1 - acceleration * (z0 + z)))
        }
        return PairBootstrap(
            replicates: replicates, standardError: se,
            percentile: (quantileType7(sorted: sorted, alpha), quantileType7(sorted: sorted, 1 - alpha)),
            bca: (
                quantileType7(sorted: sorted, try adjusted(alpha)),
                quantileType7(sorted: sorted, try adjusted(1 - alpha))
            ),
            relative: sortedLifts.allSatisfy(\.isFinite)
                ? (quantileType7(sorted: sortedLifts, alpha), quantileType7(sorted: sortedLifts, 1 - alpha)) : nil)
    }

    private static func pow3(_ x: Double) -> Double { x * x * x }

    private static func invert2x2(_ m: [[Double]]) -> [[Double]] {
        let det = m[0][0] * m[1][1] - m[0][1] * m[1][0]
        return [[m[1][1] / det, -m[0][1] / det], [-m[1][0] / det, m[0][0] / det]]
    }
}
