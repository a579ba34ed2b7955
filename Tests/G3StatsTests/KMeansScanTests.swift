import G3Stats
import PropertyBased
import Testing

/// Issue 17: Lloyd's iterations with eight points scanned at a time (`KMeansScan`) give the labels,
/// centres, iterations and inertia of a scalar loop over every point and centre, bit for bit, on
/// generated points: small integer grids (exact ties and duplicates), tight clusters far from the
/// origin, scales from 1e-6 to 1e6, up to 12 centres, counts that fill no whole block of eight.
/// Assigning points standardized as they are read gives what assigning a standardized copy gives.
@Suite struct KMeansScanTests {
    /// Lloyd with scalar loops: every distance of every point in every iteration (the code before issue 17).
    static func plainLloyd(
        _ points: [[Double]], centers start: [[Double]], tolerance: Double, maxIterations: Int = 300
    ) -> (labels: [Int], centers: [Double], iterations: Int) {
        let (k, d, n) = (start.count, start.first?.count ?? 0, points.count)
        let x = points.flatMap { $0 }
        var centers = start.flatMap { $0 }
        var labels = [Int](repeating: -1, count: n)
        var iterations = 0
        let threshold =
            tolerance * (0..<d).map { f in Moments(points.map { $0[f] }).variance }.reduce(0, +) / Double(max(d, 1))
        var settled = false
        while iterations < maxIterations {
            iterations += 1
            var changed = false
            for i in 0..<n {
                var (best, bestDistance) = (0, Double.infinity)
                for j in 0..<k {
                    var s = 0.0
                    for f in 0..<d { s += (x[i * d + f] - centers[j * d + f]) * (x[i * d + f] - centers[j * d + f]) }
                    if s < bestDistance { (best, bestDistance) = (j, s) }
                }
                if best != labels[i] { (labels[i], changed) = (best, true) }
            }
            if !changed || settled { break }
            var sums = [Double](repeating: 0, count: k * d)
            var counts = [Int](repeating: 0, count: k)
            for i in 0..<n {
                counts[labels[i]] += 1
                for f in 0..<d { sums[labels[i] * d + f] += x[i * d + f] }
            }
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
        return (labels, centers, iterations)
    }

    /// Points around `k` random centres: `spread` apart, rounded to a grid of `grain` for ties.
    static func points(_ rng: inout Xoshiro, n: Int, d: Int, k: Int, scale: Double, grain: Double) -> [[Double]] {
        let centres = (0..<k).map { _ in (0..<d).map { _ in Double.random(in: -5...5, using: &rng) } }
        return (0..<n).map { _ in
            let c = centres[Int.random(in: 0..<k, using: &rng)]
            return c.map {
                (($0 + Double.random(in: -2...2, using: &rng)) / grain).rounded() * grain * scale + 1e3 * scale
            }
        }
    }

    @Test func scanGivesTheScalarLoopsIterations() {
        var rng = Xoshiro(seed: (17, 4, 2026, 12))
        for round in 0..<120 {
            let (n, d, k) = (
                Int.random(in: 5...400, using: &rng), Int.random(in: 1...6, using: &rng),
                Int.random(in: 1...(round % 4 == 0 ? 12 : 5), using: &rng)
            )
            let scale = [1e-6, 1, 1e6][round % 3]
            let grain = [1.0, 0.5, 1e-3][round / 3 % 3]
            let x = Self.points(&rng, n: n, d: d, k: k, scale: scale, grain: grain)
            let start = (0..<k).map { _ in x[Int.random(in: 0..<n, using: &rng)] }
            let tolerance = round % 2 == 0 ? 0 : 1e-4
            let plain = Self.plainLloyd(x, centers: start, tolerance: tolerance)
            let fast = KMeans.lloyd(x, centers: start, tolerance: tolerance)
            #expect(fast.labels == plain.labels, "round \(round)")
            #expect(fast.centers.flatMap { $0 } == plain.centers, "round \(round)")
            #expect(fast.iterations == plain.iterations, "round \(round)")
            let columns = (0..<d).map { f in x.map { $0[f] } }
            let assigned = KMeans.assign(columns: columns, centers: fast.centers)
            let nearest = x.map { p in
                fast.centers.indices.min { a, b in
                    let (u, v) = (Self.distance(p, fast.centers[a]), Self.distance(p, fast.centers[b]))
                    return u != v ? u < v : a < b
                } ?? -1
            }
            #expect(assigned.labels == nearest, "round \(round)")
            // Standardized as read: the labels and inertia of assigning a standardized copy.
            let scales = columns.map { Standardization($0) }
            let onTheFly = KMeans.assign(count: n, centers: fast.centers) { f, i in scales[f](columns[f][i]) }
            let copied = KMeans.assign(
                columns: columns.indices.map { f in columns[f].map { scales[f]($0) } }, centers: fast.centers)
            #expect(onTheFly.labels == copied.labels, "round \(round)")
            #expect(onTheFly.inertia == copied.inertia, "round \(round)")
        }
    }

    static func distance(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    }
}
