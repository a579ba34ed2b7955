/// Elkan's bounds for Lloyd's assignment step (Elkan 2003, "Using the triangle inequality to
/// accelerate k-means"): per point an upper bound on the distance to its centre and a lower bound on
/// the distance to each other centre. A point whose upper bound is below half the gap from its centre
/// to the nearest other centre keeps its label without computing a distance; otherwise a centre is
/// measured only when neither its lower bound nor half its gap to the point's current centre rules it out.
///
/// The labels are those of computing every distance: a centre is ruled out only when it is farther than
/// the point's centre by `margin` = 10⁻⁹ × twice the largest point norm. The distances' rounding is
/// relative, about (d + 2)ε; each bound update adds at most ε × (a distance plus the moves so far),
/// and every distance and move is at most twice the largest norm, so 10⁵ iterations stay far below the
/// margin. Ties and near-ties are always computed, and among the centres computed the first nearest is
/// chosen, as a scan of every centre chooses it.
struct KMeansBounds {
    private var upper: [Double]
    /// Row-major n × k: a lower bound on the distance from point i to centre j.
    private var lower: [Double]
    private let margin: Double

    /// `x`: n points of `d` coordinates, row-major; `k` centres.
    init(x: UnsafeBufferPointer<Double>, d: Int, k: Int) {
        let n = d > 0 ? x.count / d : 0
        var largest = 0.0
        for i in 0..<n {
            var s = 0.0
            for f in 0..<d { s += x[i * d + f] * x[i * d + f] }
            largest = max(largest, s)
        }
        upper = [Double](repeating: .infinity, count: n)
        lower = [Double](repeating: 0, count: n * k)
        margin = 1e-9 * 2 * largest.squareRoot()
    }

    /// One assignment step: each point to its nearest centre (the first on a tie); whether a label changed.
    /// A label of −1 means none yet.
    mutating func assign(
        _ x: UnsafeBufferPointer<Double>, d: Int, centers c: UnsafeBufferPointer<Double>, k: Int, labels: inout [Int]
    ) -> Bool {
        let half = Self.halfDistances(c, d: d, k: k)
        let gaps = (0..<k).map { a in (0..<k).filter { $0 != a }.map { half[a * k + $0] }.min() ?? .infinity }
        let margin = margin
        var changed = false
        upper.withUnsafeMutableBufferPointer { upper in
            lower.withUnsafeMutableBufferPointer { lower in
                for i in labels.indices {
                    let a = labels[i]
                    if a >= 0, upper[i] + margin < gaps[a] { continue }
                    let best = Self.nearest(
                        x, i, c, d: d, k: k, from: a, half: half, upper: &upper[i],
                        lower: UnsafeMutableBufferPointer(rebasing: lower[i * k..<(i + 1) * k]), margin: margin)
                    if best != a {
                        labels[i] = best
                        changed = true
                    }
                }
            }
        }
        return changed
    }

    /// Point i's nearest centre, starting from its label `a` (−1: none yet). Centre j is ruled out when
    /// the upper bound, plus the margin, is below its lower bound or below half its gap to the current
    /// best (then d(x, j) ≥ gap − d(x, best) > d(x, best)); a point whose every other centre is ruled out
    /// by its loose upper bound keeps its label at no distance. Every distance measured tightens a bound.
    @inline(__always)
    static func nearest(
        _ x: UnsafeBufferPointer<Double>, _ i: Int, _ c: UnsafeBufferPointer<Double>, d: Int, k: Int, from a: Int,
        half: [Double], upper: inout Double, lower: UnsafeMutableBufferPointer<Double>, margin: Double
    ) -> Int {
        func ruledOut(_ j: Int, by best: Int) -> Bool { upper + margin < max(lower[j], half[best * k + j]) }
        if a >= 0, (0..<k).allSatisfy({ $0 == a || ruledOut($0, by: a) }) { return a }
        let start = max(a, 0)
        var best = start
        var bestDistance = distance(x, i, c, start, d: d)
        upper = bestDistance.squareRoot()
        lower[start] = upper
        for j in 0..<k where j != start && !ruledOut(j, by: best) {
            let s = distance(x, i, c, j, d: d)
            lower[j] = s.squareRoot()
            // The first nearest: a centre before the best wins a tie.
            if s < bestDistance || (s == bestDistance && j < best) {
                best = j
                bestDistance = s
                upper = lower[j]
            }
        }
        return best
    }

    /// After the centres moved by `moves` (Euclidean, per centre): each upper bound grows by its centre's
    /// move, each lower bound shrinks by its centre's.
    mutating func centersMoved(_ moves: [Double], labels: [Int]) {
        let k = moves.count
        upper.withUnsafeMutableBufferPointer { upper in
            lower.withUnsafeMutableBufferPointer { lower in
                for (i, label) in labels.enumerated() where label >= 0 {
                    upper[i] += moves[label]
                    for j in 0..<k { lower[i * k + j] -= moves[j] }
                }
            }
        }
    }

    /// Σ_f (x_i,f − c_j,f)², in feature order.
    @inline(__always)
    static func distance(
        _ x: UnsafeBufferPointer<Double>, _ i: Int, _ c: UnsafeBufferPointer<Double>, _ j: Int, d: Int
    ) -> Double {
        var s = 0.0
        let row = i &* d
        let center = j &* d
        for f in 0..<d {
            let t = x[row &+ f] - c[center &+ f]
            s += t * t
        }
        return s
    }

    /// Row-major k × k: half the distance between centres a and b.
    static func halfDistances(_ c: UnsafeBufferPointer<Double>, d: Int, k: Int) -> [Double] {
        var half = [Double](repeating: 0, count: k * k)
        for a in 0..<k {
            for b in 0..<k where b != a { half[a * k + b] = distance(c, a, c, b, d: d).squareRoot() / 2 }
        }
        return half
    }
}
