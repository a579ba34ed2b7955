import G3Observational

/// `engagements --format json`: win rates and ARR by group.
public struct EngagementDocument: Codable, Sendable {
    public struct Group: Codable, Sendable {
        public var group: String
        /// Rank by win rate; null for a small group.
        @Null public var rank: Int?
        public var small: Bool
        public var opportunities: Int
        public var won: Int
        public var winRate: Double
        public var ciLow: Double
        public var ciHigh: Double
        public var z: Double
        public var pValue: Double
        public var pHolm: Double
        public var wonWithArr: Int
        public var totalArr: Double
        @Null public var totalArrCiLow: Double?
        @Null public var totalArrCiHigh: Double?
        @Null public var meanArr: Double?
        @Null public var meanArrCiLow: Double?
        @Null public var meanArrCiHigh: Double?
    }
    public var schemaVersion = ResultJSON.schemaVersion
    public var by: String
    public var opportunities: Int
    public var won: Int
    public var winRate: Double
    public var ciLow: Double
    public var ciHigh: Double
    public var level: Double
    public var duplicatesRemoved: Int
    public var bootstrap: Int
    public var minimumGroup: Int
    public var groups: [Group]

    init(_ rates: WinRates, by: String, duplicates: Int) {
        self.by = by
        opportunities = rates.opportunities
        won = rates.won
        winRate = Double(rates.won) / Double(rates.opportunities)
        ciLow = rates.interval.low
        ciHigh = rates.interval.high
        level = rates.level
        duplicatesRemoved = duplicates
        bootstrap = rates.bootstrap
        minimumGroup = rates.minimumGroup
        groups = rates.groups.map { g in
            Group(
                group: g.name, rank: g.rank, small: g.isSmall, opportunities: g.opportunities, won: g.won,
                winRate: g.winRate, ciLow: g.interval.low, ciHigh: g.interval.high, z: g.z, pValue: g.pValue,
                pHolm: g.pHolm, wonWithArr: g.wonWithARR, totalArr: g.totalARR, totalArrCiLow: g.totalARRInterval?.low,
                totalArrCiHigh: g.totalARRInterval?.high, meanArr: g.meanARR, meanArrCiLow: g.meanARRInterval?.low,
                meanArrCiHigh: g.meanARRInterval?.high)
        }
    }
}
