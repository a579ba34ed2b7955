import G3Stats

/// Dependent rounding of a bipartite table (Gandhi, Khuller, Parthasarathy & Srinivasan 2006,
/// J. ACM 53(3)): every entry x ∈ [0, 1] becomes 0 or 1 with P(1) = x exactly, every row sum and
/// every column sum becomes ⌊sum⌋ or ⌈sum⌉, and a row whose sum is a whole number keeps it.
///
/// Used for the remainders of stratified assignment: rows are strata, columns arms, x the fractional
/// part of N_b·share_k. Each stratum then gets ⌊N_b p_k⌋ or ⌈N_b p_k⌉ units of arm k with the right
/// expectation (so each unit's marginal probability is p_k exactly), and each arm's total stays
/// within one of N·p_k (the gap of randomizr #35, which rounds strata independently).
///
/// Each step finds a cycle, or else a maximal path, of fractional entries, splits its edges into
/// alternate sets M₁ and M₂, and moves M₁ up and M₂ down by α (probability β/(α + β)) or the other way
/// by β, where α and β are the largest moves that keep entries in [0, 1]; at least one entry
/// becomes 0 or 1 each step. Traversal order is fixed, so the result depends only on the draws.
public func dependentRounding(_ table: [[Double]], random: RandomSource) -> [[Int]] {
    let rows = table.count
    let columns = table.first?.count ?? 0
    let tolerance = 1e-9
    var value: [Double] = []
    var endpoints: [(row: Int, column: Int)] = []
    var incident = [[Int]](repeating: [], count: rows + columns)  // vertex → fractional edges
    var result = table.map { $0.map { $0 >= 1 - tolerance ? 1 : 0 } }
    for r in 0..<rows {
        for c in 0..<columns where table[r][c] > tolerance && table[r][c] < 1 - tolerance {
            let edge = value.count
            value.append(table[r][c])
            endpoints.append((r, c))
            incident[r].append(edge)
            incident[rows + c].append(edge)
        }
    }
    func other(_ edge: Int, _ vertex: Int) -> Int {
        vertex < rows ? rows + endpoints[edge].column : endpoints[edge].row
    }
    /// Walks from `start` along fractional edges, never straight back, until it closes a cycle
    /// (returned as its edges) or gets stuck (returned as a path, with the vertex it stopped at).
    func walk(from start: Int) -> (edges: [Int], isCycle: Bool, end: Int) {
        var position = [start: 0]
        var vertices = [start]
        var edges: [Int] = []
        var current = start
        while true {
            guard let edge = incident[current].first(where: { $0 != edges.last }) else {
                return (edges, false, current)
            }
            let next = other(edge, current)
            edges.append(edge)
            if let seen = position[next] { return (Array(edges[seen...]), true, next) }
            position[next] = vertices.count
            vertices.append(next)
            current = next
        }
    }
    var cursor = 0
    while true {
        while cursor < incident.count, incident[cursor].isEmpty { cursor += 1 }
        guard cursor < incident.count else { break }
        let first = walk(from: cursor)
        var edges = first.edges
        if !first.isCycle { edges = walk(from: first.end).edges }  // from a path's end: a maximal path or a cycle
        let up = stride(from: 0, to: edges.count, by: 2).map { edges[$0] }
        let down = stride(from: 1, to: edges.count, by: 2).map { edges[$0] }
        let alpha = min(up.map { 1 - value[$0] }.min() ?? 1, down.map { value[$0] }.min() ?? 1)
        let beta = min(up.map { value[$0] }.min() ?? 1, down.map { 1 - value[$0] }.min() ?? 1)
        let shift = random.uniform() < beta / (alpha + beta) ? alpha : -beta
        for edge in up { value[edge] += shift }
        for edge in down { value[edge] -= shift }
        for edge in edges where value[edge] <= tolerance || value[edge] >= 1 - tolerance {
            let (r, c) = endpoints[edge]
            result[r][c] = value[edge] >= 1 - tolerance ? 1 : 0
            incident[r].removeAll { $0 == edge }
            incident[rows + c].removeAll { $0 == edge }
        }
    }
    return result
}
