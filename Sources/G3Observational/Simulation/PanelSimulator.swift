import Foundation
import G3Stats

/// A simulated customer-month panel in the seed schema with a known effect (`g3-design simulate`).
///
/// The model, per account i and month t (0-based):
/// - segment ENT / MM / SMB (5 / 25 / 70%) and a revenue level L_i ~ segment scale · lognormal(0, 1);
/// - total revenue Y0 = L_i (1 + g_segment t) e^{ε}, ε ~ N(0, 0.15²), with segment trends g = 2% /
///   1% / 0% a month (a time-varying confounder: engaged accounts are more often ENT);
/// - security revenue = φ_i · total · e^{η}, φ_i = logistic(N(−2.3, 0.5²)) (about 9%), η ~ N(0, 0.2²);
///   resiliency revenue likewise with a share near 4%; service counts Poisson(1 + revenue/5,000);
///   an adoption score 1–5 rising with size; support level, industry and phase labels.
/// - Selection: engagement weights exp(s · (z(log L) + z(φ))), drawn without replacement
///   (Efraimidis & Spirakis), so `selection` s > 0 makes engaged accounts larger and more
///   security-minded: the naive comparison is biased as the original 400–500% estimates were.
/// - Engagement months uniform over 2 … months − 3 (staggered); after its month m an engaged account's
///   outcomes are multiplied by 1 + lift · min(1, (t − m)/ramp) for t > m.
/// - Unbalanced panels: a share `attrition` of never-engaged accounts starts late or ends early.
/// - Dirty values: a share `dirty` of the total and resiliency revenue cells become "", "NULL",
///   "nan" or "n/a" in the CSV (missing in the panel).
///
/// The truth is the realized ATT over the engaged accounts' post-engagement months, from each one's
/// own untreated potential outcome Y0: the mean over engaged accounts of each account's mean of
/// (Y1 − Y0) over its months after engagement. Accounts weigh equally, as in every estimator of
/// `analyze` (an account-month average would give early engagers, with more and fully ramped
/// months, more weight).
public struct PanelSimulator: Sendable {
    public struct Settings: Sendable {
        public var customers = 53_367
        public var engaged = 235
        public var months = 13
        /// Relative lifts of security and total revenue on those engaged (0.10 = +10%).
        public var securityLift = 0.10
        public var totalLift = 0.03
        /// Months for the effect to reach its full size (1 = at once).
        public var ramp = 3
        public var selection = 1.0
        public var attrition = 0.05
        public var dirty = 0.002
        /// First month, as a month index (year·12 + month − 1): 2025-01 by default.
        public var firstMonth = 2025 * 12
        public init() {}
    }

    public struct Truth: Sendable {
        /// ATT per outcome over post-engagement months, and relative to the untreated mean there.
        public let att: [String: Double]
        public let relative: [String: Double]
        /// Engaged accounts' post-engagement mean over the never-engaged accounts' mean, minus 1.
        public let naiveRatio: [String: Double]
        public let engaged: Int, accounts: Int, rows: Int
        /// Per outcome, each engaged account's (panel index) mean of Y1 − Y0 over its post months: the truth
        /// for any subset, such as the engaged accounts a caliper keeps.
        public let byAccount: [String: [Int: Double]]

        /// The ATT over some engaged accounts (panel indices); nil if none of them is engaged.
        public func att(_ outcome: String, accounts: [Int]) -> Double? {
            let values = accounts.compactMap { byAccount[outcome]?[$0] }
            return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
        }
    }

    public static let outcomes = ["ttl_security_rev", "ttl_sls_rev"]
    static let numericColumns = [
        "ttl_sls_rev", "ttl_security_rev", "ttl_resiliency_rev", "security_services_count",
        "resiliency_services_count", "customer_stage_of_adoption_score__c"
    ]
    static let labelColumns = ["sub_segment", "account_phase__c", "gtm_industry__c", "max_aws_support_level"]
    static let dirtyColumns: Set<String> = ["ttl_sls_rev", "ttl_resiliency_rev"]
    static let dirtyTexts = ["", "NULL", "nan", "n/a"]

    public let panel: AccountPanel
    public let truth: Truth
    /// Cells written as text instead of their number: (row, column) → text.
    public let dirtyCells: [Int: [String: String]]
    /// The engagement date (day of the month) of each engaged account, for the CSV.
    public let engagementDay: [Int]

    public init(settings s: Settings, random: RandomSource) throws {
        guard s.customers >= 10, s.engaged >= 2, s.engaged < s.customers / 2 else {
            throw ObservationalError(
                "simulate needs at least 10 customers and between 2 and half of them engaged, got \(s.customers) and \(s.engaged)"
            )
        }
        guard s.months >= 6 else { throw ObservationalError("simulate needs at least 6 months, got \(s.months)") }
        guard s.ramp >= 1 else { throw ObservationalError("the ramp must be at least 1 month, got \(s.ramp)") }
        guard s.attrition >= 0, s.attrition < 1, s.dirty >= 0, s.dirty < 0.5 else {
            throw ObservationalError("attrition must be in [0, 1) and the dirty share in [0, 0.5)")
        }
        let n = s.customers
        let segments = ["ENT", "MM", "SMB"]
        let segmentScale = [60_000.0, 15_000, 3_000]
        let trend = [0.02, 0.01, 0.0]
        let segment = (0..<n).map { _ -> Int in
            let u = random.uniform()
            return u < 0.05 ? 0 : (u < 0.30 ? 1 : 2)
        }
        let level = (0..<n).map { segmentScale[segment[$0]] * Foundation.exp(random.normal()) }
        func logistic(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }
        let securityShare = (0..<n).map { _ in logistic(-2.3 + 0.5 * random.normal()) }
        let resiliencyShare = (0..<n).map { _ in logistic(-3.2 + 0.5 * random.normal()) }
        let logLevel = level.map { Foundation.log($0) }
        let zl = Moments(logLevel)
        let zs = Moments(securityShare)
        let score = (0..<n).map { i in
            s.selection
                * ((logLevel[i] - zl.mean) / zl.variance.squareRoot() + (securityShare[i] - zs.mean)
                    / zs.variance.squareRoot())
        }
        // Weighted sampling without replacement: the `engaged` smallest keys log(−log u) − score.
        let keys = score.map { Foundation.log(-Foundation.log(1 - random.uniform())) - $0 }
        let engagedSet = Array((0..<n).sorted { keys[$0] < keys[$1] }.prefix(s.engaged))
        var engagementMonth = [Int?](repeating: nil, count: n)
        var engagementDay = [Int](repeating: 0, count: n)
        var engagementType = [String?](repeating: nil, count: n)
        let types = ["Security Review", "Threat Modeling", "Incident Response Readiness"]
        for i in engagedSet {
            engagementMonth[i] = 2 + random.integer(below: s.months - 4)
            engagementDay[i] = 1 + random.integer(below: 28)
            let u = random.uniform()
            engagementType[i] = types[u < 0.5 ? 0 : (u < 0.8 ? 1 : 2)]
        }
        let support = (0..<n).map { i -> String in
            let u = random.uniform() + 0.15 * (logLevel[i] - zl.mean)
            return u < 0.35 ? "Basic" : (u < 0.85 ? "Business" : "Enterprise")
        }
        let industries = ["Financial Services", "Healthcare", "Retail", "Software", "Manufacturing", "Public Sector"]
        let industry = (0..<n).map { _ in industries[random.integer(below: industries.count)] }
        let phases = ["Land", "Expand", "Mature"]
        let phase = (0..<n).map { _ in phases[random.integer(below: phases.count)] }
        let adoption = (0..<n).map { i in
            Double(min(5, max(1, Int((3 + 0.8 * (logLevel[i] - zl.mean) + 0.7 * random.normal()).rounded()))))
        }

        var accounts: [AccountPanel.Account] = []
        var month: [Int] = []
        var numbers = Dictionary(uniqueKeysWithValues: Self.numericColumns.map { ($0, [Double?]()) })
        var labels = Dictionary(uniqueKeysWithValues: Self.labelColumns.map { ($0, [String?]()) })
        var dirty: [Int: [String: String]] = [:]
        // Per outcome: Σ over engaged accounts of the account's post-month means of Y1 − Y0 and of Y0.
        var effect = Dictionary(uniqueKeysWithValues: Self.outcomes.map { ($0, (sum: 0.0, untreated: 0.0, count: 0)) })
        var accountEffect = Dictionary(
            uniqueKeysWithValues: Self.outcomes.map { ($0, (sum: 0.0, untreated: 0.0, months: 0)) })
        var byAccount = Dictionary(uniqueKeysWithValues: Self.outcomes.map { ($0, [Int: Double]()) })
        var engagedPost = Dictionary(uniqueKeysWithValues: Self.outcomes.map { ($0, (sum: 0.0, count: 0)) })
        var neverPost = engagedPost
        let firstEngagement = engagementMonth.compactMap { $0 }.min() ?? 0
        // Accounts in id order (ids are zero-padded, so byte order is numeric order).
        for i in 0..<n {
            var start = 0
            var end = s.months
            if engagementMonth[i] == nil, random.uniform() < s.attrition {
                if random.uniform() < 0.5 {
                    start = 1 + random.integer(below: 3)
                } else {
                    end = s.months - 1 - random.integer(below: 3)
                }
            }
            let first = month.count
            for name in Self.outcomes { accountEffect[name] = (0, 0, 0) }
            for t in start..<end {
                let total0 = level[i] * (1 + trend[segment[i]] * Double(t)) * Foundation.exp(0.15 * random.normal())
                let security0 = securityShare[i] * total0 * Foundation.exp(0.2 * random.normal())
                let resiliency = resiliencyShare[i] * total0 * Foundation.exp(0.2 * random.normal())
                var security = security0
                var total = total0
                if let m = engagementMonth[i], t > m {
                    let ramp = min(1, Double(t - m) / Double(s.ramp))
                    security = security0 * (1 + s.securityLift * ramp)
                    total = total0 * (1 + s.totalLift * ramp)
                    for (name, y1, y0) in [("ttl_security_rev", security, security0), ("ttl_sls_rev", total, total0)] {
                        accountEffect[name]!.sum += y1 - y0
                        accountEffect[name]!.untreated += y0
                        accountEffect[name]!.months += 1
                        engagedPost[name]!.sum += y1
                        engagedPost[name]!.count += 1
                    }
                } else if engagementMonth[i] == nil, t >= firstEngagement {
                    neverPost["ttl_security_rev"]!.sum += security
                    neverPost["ttl_security_rev"]!.count += 1
                    neverPost["ttl_sls_rev"]!.sum += total
                    neverPost["ttl_sls_rev"]!.count += 1
                }
                let row = month.count
                month.append(s.firstMonth + t)
                let values: [String: Double] = [
                    "ttl_sls_rev": (total * 100).rounded() / 100, "ttl_security_rev": (security * 100).rounded() / 100,
                    "ttl_resiliency_rev": (resiliency * 100).rounded() / 100,
                    "security_services_count": Double(random.poisson(1 + security / 5000)),
                    "resiliency_services_count": Double(random.poisson(0.5 + resiliency / 5000)),
                    "customer_stage_of_adoption_score__c": adoption[i]
                ]
                for column in Self.numericColumns {
                    if Self.dirtyColumns.contains(column), s.dirty > 0, random.uniform() < s.dirty {
                        dirty[row, default: [:]][column] = Self.dirtyTexts[random.integer(below: Self.dirtyTexts.count)]
                        numbers[column]!.append(nil)
                    } else {
                        numbers[column]!.append(values[column]!)
                    }
                }
                labels["sub_segment"]!.append(segments[segment[i]])
                labels["account_phase__c"]!.append(phase[i])
                labels["gtm_industry__c"]!.append(industry[i])
                labels["max_aws_support_level"]!.append(support[i])
            }
            for name in Self.outcomes where accountEffect[name]!.months > 0 {
                let a = accountEffect[name]!
                let m = Double(a.months)
                effect[name]!.sum += a.sum / m
                effect[name]!.untreated += a.untreated / m
                effect[name]!.count += 1
                byAccount[name]![i] = a.sum / m
            }
            accounts.append(
                .init(
                    id: Self.id(i), engagementMonth: engagementMonth[i].map { s.firstMonth + $0 },
                    engagementType: engagementType[i], rows: first..<month.count))
        }
        panel = AccountPanel(accounts: accounts, month: month, numbers: numbers, labels: labels)
        dirtyCells = dirty
        self.engagementDay = engagementDay
        truth = Truth(
            att: effect.mapValues { $0.sum / Double($0.count) }, relative: effect.mapValues { $0.sum / $0.untreated },
            naiveRatio: Dictionary(
                uniqueKeysWithValues: Self.outcomes.map { name in
                    (
                        name,
                        (engagedPost[name]!.sum / Double(engagedPost[name]!.count))
                            / (neverPost[name]!.sum / Double(neverPost[name]!.count)) - 1
                    )
                }),
            engaged: s.engaged, accounts: n, rows: month.count, byAccount: byAccount)
    }

    /// Account ids like the warehouse's: "001SIM" and seven digits.
    static func id(_ i: Int) -> String {
        let digits = String(i)
        return "001SIM" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
    }
}
