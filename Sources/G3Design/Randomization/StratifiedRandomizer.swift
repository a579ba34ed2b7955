import G3Stats

/// One unit to be randomized: its id, its stratum (the joined values of the strata columns) and
/// the covariates used for balance and re-randomization.
public struct RandomizationUnit: Equatable, Sendable {
    public let id: String
    public let stratum: String
    public let covariates: [Double]
    public init(id: String, stratum: String, covariates: [Double] = []) {
        self.id = id
        self.stratum = stratum
        self.covariates = covariates
    }
}

/// An arm and its share of the units. The first arm of a design is the reference (control).
public struct ArmShare: Equatable, Sendable {
    public let name: String
    public let share: Double
    public init(name: String, share: Double) {
        self.name = name
        self.share = share
    }
}

/// Morgan & Rubin (2012) re-randomization: draw again until M ≤ a, a = χ²_k quantile at
/// `acceptanceProbability`, for at most `maxDraws` draws. Two arms only.
public struct RerandomizationRule: Equatable, Sendable {
    public let acceptanceProbability: Double
    public let maxDraws: Int
    public init(acceptanceProbability: Double, maxDraws: Int) {
        self.acceptanceProbability = acceptanceProbability
        self.maxDraws = maxDraws
    }
}

/// Units per arm in one stratum.
public struct StratumCount: Equatable, Sendable {
    public let stratum: String
    public let perArm: [Int]
    public var total: Int { perArm.reduce(0, +) }
}

/// The outcome of a randomization.
public struct RandomizationResult: Sendable {
    /// The units sorted by id (byte order of their UTF-8), the order of `arms`.
    public let units: [RandomizationUnit]
    /// The arm index of each unit.
    public let arms: [Int]
    public let armShares: [ArmShare]
    /// Counts per stratum, strata in byte order of their names.
    public let strata: [StratumCount]
    /// Draws made (1 without re-randomization).
    public let draws: Int
    /// Mahalanobis distance of the accepted draw and the acceptance threshold, when re-randomizing.
    public let mahalanobis: Double?
    public let threshold: Double?

    public var totals: [Int] { (0..<armShares.count).map { k in strata.reduce(0) { $0 + $1.perArm[k] } } }
}

/// A design or unit list that cannot be randomized, as one sentence.
public struct RandomizationError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Complete randomization within strata (blocks).
///
/// Units are sorted by id first, so the input order never matters. Stratum b of N_b units gets
/// ⌊N_b p_k⌋ units of arm k plus one more with probability equal to the fractional part, the
/// extras chosen jointly across strata by `dependentRounding` so that every arm's total also stays
/// within one of N·p_k. Within a stratum the units are shuffled (Fisher–Yates) and dealt to the
/// arms in order. Each unit's marginal probability of arm k is therefore exactly p_k (randomizr's
/// `block_ra` with `prob_each`). The draws are: the rounding's uniforms, then one shuffle per
/// stratum in stratum order; re-randomization repeats the whole draw.
public struct StratifiedRandomizer: Sendable {
    public let arms: [ArmShare]
    public let rerandomization: RerandomizationRule?
    /// The positions in `RandomizationUnit.covariates` that the Mahalanobis distance uses (the
    /// design's `rerandomize.covariates`, not its `balance` columns); nil: all of them.
    public let rerandomizationColumns: [Int]?

    public init(arms: [ArmShare], rerandomization: RerandomizationRule? = nil, rerandomizationColumns: [Int]? = nil)
        throws
    {
        guard arms.count >= 2 else { throw RandomizationError("a design needs at least two arms, got \(arms.count)") }
        guard Set(arms.map(\.name)).count == arms.count else { throw RandomizationError("arm names must be distinct") }
        for arm in arms where !(arm.share > 0 && arm.share < 1) {
            throw RandomizationError("the share of arm '\(arm.name)' must be in (0, 1), got \(arm.share)")
        }
        let total = arms.map(\.share).reduce(0, +)
        guard abs(total - 1) < 1e-9 else { throw RandomizationError("arm shares must sum to 1, got \(total)") }
        if let rule = rerandomization {
            guard arms.count == 2 else {
                throw RandomizationError("re-randomization needs exactly two arms, got \(arms.count)")
            }
            guard rule.acceptanceProbability > 0, rule.acceptanceProbability <= 1 else {
                throw RandomizationError(
                    "the acceptance probability must be in (0, 1], got \(rule.acceptanceProbability)")
            }
            guard rule.maxDraws >= 1 else {
                throw RandomizationError("max draws must be at least 1, got \(rule.maxDraws)")
            }
        }
        self.arms = arms
        self.rerandomization = rerandomization
        self.rerandomizationColumns = rerandomizationColumns
    }

    /// What every draw of one unit list reuses: the units sorted by id, grouped by stratum, and the
    /// re-randomization criterion.
    public struct Prepared: Sendable {
        /// The units sorted by id (byte order of their UTF-8): the order of every draw's arms.
        public let units: [RandomizationUnit]
        let strata: [String]
        let groups: [[Int]]
        let balance: MahalanobisBalance?
        let threshold: Double?
        /// The number of units each draw assigns.
        let count: Int
    }

    public func randomize(_ input: [RandomizationUnit], random: RandomSource) throws -> RandomizationResult {
        try draw(try prepare(input), random: random)
    }

    public func prepare(_ input: [RandomizationUnit]) throws -> Prepared {
        let units = input.sortedByID()
        guard !units.isEmpty else { throw RandomizationError("there are no units to randomize") }
        if let duplicate = units.indices.dropFirst().first(where: { units[$0].id == units[$0 - 1].id }) {
            throw RandomizationError("unit id '\(units[duplicate].id)' appears more than once")
        }
        var members: [String: [Int]] = [:]
        for index in units.indices { members[units[index].stratum, default: []].append(index) }
        let strata = members.keys.sorted { $0.precedesInByteOrder($1) }
        guard rerandomization != nil else {
            return try prepare(units: units, strata: strata, groups: strata.compactMap { members[$0] }, balance: nil)
        }
        let width = units[0].covariates.count
        let columns = rerandomizationColumns ?? Array(0..<width)
        guard !columns.isEmpty else { throw RandomizationError("re-randomization needs at least one covariate") }
        guard columns.allSatisfy({ $0 >= 0 && $0 < width }) else {
            throw RandomizationError("a re-randomization covariate is not among the units' \(width) covariates")
        }
        let rows = units.flatMap { unit in columns.map { unit.covariates[$0] } }
        return try prepare(
            units: units, strata: strata, groups: strata.compactMap { members[$0] },
            balance: MahalanobisBalance(values: rows, width: columns.count))
    }

    /// Units already grouped by stratum (`groups[b]` holds positions 0..<count), for a simulation that
    /// draws many unit lists: no ids, no sorting. `balance` holds the re-randomization covariates of
    /// each position when the design re-randomizes.
    func prepare(units: [RandomizationUnit] = [], strata: [String], groups: [[Int]], balance: MahalanobisBalance?)
        throws -> Prepared
    {
        let count = groups.reduce(0) { $0 + $1.count }
        guard let rule = rerandomization, let balance else {
            return Prepared(units: units, strata: strata, groups: groups, balance: nil, threshold: nil, count: count)
        }
        // Morgan & Rubin (2012): M ~ χ²_k asymptotically, k = the number of re-randomization covariates.
        let threshold =
            rule.acceptanceProbability >= 1
            ? .infinity : try ChiSquared.quantile(rule.acceptanceProbability, df: Double(balance.width))
        return Prepared(
            units: units, strata: strata, groups: groups, balance: balance, threshold: threshold, count: count)
    }

    /// One accepted assignment of prepared units.
    public func draw(_ p: Prepared, random: RandomSource) throws -> RandomizationResult {
        let a = try accepted(p, random: random)
        return RandomizationResult(
            units: p.units, arms: a.arms, armShares: arms,
            strata: zip(p.strata, a.counts).map { StratumCount(stratum: $0, perArm: $1) },
            draws: a.draws, mahalanobis: a.distance, threshold: p.threshold)
    }

    /// The first draw that meets the re-randomization criterion (the first draw without one).
    func accepted(_ p: Prepared, random: RandomSource) throws -> (
        arms: [Int], counts: [[Int]], draws: Int, distance: Double?
    ) {
        let maxDraws = rerandomization?.maxDraws ?? 1
        for draw in 1...maxDraws {
            let (arms, counts) = drawOnce(p.groups, unitCount: p.count, random: random)
            let distance = try p.balance?.distance(arms: arms, treatedArm: 1)
            if let distance, let threshold = p.threshold, distance > threshold { continue }
            return (arms, counts, draw, distance)
        }
        throw RandomizationError(
            "no draw met the balance criterion M ≤ \(p.threshold ?? 0) in \(maxDraws) draws; raise max_draws or the acceptance probability"
        )
    }

    private func drawOnce(_ groups: [[Int]], unitCount: Int, random: RandomSource) -> (arms: [Int], counts: [[Int]]) {
        // N_b·p_k, snapped to a whole number when floating point leaves it a hair away from one.
        let expected = groups.map { group in
            arms.map { arm -> Double in
                let e = Double(group.count) * arm.share
                return abs(e - e.rounded()) < 1e-9 * max(1, e) ? e.rounded() : e
            }
        }
        let base = expected.map { $0.map { $0.rounded(.down) } }
        let fractions = zip(expected, base).map { zip($0, $1).map { $0 - $1 } }
        let extra = dependentRounding(fractions, random: random)
        var assignment = [Int](repeating: 0, count: unitCount)
        var counts: [[Int]] = []
        for (b, group) in groups.enumerated() {
            let perArm = zip(base[b], extra[b]).map { Int($0) + $1 }
            precondition(perArm.reduce(0, +) == group.count, "dependent rounding keeps whole stratum sizes")
            var order = group
            random.shuffle(&order)
            var next = 0
            for (k, count) in perArm.enumerated() {
                for unit in order[next..<next + count] { assignment[unit] = k }
                next += count
            }
            counts.append(perArm)
        }
        return (assignment, counts)
    }
}
