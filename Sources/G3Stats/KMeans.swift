/// k-means clustering by Lloyd's algorithm with k-means++ seeding (Arthur & Vassilvitskii 2007).
public struct KMeansResult: Sendable {
    /// Cluster of each point, 0..<k.
    public let labels: [Int]
    public let centers: [[Double]]
    /// Σ squared distances of the points to their centers.
    public let inertia: Double
    public let iterations: Int
    public let converged: Bool
}

public enum KMeans {
    /// Lloyd's iterations from the given centers until no label changes (sklearn's "strict
    /// convergence"), or the centers move by Σ shift² ≤ `tolerance` × the mean feature variance
    /// (sklearn's `tol`; the labels are then refreshed once more), or `maxIterations`. A center
    /// that loses all its points stays where it was. Every distance is computed, eight points at a
    /// time (`KMeansScan`).
    public static func lloyd(
        _ points: [[Double]], centers start: [[Double]], tolerance: Double = 0, maxIterations: Int = 300
    ) -> KMeansResult {
        lloyd(Prepared(points), points, centers: start, tolerance: tolerance, maxIterations: maxIterations)
    }

    /// The points as Lloyd's loops read them, made once for all the restarts of a fit.
    struct Prepared: Sendable {
        let n: Int
        let d: Int
        /// Flat row-major storage: the inner loops touch contiguous memory only.
        let x: [Double]
        let blocks: KMeansScan.Points
        /// Σ of the coordinates' variances (sklearn's `tol` is relative to their mean).
        let varianceSum: Double

        init(_ points: [[Double]]) {
            let (n, d) = (points.count, points.first?.count ?? 0)
            let x = points.flatMap { $0 }
            self.n = n
            self.d = d
            self.x = x
            blocks = x.withUnsafeBufferPointer { KMeansScan.Points($0, count: n, d: d) }
            varianceSum = (0..<d).map { f in Moments(points.map { $0[f] }).variance }.reduce(0, +)
        }
    }

    static func lloyd(
        _ prepared: Prepared, _ points: [[Double]], centers start: [[Double]], tolerance: Double, maxIterations: Int
    ) -> KMeansResult {
        let k = start.count
        let (d, x, blocks) = (prepared.d, prepared.x, prepared.blocks)
        var centers = start.flatMap { $0 }
        var labels = [Int](repeating: -1, count: prepared.n)
        var iterations = 0
        var converged = false
        var sums = [Double](repeating: 0, count: k * d)
        var counts = [Int](repeating: 0, count: k)
        let threshold = tolerance * prepared.varianceSum / Double(max(d, 1))
        var settled = false
        while iterations < maxIterations {
            iterations += 1
            guard KMeansScan(centers, k: k, d: d).assign(blocks, labels: &labels), !settled else {
                converged = true
                break
            }
            x.withUnsafeBufferPointer { Self.sum($0, d: d, labels: labels, into: &sums, counts: &counts) }
            var shift = 0.0
            for j in 0..<k where counts[j] > 0 {
                for f in 0..<d {
                    let c = sums[j * d + f] / Double(counts[j])
                    shift += (c - centers[j * d + f]) * (c - centers[j * d + f])
                    centers[j * d + f] = c
                }
            }
            settled = shift <= threshold
        }
        let centerRows = (0..<k).map { j in Array(centers[j * d..<(j + 1) * d]) }
        let inertia = points.indices.map { squaredDistance(points[$0], centerRows[labels[$0]]) }.reduce(0, +)
        return KMeansResult(
            labels: labels, centers: centerRows, inertia: inertia, iterations: iterations, converged: converged)
    }

    /// Per centre, the count and the coordinate sums of its points, added in point order.
    static func sum(
        _ x: UnsafeBufferPointer<Double>, d: Int, labels: [Int], into sums: inout [Double], counts: inout [Int]
    ) {
        for j in sums.indices { sums[j] = 0 }
        for j in counts.indices { counts[j] = 0 }
        sums.withUnsafeMutableBufferPointer { sums in
            counts.withUnsafeMutableBufferPointer { counts in
                for (i, label) in labels.enumerated() {
                    counts[label] += 1
                    let row = i &* d
                    let target = label &* d
                    for f in 0..<d { sums[target &+ f] += x[row &+ f] }
                }
            }
        }
    }

    /// k-means++ seeding then Lloyd (tolerance 1e-4 as sklearn's default), `restarts` times; the run
    /// with the least inertia is kept (the earliest on a tie). Restart r seeds its own MT19937 with
    /// (one draw from `random`) + r, so the restarts run in parallel with the same result on any
    /// number of threads.
    public static func fit(
        _ points: [[Double]], k: Int, restarts: Int = 10, random: RandomSource, tolerance: Double = 1e-4,
        maxIterations: Int = 300
    ) throws -> KMeansResult {
        guard k >= 1, k <= points.count else {
            throw DomainError("k-means needs 1 ≤ k ≤ \(points.count) points, got k = \(k)")
        }
        let base = UInt32(random.integer(below: Int(UInt32.max)))
        let prepared = Prepared(points)
        let runs = try Parallel.map(max(1, restarts)) { r in
            lloyd(
                prepared, points, centers: seeds(points, k: k, random: MersenneTwister(seed: base &+ UInt32(r))),
                tolerance: tolerance, maxIterations: maxIterations)
        }
        return runs.indices.min { runs[$0].inertia != runs[$1].inertia ? runs[$0].inertia < runs[$1].inertia : $0 < $1 }
            .map { runs[$0] }!
    }

    /// k-means++: the first center uniformly, each next one with probability ∝ D(x)², the squared
    /// distance to the nearest center chosen so far.
    public static func seeds(_ points: [[Double]], k: Int, random: RandomSource) -> [[Double]] {
        var centers = [points[random.integer(below: points.count)]]
        var distance = points.map { squaredDistance($0, centers[0]) }
        while centers.count < k {
            let total = distance.reduce(0, +)
            var chosen = points.count - 1
            if total > 0 {
                var target = random.uniform() * total
                for (i, w) in distance.enumerated() {
                    target -= w
                    if target < 0 {
                        chosen = i
                        break
                    }
                }
            } else {
                chosen = random.integer(below: points.count)
            }
            centers.append(points[chosen])
            for i in points.indices { distance[i] = min(distance[i], squaredDistance(points[i], points[chosen])) }
        }
        return centers
    }

    /// Each point to its nearest centre (the first on a tie), with no update: labels and inertia for
    /// points the centres were not fitted on. `columns[f][i]` is coordinate f of point i.
    public static func assign(columns: [[Double]], centers: [[Double]]) -> KMeansResult {
        assign(count: columns.first?.count ?? 0, centers: centers) { f, i in columns[f][i] }
    }

    /// The same for `count` points whose coordinate f of point i is `coordinate(f, i)`, so that a
    /// large set of points is never held as rows, nor standardized or derived coordinates stored.
    /// Pieces of the points go to threads; the inertia is summed in point order.
    public static func assign(
        count: Int, centers: [[Double]], coordinate: @escaping @Sendable (_ f: Int, _ i: Int) -> Double
    ) -> KMeansResult {
        let scan = KMeansScan(centers)
        let nearest = Parallel.joined(count, pieces: 64) { points in
            var block = [SIMD8<Double>](repeating: .zero, count: max(1, scan.d))
            var out: [(center: Int, distance: Double)] = []
            out.reserveCapacity(points.count)
            for start in stride(from: points.lowerBound, to: points.upperBound, by: 8) {
                let lanes = min(8, points.upperBound - start)
                for f in 0..<scan.d {
                    for lane in 0..<lanes { block[f][lane] = coordinate(f, start + lane) }
                }
                let found = block.withUnsafeBufferPointer { b in b.baseAddress.map(scan.nearest) }
                for lane in 0..<lanes {
                    out.append((Int(found?.centers[lane] ?? 0), found?.distances[lane] ?? 0))
                }
            }
            return out
        }
        let inertia = nearest.reduce(0) { $0 + $1.distance }
        return KMeansResult(
            labels: nearest.map(\.center), centers: centers, inertia: inertia, iterations: 0, converged: true)
    }

    static func squaredDistance(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for j in a.indices {
            let t = a[j] - b[j]
            s += t * t
        }
        return s
    }

    /// Mean silhouette width (Rousseeuw 1987): s(i) = (b − a)/max(a, b) with a the mean distance to
    /// the own cluster and b to the nearest other; 0 for singletons. O(n²): callers subsample large data.
    public static func silhouette(_ points: [[Double]], labels: [Int], k: Int) -> Double {
        var total = 0.0
        for i in points.indices {
            var sums = [Double](repeating: 0, count: k)
            var counts = [Int](repeating: 0, count: k)
            for j in points.indices where j != i {
                sums[labels[j]] += squaredDistance(points[i], points[j]).squareRoot()
                counts[labels[j]] += 1
            }
            guard counts[labels[i]] > 0 else { continue }
            let a = sums[labels[i]] / Double(counts[labels[i]])
            let b =
                (0..<k).filter { $0 != labels[i] && counts[$0] > 0 }.map { sums[$0] / Double(counts[$0]) }.min() ?? 0
            total += max(a, b) > 0 ? (b - a) / max(a, b) : 0
        }
        return total / Double(points.count)
    }
}
