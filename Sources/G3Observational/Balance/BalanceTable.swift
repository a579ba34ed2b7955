import G3Stats

/// Balance of one model term before and after matching (cobalt / MatchIt conventions).
///
/// SMD = (x̄_T − x̄_C)/s, with s the treated group's SD in the unmatched sample (n − 1), or
/// √(p(1 − p)) of the treated for a binary term; when the treated do not vary, the SD over all units
/// (the SMD is then still finite and comparable); the same s after matching, where means are
/// weighted by the matching weights. Variance ratio s²_T/s²_C (continuous terms; weighted variance
/// Σw(x − x̄)²/(Σw − Σw²/Σw) after matching). eCDF: mean and largest absolute difference of the
/// two groups' (weighted) empirical CDFs over the pooled values (continuous terms).
public struct BalanceRow: Equatable, Sendable {
    public let term: String
    public let binary: Bool
    public let smdBefore: Double, smdAfter: Double
    public let varianceRatioBefore: Double?, varianceRatioAfter: Double?
    public let ecdfMeanBefore: Double?, ecdfMeanAfter: Double?
    public let ecdfMaxBefore: Double?, ecdfMaxAfter: Double?

    public init(
        term: String, binary: Bool, smdBefore: Double, smdAfter: Double, varianceRatioBefore: Double?,
        varianceRatioAfter: Double?,
        ecdfMeanBefore: Double?, ecdfMeanAfter: Double?, ecdfMaxBefore: Double?, ecdfMaxAfter: Double?
    ) {
        self.term = term
        self.binary = binary
        self.smdBefore = smdBefore
        self.smdAfter = smdAfter
        self.varianceRatioBefore = varianceRatioBefore
        self.varianceRatioAfter = varianceRatioAfter
        self.ecdfMeanBefore = ecdfMeanBefore
        self.ecdfMeanAfter = ecdfMeanAfter
        self.ecdfMaxBefore = ecdfMaxBefore
        self.ecdfMaxAfter = ecdfMaxAfter
    }

    /// |SMD| ≥ 0.1, or a variance ratio outside 0.5–2, after matching.
    public var flagged: Bool {
        abs(smdAfter) >= 0.1 || varianceRatioAfter.map { !(0.5...2).contains($0) } == true
    }
}

public enum BalanceTable {
    public static func compute(
        terms: [String], columns: [[Double]], isBinary: [Bool], treated: [Bool], weights: [Double]
    ) -> [BalanceRow] {
        let unit = [Double](repeating: 1, count: treated.count)
        // A term per thread: each row is computed alone, the same on any count of threads.
        return Parallel.values(terms.count) { j in
            let x = columns[j]
            let t = treated.indices.filter { treated[$0] }.map { x[$0] }
            func spread(_ values: [Double]) -> Double {
                guard isBinary[j] else { return Moments(values).variance.squareRoot() }
                let p = values.reduce(0, +) / Double(values.count)
                return (p * (1 - p)).squareRoot()
            }
            let treatedSpread = spread(t)
            let scale = treatedSpread > 0 ? treatedSpread : spread(x)
            func summary(_ w: [Double]) -> (smd: Double, ratio: Double?, ecdfMean: Double?, ecdfMax: Double?) {
                let (mt, vt) = weightedMoments(x, w, treated, true)
                let (mc, vc) = weightedMoments(x, w, treated, false)
                let smd = scale > 0 ? (mt - mc) / scale : 0  // scale 0: the term is constant, so the means are equal
                guard !isBinary[j] else { return (smd, nil, nil, nil) }
                let (mean, max) = ecdf(x, w, treated)
                return (smd, vc > 0 ? vt / vc : nil, mean, max)
            }
            let before = summary(unit)
            let after = summary(weights)
            return BalanceRow(
                term: terms[j], binary: isBinary[j], smdBefore: before.smd, smdAfter: after.smd,
                varianceRatioBefore: before.ratio, varianceRatioAfter: after.ratio,
                ecdfMeanBefore: before.ecdfMean, ecdfMeanAfter: after.ecdfMean,
                ecdfMaxBefore: before.ecdfMax, ecdfMaxAfter: after.ecdfMax)
        }
    }

    /// Weighted mean and unbiased weighted variance Σw(x − x̄)²/(Σw − Σw²/Σw) of one group.
    static func weightedMoments(_ x: [Double], _ w: [Double], _ treated: [Bool], _ group: Bool) -> (Double, Double) {
        var sw = 0.0
        var swx = 0.0
        var sw2 = 0.0
        for i in x.indices where treated[i] == group && w[i] > 0 {
            sw += w[i]
            swx += w[i] * x[i]
            sw2 += w[i] * w[i]
        }
        let mean = swx / sw
        var ss = 0.0
        for i in x.indices where treated[i] == group && w[i] > 0 { ss += w[i] * (x[i] - mean) * (x[i] - mean) }
        return (mean, ss / (sw - sw2 / sw))
    }

    /// Mean and max |F_T(v) − F_C(v)| over the pooled distinct values v, weighted.
    static func ecdf(_ x: [Double], _ w: [Double], _ treated: [Bool]) -> (Double, Double) {
        if w.allSatisfy({ $0 == 1 }), !x.contains(where: \.isNaN) { return unweightedECDF(x, treated) }
        // Values sorted beside their indices (the stable sort keeps ties in index order), not indices
        // compared through x: the same order, without a cache miss per comparison.
        var keyed = x.indices.filter { w[$0] > 0 }.map { (value: x[$0], index: $0) }
        keyed.sort { $0.value < $1.value }
        let units = keyed.map(\.index)
        let totalT = units.filter { treated[$0] }.map { w[$0] }.reduce(0, +)
        let totalC = units.filter { !treated[$0] }.map { w[$0] }.reduce(0, +)
        var ft = 0.0
        var fc = 0.0
        var gaps = ECDFGaps()
        var i = 0
        while i < units.count {
            let v = x[units[i]]
            while i < units.count, x[units[i]] == v {
                if treated[units[i]] { ft += w[units[i]] / totalT } else { fc += w[units[i]] / totalC }
                i += 1
            }
            gaps.add(ft, fc)
        }
        return gaps.meanAndMax
    }

    /// `ecdf` with every weight 1 (the sample before matching): each group's values sorted on their
    /// own and walked together. Within a tie every addition to F_T is 1/n_T and every one to F_C is
    /// 1/n_C, so their order does not matter: the same sums as the weighted walk, bit for bit, without
    /// sorting millions of (value, index) pairs. The caller passes no NaN (a NaN equals nothing, so the
    /// walk would never get past it).
    static func unweightedECDF(_ x: [Double], _ treated: [Bool]) -> (Double, Double) {
        var t: [Double] = []
        var c: [Double] = []
        c.reserveCapacity(x.count)
        for i in x.indices {
            if treated[i] { t.append(x[i]) } else { c.append(x[i]) }
        }
        t.sort()
        c.sort()
        let totalT = Double(t.count)
        let totalC = Double(c.count)
        var ft = 0.0
        var fc = 0.0
        var gaps = ECDFGaps()
        var i = 0
        var j = 0
        while i < t.count || j < c.count {
            let v = j == c.count || (i < t.count && t[i] < c[j]) ? t[i] : c[j]
            while i < t.count, t[i] == v {
                ft += 1 / totalT
                i += 1
            }
            while j < c.count, c[j] == v {
                fc += 1 / totalC
                j += 1
            }
            gaps.add(ft, fc)
        }
        return gaps.meanAndMax
    }
}

/// The mean and the largest of |F_T(v) − F_C(v)| over the distinct values v, added in ascending order.
struct ECDFGaps {
    private var sum = 0.0
    private var maximum = 0.0
    private var count = 0

    mutating func add(_ ft: Double, _ fc: Double) {
        let gap = abs(ft - fc)
        sum += gap
        maximum = max(maximum, gap)
        count += 1
    }

    var meanAndMax: (Double, Double) { (sum / Double(count), maximum) }
}
