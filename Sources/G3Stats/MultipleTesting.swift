/// Adjusted p-values for a family of tests, as R's `p.adjust`.
public enum MultipleTesting {
    /// Holm (1979): p_(i) · (m − i + 1), made monotone from the smallest up, capped at 1.
    public static func holm(_ p: [Double]) -> [Double] {
        let m = p.count
        let order = p.indices.sorted { p[$0] < p[$1] }
        var adjusted = [Double](repeating: 0, count: m)
        var running = 0.0
        for (i, k) in order.enumerated() {
            running = max(running, min(1, Double(m - i) * p[k]))
            adjusted[k] = running
        }
        return adjusted
    }

    /// Benjamini & Hochberg (1995): p_(i) · m / i, made monotone from the largest down, capped at 1.
    public static func benjaminiHochberg(_ p: [Double]) -> [Double] {
        let m = p.count
        let order = p.indices.sorted { p[$0] > p[$1] }
        var adjusted = [Double](repeating: 0, count: m)
        var running = 1.0
        for (i, k) in order.enumerated() {
            running = min(running, Double(m) / Double(m - i) * p[k])
            adjusted[k] = min(1, running)
        }
        return adjusted
    }
}
