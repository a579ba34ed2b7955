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
    /// convergence") or `maxIterations`. A center that loses all its points stays where it was.
    public static func lloyd(_ points: [[Double]], centers start: [[Double]], maxIterations: Int = 300) -> KMeansResult {
        let k = start.count, d = start.first?.count ?? 0
        var centers = start, labels = [Int](repeating: -1, count: points.count)
        var iterations = 0, converged = false
        while iterations < maxIterations {
            iterations += 1
            var changed = false
            for (i, x) in points.enumerated() {
                let best = nearest(x, centers).index
                if best != labels[i] { labels[i] = best; changed = true }
            }
            if !changed { converged = true; break }
            var sums = [[Double]](repeating: [Double](repeating: 0, count: d), count: k), counts = [Int](repeating: 0, count: k)
            for (i, x) in points.enumerated() {
                counts[labels[i]] += 1
                for j in 0..<d { sums[labels[i]][j] += x[j] }
            }
            for c in 0..<k where counts[c] > 0 { centers[c] = sums[c].map { $0 / Double(counts[c]) } }
        }
        let inertia = points.indices.map { squaredDistance(points[$0], centers[labels[$0]]) }.reduce(0, +)
        return KMeansResult(labels: labels, centers: centers, inertia: inertia, iterations: iterations, converged: converged)
    }

    /// k-means++ seeding then Lloyd, `restarts` times; the run with the least inertia is kept.
    public static func fit(_ points: [[Double]], k: Int, restarts: Int = 10, random: RandomSource, maxIterations: Int = 300) throws -> KMeansResult {
        guard k >= 1, k <= points.count else { throw DomainError("k-means needs 1 ≤ k ≤ \(points.count) points, got k = \(k)") }
        var best: KMeansResult?
        for _ in 0..<max(1, restarts) {
            let run = lloyd(points, centers: seeds(points, k: k, random: random), maxIterations: maxIterations)
            if best == nil || run.inertia < best!.inertia { best = run }
        }
        return best!
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
                for (i, w) in distance.enumerated() { target -= w; if target < 0 { chosen = i; break } }
            } else {
                chosen = random.integer(below: points.count)
            }
            centers.append(points[chosen])
            for i in points.indices { distance[i] = min(distance[i], squaredDistance(points[i], points[chosen])) }
        }
        return centers
    }

    static func nearest(_ x: [Double], _ centers: [[Double]]) -> (index: Int, distance: Double) {
        var best = 0, bestDistance = Double.infinity
        for (c, center) in centers.enumerated() {
            let d = squaredDistance(x, center)
            if d < bestDistance { best = c; bestDistance = d }
        }
        return (best, bestDistance)
    }

    static func squaredDistance(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for j in a.indices { let t = a[j] - b[j]; s += t * t }
        return s
    }

    /// Mean silhouette width (Rousseeuw 1987): s(i) = (b − a)/max(a, b) with a the mean distance to
    /// the own cluster and b to the nearest other; 0 for singletons. O(n²): callers subsample large data.
    public static func silhouette(_ points: [[Double]], labels: [Int], k: Int) -> Double {
        var total = 0.0
        for i in points.indices {
            var sums = [Double](repeating: 0, count: k), counts = [Int](repeating: 0, count: k)
            for j in points.indices where j != i {
                sums[labels[j]] += squaredDistance(points[i], points[j]).squareRoot(); counts[labels[j]] += 1
            }
            guard counts[labels[i]] > 0 else { continue }
            let a = sums[labels[i]] / Double(counts[labels[i]])
            let b = (0..<k).filter { $0 != labels[i] && counts[$0] > 0 }.map { sums[$0] / Double(counts[$0]) }.min() ?? 0
            total += max(a, b) > 0 ? (b - a) / max(a, b) : 0
        }
        return total / Double(points.count)
    }
}
