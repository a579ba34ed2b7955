/// The Cholesky factor L (G = LLᵀ) of a symmetric positive semi-definite matrix, leaving out each
/// column whose pivot is at most 1e-10 of its diagonal entry (a combination of the columns kept
/// before it), as `lm` leaves out aliased columns. Solves and leverages use the kept columns only.
struct Cholesky {
    let size: Int
    /// The kept columns, in order.
    let kept: [Int]
    /// L over the kept columns: row-major k × k lower triangle, k = kept.count.
    private let lower: [Double]

    /// `gram`: row-major, only the lower triangle (b ≤ a) is read.
    init(_ gram: [Double], size p: Int) {
        size = p
        var full = [Double](repeating: 0, count: p * p)
        var kept: [Int] = []
        for j in 0..<p {
            var pivot = gram[j * p + j]
            for m in kept { pivot -= full[j * p + m] * full[j * p + m] }
            guard gram[j * p + j] > 0, pivot > 1e-10 * gram[j * p + j] else { continue }
            let root = pivot.squareRoot()
            full[j * p + j] = root
            for i in (j + 1)..<p {
                var s = gram[i * p + j]
                for m in kept { s -= full[i * p + m] * full[j * p + m] }
                full[i * p + j] = s / root
            }
            kept.append(j)
        }
        let k = kept.count
        var lower = [Double](repeating: 0, count: k * k)
        for a in 0..<k { for b in 0...a { lower[a * k + b] = full[kept[a] * p + kept[b]] } }
        self.kept = kept
        self.lower = lower
    }

    /// The solution of G x = b restricted to the kept columns; 0 for the others.
    func solve(_ b: [Double]) -> [Double] {
        let k = kept.count
        var z = kept.map { b[$0] }
        forward(&z)
        for a in stride(from: k - 1, through: 0, by: -1) {
            var s = z[a]
            for m in (a + 1)..<k { s -= lower[m * k + a] * z[m] }
            z[a] = s / lower[a * k + a]
        }
        var x = [Double](repeating: 0, count: size)
        for (a, j) in kept.enumerated() { x[j] = z[a] }
        return x
    }

    /// z ← L⁻¹z, z over the kept columns.
    func forward(_ z: inout [Double]) {
        let k = kept.count
        lower.withUnsafeBufferPointer { l in
            z.withUnsafeMutableBufferPointer { z in
                for a in 0..<k {
                    var s = z[a]
                    for m in 0..<a { s -= l[a * k + m] * z[m] }
                    z[a] = s / l[a * k + a]
                }
            }
        }
    }

    /// xᵀG⁻¹x, x a full row: a unit's leverage when G is XᵀX. `scratch` holds kept.count values.
    func leverage(_ x: [Double], scratch: inout [Double]) -> Double {
        for (a, j) in kept.enumerated() { scratch[a] = x[j] }
        forward(&scratch)
        var h = 0.0
        for v in scratch { h += v * v }
        return h
    }
}
