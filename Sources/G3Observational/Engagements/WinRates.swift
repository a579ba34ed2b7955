import G3Stats

/// Win rates and ARR by group (engagement type, or a management level), with the uncertainty a rank
/// table hides.
///
/// Per group: opportunities n, won x, the win rate x/n with Wilson's interval (`Proportion.wilson`);
/// the total ARR of won opportunities and the mean ARR per won opportunity with percentile bootstrap
/// intervals (the group's opportunities resampled with replacement, B times, one seeded MT19937 stream
/// per group in name order); the pooled two-proportion z test of the group against all the others,
/// Holm-adjusted across groups. Groups with fewer than `minimumGroup` opportunities are flagged and
/// listed after the ranked ones.
public struct WinRates: Sendable {
    public struct Group: Sendable {
        public let name: String
        public let opportunities: Int, won: Int
        public var winRate: Double { Double(won) / Double(opportunities) }
        public let interval: (low: Double, high: Double)
        /// Won opportunities with a recorded ARR, and the ARR statistics over them.
        public let wonWithARR: Int
        public let totalARR: Double
        public let totalARRInterval: (low: Double, high: Double)?
        public let meanARR: Double?
        public let meanARRInterval: (low: Double, high: Double)?
        public let z: Double, pValue: Double
        public internal(set) var pHolm: Double
        public let isSmall: Bool
        /// 1 for the highest win rate among the groups that are not small; nil for small groups.
        public internal(set) var rank: Int?
    }

    public let groups: [Group]
    public let opportunities: Int, won: Int
    public let interval: (low: Double, high: Double)
    public let level: Double, bootstrap: Int, minimumGroup: Int

    /// `arr[i]` is the ARR of opportunity i (read only when it was won; nil when missing).
    public init(
        group: [String], won: [Bool], arr: [Double?], level: Double = 0.95, minimumGroup: Int = 30,
        bootstrap: Int = 2000, seed: UInt32
    ) throws {
        guard !group.isEmpty else { throw ObservationalError("there are no opportunities") }
        var members: [String: [Int]] = [:]
        for (i, g) in group.enumerated() { members[g, default: []].append(i) }
        let totalWon = won.filter { $0 }.count
        self.opportunities = group.count
        self.won = totalWon
        self.level = level
        self.bootstrap = bootstrap
        self.minimumGroup = minimumGroup
        interval = try Proportion.wilson(successes: totalWon, trials: group.count, level: level)
        let alpha = (1 - level) / 2
        var result: [Group] = []
        for (index, name) in members.keys.sorted().enumerated() {
            let rows = members[name]!
            let x = rows.filter { won[$0] }.count
            let n = rows.count
            let test =
                n < group.count
                ? try Proportion.twoSampleTest(successes: x, trials: n, versus: totalWon - x, trials: group.count - n)
                : (z: 0, p: 1)
            let values = rows.filter { won[$0] }.compactMap { arr[$0] }
            let total = values.reduce(0, +)
            // Resample the group's opportunities; an opportunity contributes its ARR when won and recorded.
            var totals: [Double] = []
            var means: [Double] = []
            if bootstrap > 0, !values.isEmpty {
                let contributions = rows.map { won[$0] ? arr[$0] : nil }
                let random = MersenneTwister(seed: seed &+ UInt32(truncatingIfNeeded: index))
                for _ in 0..<bootstrap {
                    var sum = 0.0
                    var count = 0
                    for _ in 0..<n {
                        if let v = contributions[random.integer(below: n)] {
                            sum += v
                            count += 1
                        }
                    }
                    totals.append(sum)
                    if count > 0 { means.append(sum / Double(count)) }
                }
                totals.sort()
                means.sort()
            }
            func percentile(_ draws: [Double]) -> (low: Double, high: Double)? {
                draws.count < 2 ? nil : (quantileType7(sorted: draws, alpha), quantileType7(sorted: draws, 1 - alpha))
            }
            result.append(
                Group(
                    name: name, opportunities: n, won: x,
                    interval: try Proportion.wilson(successes: x, trials: n, level: level),
                    wonWithARR: values.count, totalARR: total, totalARRInterval: percentile(totals),
                    meanARR: values.isEmpty ? nil : total / Double(values.count),
                    meanARRInterval: values.count < 2 ? nil : percentile(means),
                    z: test.z, pValue: test.p, pHolm: test.p, isSmall: n < minimumGroup, rank: nil))
        }
        let holm = MultipleTesting.holm(result.map(\.pValue))
        for i in result.indices { result[i].pHolm = holm[i] }
        result.sort { a, b in
            if a.isSmall != b.isSmall { return !a.isSmall }
            if a.isSmall {
                return a.opportunities != b.opportunities ? a.opportunities > b.opportunities : a.name < b.name
            }
            return a.winRate != b.winRate ? a.winRate > b.winRate : a.name < b.name
        }
        var rank = 0
        for i in result.indices where !result[i].isSmall {
            rank += 1
            result[i].rank = rank
        }
        groups = result
    }
}
