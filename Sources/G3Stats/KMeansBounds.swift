/// Hamerly's bounds for Lloyd's assignment step (Hamerly 2010, "Making k-means even faster"): per
/// point an upper bound on the distance to its centre and a lower bound on the distance to any other.
/// A point whose upper bound is below its lower bound, or below half the gap from its centre to the
/// nearest other centre, keeps its label without computing a distance.
///
/// The labels are those of computing every distance: a point is skipped only when its centre is
/// nearer than any other by `margin` = 10⁻⁹ × twice the largest point norm. The distances' rounding is
/// relative, about (d + 2)ε; each bound update adds at most ε × (a distance plus the moves so far),
/// and every distance and move is at most twice the largest norm, so 10⁵ iterations stay far below the
/// margin. Ties and near-ties are always computed, with the first nearest centre chosen as before.
struct KMeansBounds {
    private var upper: [Double]
    private var lower: [Double]
    private let margin: Double

    /// `x`: n points of `d` coordinates, row-major.
    init(x: UnsafeBufferPointer<Double>, d: Int) {
        let n = d > 0 ? x.count / d : 0
        var largest = 0.0
        for i in 0..<n {
            var s = 0.0
            for f in 0..<d { s += x[i * d + f] * x[i * d + f] }
            largest = max(largest, s)
        }
        upper = [Double](repeating: .infinity, count: n)
        lower = [Double](repeating: 0, count: n)
        margin = 1e-9 * 2 * largest.squareRoot()
    }

    /// One assignment step: each point to its nearest centre (the first on a tie); whether a label changed.
    /// A label of −1 means none yet.
    mutating func assign(
        _ x: UnsafeBufferPointer<Double>, d: Int, centers c: UnsafeBufferPointer<Double>, k: Int, labels: inout [Int]
    ) -> Bool {
        let half = Self.halfGaps(c, d: d, k: k)
        var changed = false
        for i in labels.indices {
            let a = labels[i]
            if a >= 0 {
                let limit = max(lower[i], half[a])
                if upper[i] + margin < limit { continue }
                upper[i] = Self.distance(x, i, c, a, d: d).squareRoot()
                if upper[i] + margin < limit { continue }
            }
            var best = 0
            var bestDistance = Double.infinity
            var second = Double.infinity
            for j in 0..<k {
                let s = Self.distance(x, i, c, j, d: d)
                if s < bestDistance {
                    second = bestDistance
                    best = j
                    bestDistance = s
                } else if s < second {
                    second = s
                }
            }
            upper[i] = bestDistance.squareRoot()
            lower[i] = second.squareRoot()
            if best != a {
                labels[i] = best
                changed = true
            }
        }
        return changed
    }

    /// After the centres moved by `moves` (Euclidean, per centre): each upper bound grows by its centre's
    /// move, each lower bound shrinks by the largest move of another centre.
    mutating func centersMoved(_ moves: [Double], labels: [Int]) {
        guard let far = moves.indices.max(by: { moves[$0] < moves[$1] }) else { return }
        let runnerUp = moves.indices.filter { $0 != far }.map { moves[$0] }.max() ?? 0
        for i in labels.indices where labels[i] >= 0 {
            upper[i] += moves[labels[i]]
            lower[i] -= labels[i] == far ? runnerUp : moves[far]
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

    /// Half the distance from each centre to its nearest other centre (∞ for a single centre).
    static func halfGaps(_ c: UnsafeBufferPointer<Double>, d: Int, k: Int) -> [Double] {
        (0..<k).map { a in
            (0..<k).filter { $0 != a }.map { distance(c, a, c, $0, d: d).squareRoot() / 2 }.min() ?? .infinity
        }
    }
}
