import Foundation

/// Maximum-likelihood logistic regression by Newton–Raphson (= IRLS for the canonical link):
/// β ← β + (XᵀWX)⁻¹ Xᵀ(y − μ), μ = 1/(1 + e^{−Xβ}), W = diag(μ(1 − μ)), solved by Cholesky.
/// Stops when the deviance changes by less than `tolerance` relative to |deviance| + 0.1 (R's
/// `glm.control` criterion) and the step is negligible.
///
/// Columns are centred and scaled internally (the Newton steps are then well conditioned) and the
/// coefficients are returned on the original scale, so they equal R's `glm`.
public struct LogisticFit: Sendable {
    /// Intercept first, then one coefficient per column of the design.
    public let coefficients: [Double]
    /// Fitted probabilities μ̂.
    public let fitted: [Double]
    public let deviance: Double
    public let iterations: Int
    public let converged: Bool
    /// Fitted probabilities numerically 0 or 1 (below 1e-10 from either end): (quasi-)complete
    /// separation; coefficients are then not finite in the limit.
    public let separation: Bool
}

public enum LogisticRegression {
    /// - Parameters:
    ///   - columns: the covariates, one array per column (no intercept; one is added).
    ///   - response: 0/1 outcomes.
    public static func fit(
        columns: [[Double]], response y: [Double], maxIterations: Int = 100,
        tolerance: Double = 1e-12
    ) throws -> LogisticFit {
        let n = y.count
        let p = columns.count + 1
        guard columns.allSatisfy({ $0.count == n }) else {
            throw DomainError("every covariate needs one value per unit")
        }
        guard n > p else { throw DomainError("logistic regression needs more units (\(n)) than coefficients (\(p))") }
        // Centre and scale each column (a constant column cannot be estimated).
        let rows = StandardizedRows(columns: columns, scales: columns.map(Standardization.init))
        guard rows.scales.allSatisfy({ $0.sd > 0 }) else {
            throw DomainError("a covariate is constant: its coefficient cannot be estimated")
        }
        let centres = rows.scales.map(\.mean)
        let scales = rows.scales.map(\.sd)
        var beta = [Double](repeating: 0, count: p)
        var mu = [Double](repeating: 0.5, count: n)
        var deviance = Self.deviance(y, mu)
        var converged = false
        var iterations = 0
        while iterations < maxIterations {
            iterations += 1
            let (gradient, packed) = Self.accumulate(rows, y: y, mu: mu, p: p)
            let hessian = (0..<p).map { a in (0..<p).map { b in b <= a ? packed[a * p + b] : packed[b * p + a] } }
            let step: [Double]
            do { step = try solveSymmetricPositiveDefinite(hessian, gradient) } catch {
                break  // the information matrix is singular: collinear covariates or complete separation
            }
            for j in 0..<p { beta[j] += step[j] }
            mu = Self.fitted(rows, beta: beta)
            let previous = deviance
            deviance = Self.deviance(y, mu)
            if abs(deviance - previous) / (abs(deviance) + 0.1) < tolerance, step.allSatisfy({ abs($0) < 1e-6 }) {
                converged = true
                break
            }
        }
        // Back to the original scale: η = b₀ + Σ b_j (x_j − m_j)/s_j.
        var coefficients = [beta[0] - (1..<p).map { beta[$0] * centres[$0 - 1] / scales[$0 - 1] }.reduce(0, +)]
        coefficients += (1..<p).map { beta[$0] / scales[$0 - 1] }
        let separation = mu.contains { $0 < 1e-10 || $0 > 1 - 1e-10 }
        return LogisticFit(
            coefficients: coefficients, fitted: mu, deviance: deviance, iterations: iterations,
            converged: converged, separation: separation)
    }

    /// One Newton step's sums over the units (`rows`, p values a unit): the gradient
    /// Xᵀ(y − μ) and the lower triangle of XᵀWX, W = μ(1 − μ), each added unit by unit in order. The
    /// triangle's rows are split into pieces of about equal size, one per thread; every sum is the
    /// same on any number of threads.
    static func accumulate(_ rows: StandardizedRows, y: [Double], mu: [Double], p: Int) -> (
        gradient: [Double], packed: [Double]
    ) {
        let pieces = 4
        // Rows a < p·√(k/pieces) hold about k/pieces of the triangle.
        let bounds = (0...pieces).map { k in Int((Double(p) * (Double(k) / Double(pieces)).squareRoot()).rounded()) }
        let parts = Parallel.values(pieces) { k in
            accumulate(rows, y: y, mu: mu, p: p, terms: bounds[k]..<bounds[k + 1])
        }
        var gradient = [Double](repeating: 0, count: p)
        var packed = [Double](repeating: 0, count: p * p)
        for (k, part) in parts.enumerated() {
            for a in bounds[k]..<bounds[k + 1] {
                gradient[a] = part.gradient[a]
                for b in 0...a { packed[a * p + b] = part.packed[a * p + b] }
            }
        }
        return (gradient, packed)
    }

    /// The sums of `accumulate` for the triangle's rows `terms` (the rest stays 0).
    static func accumulate(
        _ rows: StandardizedRows, y: [Double], mu: [Double], p: Int, terms: Range<Int>
    ) -> (gradient: [Double], packed: [Double]) {
        var gradient = [Double](repeating: 0, count: p)
        var packed = [Double](repeating: 0, count: p * p)
        var row = [Double](repeating: 1, count: p)
        y.withUnsafeBufferPointer { y in
            mu.withUnsafeBufferPointer { mu in
                gradient.withUnsafeMutableBufferPointer { gradient in
                    packed.withUnsafeMutableBufferPointer { packed in
                        row.withUnsafeMutableBufferPointer { x in
                            for i in 0..<y.count {
                                let w = mu[i] * (1 - mu[i])
                                let r = y[i] - mu[i]
                                rows.fill(x, unit: i, terms: terms.upperBound)
                                for a in terms {
                                    let xa = x[a]
                                    gradient[a] += xa * r
                                    let wa = w * xa
                                    for b in 0...a { packed[a &* p &+ b] += wa * x[b] }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (gradient, packed)
    }

    /// μ_i = 1/(1 + e^(−η_i)), η_i = Σ_j β_j x_ij, pieces of the units on threads.
    static func fitted(_ rows: StandardizedRows, beta: [Double]) -> [Double] {
        let p = beta.count
        return Parallel.joined(rows.count, pieces: 8) { units in
            var row = [Double](repeating: 1, count: p)
            return row.withUnsafeMutableBufferPointer { x in
                units.map { i in
                    rows.fill(x, unit: i, terms: p)
                    var eta = 0.0
                    for j in 0..<p { eta += beta[j] * x[j] }
                    return 1 / (1 + exp(-eta))
                }
            }
        }
    }

    /// −2 Σ [y log μ + (1 − y) log(1 − μ)]: the terms on threads, summed in unit order.
    static func deviance(_ y: [Double], _ mu: [Double]) -> Double {
        let terms = Parallel.joined(y.count, pieces: 8) { units in
            units.map { i in
                y[i] * log(max(mu[i], .leastNormalMagnitude)) + (1 - y[i]) * log(max(1 - mu[i], .leastNormalMagnitude))
            }
        }
        return -2 * terms.reduce(0, +)
    }

    /// Area under the ROC curve of `score` for `label` (Mann–Whitney U / (n₁ n₀), ties at half).
    public static func auc(score: [Double], label: [Bool]) -> Double {
        let order = score.indices.sorted { score[$0] < score[$1] }
        var ranks = [Double](repeating: 0, count: score.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, score[order[j + 1]] == score[order[i]] { j += 1 }
            for k in i...j { ranks[order[k]] = Double(i + j) / 2 + 1 }
            i = j + 1
        }
        let n1 = Double(label.filter { $0 }.count)
        let n0 = Double(label.count) - n1
        let rankSum = zip(ranks, label).filter(\.1).map(\.0).reduce(0, +)
        return (rankSum - n1 * (n1 + 1) / 2) / (n1 * n0)
    }
}

/// A design's rows, the intercept's 1 first and each column standardized: stored row-major when they
/// take at most 256 MB (reading them costs less than standardizing them again on every pass: 23 ms
/// of 90 at seed scale), else made one at a time from the columns, the same values without the n × p
/// doubles (0.6 GB for 4.5 million accounts and 17 terms).
struct StandardizedRows {
    let columns: [[Double]]
    let scales: [Standardization]
    /// The rows, row-major; nil above 256 MB.
    private let stored: [Double]?

    /// `storedLimit`: the most values stored (256 MB of them).
    init(columns: [[Double]], scales: [Standardization], storedLimit: Int = 256 << 17) {
        self.columns = columns
        self.scales = scales
        let n = columns.first?.count ?? 0
        let p = columns.count + 1
        guard n * p <= storedLimit else {
            stored = nil
            return
        }
        var rows = [Double](repeating: 1, count: n * p)
        for (j, column) in columns.enumerated() {
            for i in 0..<n { rows[i * p + j + 1] = scales[j](column[i]) }
        }
        stored = rows
    }

    var count: Int { columns.first?.count ?? 0 }

    /// Unit i's first `terms` values into `row` (the rest of it as it was).
    @inline(__always)
    func fill(_ row: UnsafeMutableBufferPointer<Double>, unit i: Int, terms: Int) {
        if let stored {
            let start = i * (columns.count + 1)
            for j in 0..<terms { row[j] = stored[start + j] }
            return
        }
        row[0] = 1
        for j in 0..<max(terms - 1, 0) { row[j + 1] = scales[j](columns[j][i]) }
    }
}
