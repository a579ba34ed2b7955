import G3Stats

/// How nearest-neighbour matching is done (MatchIt's `method = "nearest"` options).
public struct MatchingSpec: Equatable, Sendable {
    public enum Distance: String, CaseIterable, Sendable { case logit, probability }
    public enum Order: String, CaseIterable, Sendable { case largest, smallest, random, data }
    /// Which SD the caliper is a multiple of: over all units (MatchIt's default) or the pooled
    /// within-group SD √((s²_T + s²_C)/2) (Austin 2011).
    public enum CaliperSD: String, CaseIterable, Sendable { case all, pooled }

    public var distance: Distance = .logit
    /// Controls per treated unit (k in 1:k).
    public var ratio = 1
    /// The caliper in SDs of the distance; nil for none.
    public var caliper: Double? = 0.2
    public var caliperSD: CaliperSD = .all
    public var order: Order = .largest
    /// Drop units outside the overlap of the two groups' distance ranges before matching.
    public var commonSupport = false
    /// Match with replacement: every treated unit takes its `ratio` nearest controls, and all controls
    /// tied with the last of them (Abadie & Imbens 2006's J_M(i); R Matching's `ties = TRUE`).
    public var replace = false
    /// With replacement, how the Abadie–Imbens SE estimates the conditional outcome variance:
    /// 0 assumes it constant (R Matching's default `Var.calc = 0`); J ≥ 1 takes it from each control and
    /// its J nearest controls (`Var.calc = J`).
    public var varianceMatches = 0

    public init() {}
}

/// A matched sample: each matched treated unit with its controls (one subclass each).
public struct MatchedSample: Sendable {
    public struct Subclass: Equatable, Sendable {
        public let treated: Int
        public let controls: [Int]
    }
    public let subclasses: [Subclass]
    /// Treated units left unmatched by the caliper (or the exact strata).
    public let unmatchedTreated: [Int]
    /// Units dropped outside the common support, treated and control.
    public let outsideSupport: (treated: Int, control: Int)
    /// The caliper on the distance scale, when there is one.
    public let caliperWidth: Double?
    /// How many units were matched among (the length of `weights`).
    public let units: Int

    /// Matching weights: 1 for a matched treated unit, Σ 1/k over the subclasses of a control, else 0.
    /// Computed when asked, so that a matching of a few units among many (a placebo draw) costs no
    /// pass over all of them.
    public var weights: [Double] {
        var weights = [Double](repeating: 0, count: units)
        for sub in subclasses {
            weights[sub.treated] = 1
            for c in sub.controls { weights[c] += 1 / Double(sub.controls.count) }
        }
        return weights
    }
}

/// Nearest-neighbour matching on a scalar distance: greedy without replacement, or with replacement.
///
/// With replacement each treated unit takes its k nearest controls and every control tied with the
/// k-th (Abadie & Imbens 2006), whatever the order; a control can serve several treated units.
///
/// Without replacement:
/// Treated units are taken in `spec.order` (largest distance first by default; ties in data order);
/// each takes the nearest still-available control within the caliper; with k > 1 this repeats in
/// k rounds. Controls are kept sorted by (distance, data order), and a treated unit looks at the
/// nearest available control on each side of its place in that list: among controls tied at the
/// same distance it takes, from below, the last in data order and, from above (or at its own
/// distance), the first; between two equally near sides, the earlier in the data. This is the rule
/// that reproduces MatchIt 4.7.2's pairs on lalonde exactly (the cluster SE depends on it; the ATT
/// does not). The "next available" links are path-compressed as controls are used, so a match costs
/// O(log n): O(n log n) overall, not a scan of all controls per treated unit.
public enum NearestNeighborMatcher {
    /// The steps: common support → caliper width → matching order → pools of controls per stratum →
    /// nearest controls (rounds without replacement, ties kept with replacement) → the sample.
    public static func match(
        distance: [Double], treated: [Bool], strata: [String]? = nil, spec: MatchingSpec,
        random: RandomSource? = nil, prepared: PreparedPools? = nil
    ) throws -> MatchedSample {
        precondition(distance.count == treated.count, "one distance per unit")
        let treatedUnits = treated.indices.filter { treated[$0] }
        // Prepared pools serve only the units they were prepared for, matched without replacement on
        // every unit.
        if let prepared, prepared.units == distance.count, !spec.replace, !spec.commonSupport {
            return try match(
                treatedUnits: treatedUnits, prepared: prepared, distance: distance, strata: strata, spec: spec,
                random: random)
        }
        try checkGroups(treated: treatedUnits.count, units: distance.count, spec: spec)
        let controlUnits = treated.indices.filter { !treated[$0] }
        let (eligible, outside) = commonSupport(distance, treated: treated, enforced: spec.commonSupport)
        let width = try caliperWidth(distance, treated: treatedUnits, controls: controlUnits, spec: spec)
        let order = try matchingOrder(
            treatedUnits.filter { eligible[$0] }, distance: distance, spec: spec, random: random)
        // One pool of controls per exact stratum.
        var pools: [String: ControlPool] = [:]
        for c in controlUnits where eligible[c] {
            pools[strata?[c] ?? "", default: ControlPool()].add(unit: c, distance: distance[c])
        }
        for key in pools.keys { pools[key]?.seal() }
        var matches = [Int: [Int]]()
        if spec.replace {
            for t in order {
                matches[t] =
                    pools[strata?[t] ?? ""]?.nearestWithTies(to: distance[t], count: spec.ratio, within: width) ?? []
            }
        } else {
            matches = withoutReplacement(
                order, pools: &pools, distance: distance, strata: strata, spec: spec, width: width)
        }
        return try sample(
            order: order, matches: matches, units: distance.count, outside: outside, width: width, spec: spec)
    }

    /// The same matching of the treated units given by index (ascending, distinct), on pools prepared
    /// once for many matchings of the same units (every unit pooled, these treated units removed):
    /// without replacement and common support, O(k log n) for k treated units, with no pass over all n
    /// (except for a caliper in pooled SDs, which needs the controls' distances); otherwise as `match`
    /// on fresh pools.
    static func match(
        treatedUnits: [Int], prepared: PreparedPools, distance: [Double], strata: [String]?, spec: MatchingSpec,
        random: RandomSource?
    ) throws -> MatchedSample {
        guard prepared.units == distance.count, !spec.replace, !spec.commonSupport else {
            var treated = [Bool](repeating: false, count: distance.count)
            for t in treatedUnits { treated[t] = true }
            return try match(distance: distance, treated: treated, strata: strata, spec: spec, random: random)
        }
        try checkGroups(treated: treatedUnits.count, units: distance.count, spec: spec)
        let controls = spec.caliperSD == .pooled ? complement(of: treatedUnits, in: distance.count) : []
        let width = try caliperWidth(
            distance, treated: treatedUnits, controls: controls, spec: spec, allSD: prepared.standardDeviation)
        let order = try matchingOrder(treatedUnits, distance: distance, spec: spec, random: random)
        var pools = prepared.without(treatedUnits)
        let matches = withoutReplacement(
            order, pools: &pools, distance: distance, strata: strata, spec: spec, width: width,
            lowerBounds: prepared.lowerBounds)
        return try sample(
            order: order, matches: matches, units: distance.count, outside: (0, 0), width: width, spec: spec)
    }

    /// The ratio and both groups present, else the error that names what is missing.
    static func checkGroups(treated: Int, units: Int, spec: MatchingSpec) throws {
        guard spec.ratio >= 1 else {
            throw ObservationalError("the matching ratio must be at least 1, got \(spec.ratio)")
        }
        guard treated > 0 else { throw ObservationalError("there are no treated units to match") }
        guard treated < units else { throw ObservationalError("there are no control units to match to") }
    }

    /// 0..<count without `units` (ascending, distinct).
    static func complement(of units: [Int], in count: Int) -> [Int] {
        var rest: [Int] = []
        rest.reserveCapacity(count - units.count)
        var next = 0
        for u in units + [count] {
            rest.append(contentsOf: next..<u)
            next = u + 1
        }
        return rest
    }

    /// Greedy rounds: in each, every treated unit in `order` that found a control in every earlier round
    /// takes the nearest available control of its stratum within the caliper. `lowerBounds`: each
    /// treated unit's place in its pool, when the pools hold the treated units too (prepared pools).
    static func withoutReplacement(
        _ order: [Int], pools: inout [String: ControlPool], distance: [Double], strata: [String]?,
        spec: MatchingSpec, width: Double?, lowerBounds: [Int]? = nil
    ) -> [Int: [Int]] {
        var matches = [Int: [Int]]()
        for round in 0..<spec.ratio {
            var matched = false
            // A treated unit that found no control in a round is done: later rounds cannot be nearer.
            for t in order where (matches[t]?.count ?? 0) == round {
                let key = strata?[t] ?? ""
                let start = lowerBounds?[t]
                guard let c = pools[key]?.takeNearest(to: distance[t], within: width, lowerBound: start) else {
                    continue
                }
                matches[t, default: []].append(c)
                matched = true
            }
            // Nobody matched in this round, so nobody takes part in the next (a ratio beyond the controls).
            guard matched else { break }
        }
        return matches
    }

    /// Units outside the overlap of the treated and control distances, when common support is enforced.
    static func commonSupport(_ distance: [Double], treated: [Bool], enforced: Bool)
        -> (eligible: [Bool], outside: (treated: Int, control: Int))
    {
        var eligible = [Bool](repeating: true, count: distance.count)
        var outside = (treated: 0, control: 0)
        guard enforced else { return (eligible, outside) }
        let t = distance.indices.filter { treated[$0] }.map { distance[$0] }
        let c = distance.indices.filter { !treated[$0] }.map { distance[$0] }
        guard let tLow = t.min(), let cLow = c.min(), let tHigh = t.max(), let cHigh = c.max() else {
            return (eligible, outside)
        }
        let low = max(tLow, cLow)
        let high = min(tHigh, cHigh)
        for i in distance.indices where distance[i] < low || distance[i] > high {
            eligible[i] = false
            if treated[i] { outside.treated += 1 } else { outside.control += 1 }
        }
        return (eligible, outside)
    }

    /// The caliper in distance units: `caliper` SDs of the distance (all units, or pooled over the groups).
    /// `allSD`: the SD over all units when already known (it does not depend on who is treated).
    static func caliperWidth(
        _ distance: [Double], treated: [Int], controls: [Int], spec: MatchingSpec, allSD: Double? = nil
    ) throws -> Double? {
        guard let caliper = spec.caliper else { return nil }
        guard caliper > 0 else { throw ObservationalError("the caliper must be positive, got \(caliper)") }
        switch spec.caliperSD {
        case .all: return caliper * (allSD ?? Moments(distance).variance.squareRoot())
        case .pooled:
            let pooled =
                (Moments(treated.map { distance[$0] }).variance + Moments(controls.map { distance[$0] }).variance) / 2
            return caliper * pooled.squareRoot()
        }
    }

    /// The order in which treated units pick their controls (data order with replacement).
    static func matchingOrder(_ units: [Int], distance: [Double], spec: MatchingSpec, random: RandomSource?) throws
        -> [Int]
    {
        var order = units
        switch spec.replace ? .data : spec.order {
        case .largest: order.sort { distance[$0] != distance[$1] ? distance[$0] > distance[$1] : $0 < $1 }
        case .smallest: order.sort { distance[$0] != distance[$1] ? distance[$0] < distance[$1] : $0 < $1 }
        case .data: break
        case .random:
            guard let random else { throw ObservationalError("random matching order needs a seeded generator") }
            random.shuffle(&order)
        }
        return order
    }

    /// The matched sample: subclasses in matching order, the unmatched treated; an error naming the
    /// caliper when nobody found a control.
    static func sample(
        order: [Int], matches: [Int: [Int]], units: Int, outside: (treated: Int, control: Int), width: Double?,
        spec: MatchingSpec
    ) throws -> MatchedSample {
        var subclasses: [MatchedSample.Subclass] = []
        for t in order {
            guard let controls = matches[t], !controls.isEmpty else { continue }
            subclasses.append(.init(treated: t, controls: controls))
        }
        let unmatched = order.filter { matches[$0]?.isEmpty ?? true }
        guard !subclasses.isEmpty else {
            guard let width else { throw ObservationalError("no treated unit found a control") }
            throw ObservationalError(
                .caliper,
                "no treated unit found a control within the caliper (\(Self.format(width)) on the \(spec.distance.rawValue) scale); widen it or use none"
            )
        }
        return MatchedSample(
            subclasses: subclasses, unmatchedTreated: unmatched, outsideSupport: outside,
            caliperWidth: width, units: units)
    }

    static func format(_ x: Double) -> String { String((x * 1e6).rounded() / 1e6) }
}

/// Every unit of a matching problem pooled once by exact stratum, sorted by (distance, unit), for
/// many matchings that only relabel which units are treated (placebo draws): each matching copies
/// the pools and removes its treated units, instead of sorting all controls again. The pools it gets
/// hold the same units in the same order as pools built from its controls, so the matches are the same.
public struct PreparedPools: Sendable {
    let units: Int
    /// The SD of every unit's distance, the base of a caliper in SDs over all units.
    let standardDeviation: Double
    private let pools: [String: ControlPool]
    /// Each unit's pool and 1-based position in it.
    private let place: [(key: String, position: Int)]
    /// Each unit's place in its pool as a treated unit looks for controls: the first (0-based) position
    /// whose distance is at least its own.
    let lowerBounds: [Int]

    public init(distance: [Double], strata: [String]?) {
        var pools: [String: ControlPool] = [:]
        for u in distance.indices {
            pools[strata?[u] ?? "", default: ControlPool()].add(unit: u, distance: distance[u])
        }
        for key in pools.keys { pools[key]?.seal() }
        var place = [(key: String, position: Int)](repeating: ("", 0), count: distance.count)
        var lowerBounds = [Int](repeating: 0, count: distance.count)
        for (key, pool) in pools {
            for (i, unit) in pool.units.enumerated() { place[unit] = (key, i + 1) }
            pool.setLowerBounds(&lowerBounds)
        }
        self.lowerBounds = lowerBounds
        units = distance.count
        standardDeviation = Moments(distance).variance.squareRoot()
        self.pools = pools
        self.place = place
    }

    /// The pools without `removed` (one matching's treated units).
    func without(_ removed: [Int]) -> [String: ControlPool] {
        var copy = pools
        // Room for the links of these units and of as many controls as they take in one round.
        var touched: [String: Int] = [:]
        for u in removed { touched[place[u].key, default: 0] += 2 }
        for (key, links) in touched { copy[key]?.reserve(links) }
        for u in removed { copy[place[u].key]?.remove(position: place[u].position) }
        return copy
    }
}

/// Controls sorted by distance (ties in data order) with path-compressed "next available" links
/// to the right and to the left. Only a removed position has a link (an available one links to itself),
/// so a pool copied for one matching of a few units costs no copy of a link per control.
struct ControlPool: Sendable {
    private var entries: [(distance: Double, unit: Int)] = []
    private var distances: [Double] = []
    // 1-based positions; 0 and count + 1 are sentinels, never removed.
    private var right: [Int: Int] = [:], left: [Int: Int] = [:]

    mutating func add(unit: Int, distance: Double) { entries.append((distance, unit)) }

    mutating func seal() {
        entries.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.unit < $1.unit }
        distances = entries.map(\.distance)
    }

    /// `lowerBound(d)` of each unit's own distance, at `bounds[unit]`: the start of its run of equal
    /// distances, in one pass (with a NaN, which equals nothing, by binary search).
    func setLowerBounds(_ bounds: inout [Int]) {
        guard !distances.contains(where: \.isNaN) else {
            for (distance, unit) in entries { bounds[unit] = lowerBound(distance) }
            return
        }
        var start = 0
        for i in entries.indices {
            if i > 0, distances[i] != distances[i - 1] { start = i }
            bounds[entries[i].unit] = start
        }
    }

    /// The units in pool order.
    var units: [Int] { entries.map(\.unit) }

    /// Room for the links of `count` removed units.
    mutating func reserve(_ count: Int) {
        right.reserveCapacity(count)
        left.reserveCapacity(count)
    }

    /// Makes the unit at 1-based position `p` unavailable.
    mutating func remove(position p: Int) {
        right[p] = p + 1
        left[p] = p - 1
    }

    /// The nearest available position at or after `p` (path halving: each link visited skips the next).
    private mutating func findRight(_ p: Int) -> Int {
        var p = p
        while let q = right[p] {
            let next = right[q] ?? q
            right[p] = next
            p = next
        }
        return p
    }

    /// The nearest available position at or before `p`.
    private mutating func findLeft(_ p: Int) -> Int {
        var p = p
        while let q = left[p] {
            let next = left[q] ?? q
            left[p] = next
            p = next
        }
        return p
    }

    /// The first index (0-based) whose distance is ≥ d.
    func lowerBound(_ d: Double) -> Int {
        var low = 0
        var high = distances.count
        while low < high {
            let mid = (low + high) / 2
            if distances[mid] < d { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The `count` controls nearest to `d` and every control as near as the last of them, within
    /// `width`; nothing is removed (matching with replacement). Empty when none is within `width`.
    /// Gaps that differ by less than 1e-10·(1 + |d|) are ties: a unit exactly midway between two controls
    /// is tied to both even when rounding makes one gap a few ulps shorter (R Matching agrees).
    func nearestWithTies(to d: Double, count: Int, within width: Double?) -> [Int] {
        var below = lowerBound(d) - 1
        var above = below + 1
        var taken: [Int] = []
        var farthest = 0.0
        let tolerance = 1e-10 * (1 + abs(d))
        func gap(_ i: Int) -> Double { abs(distances[i] - d) }
        while below >= 0 || above < distances.count {
            let useBelow = above >= distances.count || (below >= 0 && gap(below) <= gap(above))
            let i = useBelow ? below : above
            if taken.count >= count, gap(i) > farthest + tolerance { break }
            if let width, gap(i) > width { break }
            taken.append(entries[i].unit)
            farthest = max(farthest, gap(i))
            if useBelow { below -= 1 } else { above += 1 }
        }
        return taken
    }

    /// Removes and returns the available control nearest to `d` (the tie rule is the matcher's), if it
    /// is within `width`. `lowerBound`: `lowerBound(d)` when already known.
    mutating func takeNearest(to d: Double, within width: Double?, lowerBound known: Int? = nil) -> Int? {
        let n = entries.count
        guard n > 0 else { return nil }
        let start = (known ?? lowerBound(d)) + 1
        let r = start <= n ? findRight(start) : n + 1
        let l = findLeft(start - 1)
        // The nearer of the two sides; between equally near ones, the earlier unit.
        func nearer(_ a: Int, than b: Int) -> Bool {
            let da = abs(distances[a - 1] - d)
            let db = abs(distances[b - 1] - d)
            return da != db ? da < db : entries[a - 1].unit < entries[b - 1].unit
        }
        var best = l >= 1 ? l : nil
        if r <= n, best.map({ nearer(r, than: $0) }) ?? true { best = r }
        guard let best else { return nil }
        if let width, abs(distances[best - 1] - d) > width { return nil }
        remove(position: best)
        return entries[best - 1].unit
    }
}
