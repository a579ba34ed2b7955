import Foundation
import G3Stats

/// Placebo treatments drawn at random among the controls, for one outcome.
///
/// Each draw labels as many never-engaged accounts as there are matched engaged ones "engaged" (drawn
/// without replacement with weights equal to their propensity odds p/(1 − p), so that the placebo group
/// resembles the engaged accounts as ATT weighting would make it; Efraimidis & Spirakis 2006), gives
/// each an engagement month drawn from the real matched ones, matches them to the remaining controls
/// on the same propensity score with the same rules, and takes the ATT over their post-months as the
/// real analysis does. A random label has no effect, so the draws show how far from 0 the estimator
/// lands by chance; `pValue` = (1 + #{|draw| ≥ |estimate|}) / (1 + draws) says where the real
/// estimate falls (Abadie, Diamond & Hainmueller 2010 use the same logic for synthetic controls).
public struct PlaceboDistribution: Sendable {
    public let outcome: String
    /// The real ATT the draws are compared with.
    public let estimate: Double
    /// One placebo ATT per successful draw, in draw order.
    public let draws: [Double]
    /// Draws in which no placebo unit found a control (they give no estimate).
    public let failedDraws: Int

    public var mean: Double { Moments(draws).mean }
    public var standardDeviation: Double { Moments(draws).variance.squareRoot() }
    /// The central `level` range of the draws (type-7 quantiles).
    public func interval(level: Double) -> (low: Double, high: Double) {
        let sorted = draws.sorted()
        return (quantileType7(sorted: sorted, (1 - level) / 2), quantileType7(sorted: sorted, (1 + level) / 2))
    }
    public var pValue: Double {
        Double(1 + draws.filter { abs($0) >= abs(estimate) }.count) / Double(1 + draws.count)
    }

    /// `count` placebo draws over the matching's units (`accounts[i]` is unit i's panel account).
    static func draw(
        _ count: Int, panel: AccountPanel, accounts: [Int], distance: [Double], logits: [Double], treated: [Bool],
        exact: [String]?,
        spec: MatchingSpec, months: [Int], effects: [MatchedEffect], random: RandomSource
    ) throws -> [PlaceboDistribution] {
        guard count > 0 else { return [] }
        // Controls in (distance, data order) order, so that each draw's matcher sorts an already sorted list.
        let controls = treated.indices.filter { !treated[$0] }.sorted {
            distance[$0] != distance[$1] ? distance[$0] < distance[$1] : $0 < $1
        }
        let size = months.count
        guard size < controls.count else {
            throw ObservationalError(
                .placeboDraws,
                "placebo treatments need more controls (\(controls.count)) than matched engaged accounts (\(size)); set it to 0"
            )
        }
        let controlAccounts = controls.map { accounts[$0] }
        let controlDistance = controls.map { distance[$0] }
        let controlStrata = exact.map { strata in controls.map { strata[$0] } }
        let sampler = PlaceboSampler(logits: controls.map { logits[$0] }, size: size)
        let outcomes = effects.map(\.outcome)
        let pools = PreparedPools(distance: controlDistance, strata: controlStrata)
        // Draw d has its own MT19937 seeded (one draw from `random`) + d: parallel, same result on any number of threads.
        let base = UInt32(random.integer(below: Int(UInt32.max)))
        let results = try Parallel.map(count) { d -> [Double?]? in
            let random = MersenneTwister(seed: base &+ UInt32(truncatingIfNeeded: d))
            let placebo = sampler.draw(random)
            var month: [Int: Int] = [:]
            for i in placebo { month[i] = months[random.integer(below: months.count)] }
            let sample: MatchedSample
            do {
                sample = try NearestNeighborMatcher.match(
                    treatedUnits: placebo.sorted(), prepared: pools, distance: controlDistance, strata: controlStrata,
                    spec: spec, random: random)
            } catch is ObservationalError {
                return nil
            }
            return outcomes.map { outcome -> Double? in
                let values = PanelAnalysis.windowed(
                    // Every matched treated unit is a placebo unit, which has a month.
                    panel, accounts: controlAccounts, sample.subclasses, month: { month[$0] ?? 0 },
                    outcome: outcome, post: true
                ).values
                guard !values.isEmpty else { return nil }
                return values.map(\.difference).reduce(0, +) / Double(values.count)
            }
        }
        let failed = results.filter { $0 == nil }.count
        let draws = outcomes.indices.map { k in results.compactMap { $0?[k] ?? nil } }
        return zip(effects, draws).map {
            PlaceboDistribution(outcome: $0.outcome, estimate: $0.estimate, draws: $1, failedDraws: failed)
        }
    }

    /// The indices of the k smallest values, in increasing order of value (ties: lower index first),
    /// with a bounded max-heap: O(n log k) instead of sorting all n.
    static func smallest(_ k: Int, of values: [Double]) -> [Int] {
        func above(_ a: Int, _ b: Int) -> Bool { values[a] != values[b] ? values[a] > values[b] : a > b }
        var heap: [Int] = []
        heap.reserveCapacity(k)
        func siftDown(_ start: Int) {
            var i = start
            while true {
                let l = 2 * i + 1
                let r = l + 1
                var top = i
                if l < heap.count, above(heap[l], heap[top]) { top = l }
                if r < heap.count, above(heap[r], heap[top]) { top = r }
                if top == i { return }
                heap.swapAt(i, top)
                i = top
            }
        }
        for i in values.indices {
            if heap.count < k {
                heap.append(i)
                var c = heap.count - 1
                while c > 0, above(heap[c], heap[(c - 1) / 2]) {
                    heap.swapAt(c, (c - 1) / 2)
                    c = (c - 1) / 2
                }
            } else if let top = heap.first, above(top, i) {
                heap[0] = i
                siftDown(0)
            }
        }
        return heap.sorted { above($1, $0) }
    }
}
