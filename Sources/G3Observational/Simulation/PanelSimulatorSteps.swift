import Foundation
import G3Data
import G3Stats

private typealias S = SeedSchema

extension PanelSimulator {
    static let segments = ["ENT", "MM", "SMB"]
    static let segmentScale = [60_000.0, 15_000, 3_000]
    static let trend = [0.02, 0.01, 0.0]

    /// Step 1: each account's fixed traits: segment and size, security and resiliency shares, whether,
    /// when and how it engages (selection on size and security share), support level, industry,
    /// phase and adoption score.
    struct Traits {
        let segment: [Int]
        let level: [Double]
        let securityShare: [Double], resiliencyShare: [Double]
        let engagementMonth: [Int?], engagementDay: [Int]
        /// Per account, its index in `PanelSimulator.engagementTypes`; −1 for none.
        let engagementType: [Int32]
        let support: [String], industry: [String], phase: [String]
        let adoption: [Double]

        init(settings s: Settings, random: RandomSource) {
            let n = s.customers
            segment = (0..<n).map { _ -> Int in
                let u = random.uniform()
                return u < 0.05 ? 0 : (u < 0.30 ? 1 : 2)
            }
            let segment = self.segment
            level = (0..<n).map { PanelSimulator.segmentScale[segment[$0]] * Foundation.exp(random.normal()) }
            func logistic(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }
            securityShare = (0..<n).map { _ in logistic(-2.3 + 0.5 * random.normal()) }
            resiliencyShare = (0..<n).map { _ in logistic(-3.2 + 0.5 * random.normal()) }
            let logLevel = level.map { Foundation.log($0) }
            let zl = Moments(logLevel)
            let zs = Moments(securityShare)
            let securityShare = self.securityShare
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
            var engagementType = [Int32](repeating: -1, count: n)
            for i in engagedSet {
                engagementMonth[i] = 2 + random.integer(below: s.months - 4)
                engagementDay[i] = 1 + random.integer(below: 28)
                let u = random.uniform()
                engagementType[i] = u < 0.5 ? 0 : (u < 0.8 ? 1 : 2)
            }
            self.engagementMonth = engagementMonth
            self.engagementDay = engagementDay
            self.engagementType = engagementType
            support = (0..<n).map { i -> String in
                let u = random.uniform() + 0.15 * (logLevel[i] - zl.mean)
                return u < 0.35 ? "Basic" : (u < 0.85 ? "Business" : "Enterprise")
            }
            let industries = [
                "Financial Services", "Healthcare", "Retail", "Software", "Manufacturing", "Public Sector"
            ]
            industry = (0..<n).map { _ in industries[random.integer(below: industries.count)] }
            let phases = ["Land", "Expand", "Mature"]
            phase = (0..<n).map { _ in phases[random.integer(below: phases.count)] }
            adoption = (0..<n).map { i in
                Double(min(5, max(1, Int((3 + 0.8 * (logLevel[i] - zl.mean) + 0.7 * random.normal()).rounded()))))
            }
        }
    }

    /// Step 2: the rows of each account's months and the truth they imply: per outcome, Σ over engaged
    /// accounts of the account's post-month means of Y1 − Y0 and of Y0, and the naive contrast's means.
    struct Rows {
        let settings: Settings
        let traits: Traits
        let firstEngagement: Int
        var accounts: [AccountPanel.Account] = []
        var month: [Int] = []
        var numbers: [String: [Double?]]
        var labels: [String: [String?]]
        var dirty: [Int: [String: String]] = [:]
        var effect: [String: (sum: Double, untreated: Double, count: Int)]
        var byAccount: [String: [Int: Double]]
        var engagedPost: [String: (sum: Double, count: Int)]
        var neverPost: [String: (sum: Double, count: Int)]

        init(settings: Settings, traits: Traits) {
            self.settings = settings
            self.traits = traits
            firstEngagement = traits.engagementMonth.compactMap { $0 }.min() ?? 0
            numbers = Dictionary(PanelSimulator.numericColumns.map { ($0, [Double?]()) }) { first, _ in first }
            labels = Dictionary(PanelSimulator.labelColumns.map { ($0, [String?]()) }) { first, _ in first }
            effect = Dictionary(PanelSimulator.outcomes.map { ($0, (0.0, 0.0, 0)) }) { first, _ in first }
            byAccount = Dictionary(PanelSimulator.outcomes.map { ($0, [Int: Double]()) }) { first, _ in first }
            engagedPost = Dictionary(PanelSimulator.outcomes.map { ($0, (0.0, 0)) }) { first, _ in first }
            neverPost = engagedPost
        }

        /// Account i's months (some never-engaged accounts are observed for part of the period), in id
        /// order (ids are zero-padded, so byte order is numeric order).
        mutating func addAccount(_ i: Int, random: RandomSource) {
            var start = 0
            var end = settings.months
            if traits.engagementMonth[i] == nil, random.uniform() < settings.attrition {
                if random.uniform() < 0.5 {
                    start = 1 + random.integer(below: 3)
                } else {
                    end = settings.months - 1 - random.integer(below: 3)
                }
            }
            let first = month.count
            var own = Dictionary(PanelSimulator.outcomes.map { ($0, (sum: 0.0, untreated: 0.0, months: 0)) }) {
                first, _ in first
            }
            for t in start..<end { addMonth(t, account: i, own: &own, random: random) }
            for name in PanelSimulator.outcomes {
                guard let a = own[name], a.months > 0 else { continue }
                let m = Double(a.months)
                effect[name, default: (0, 0, 0)].sum += a.sum / m
                effect[name, default: (0, 0, 0)].untreated += a.untreated / m
                effect[name, default: (0, 0, 0)].count += 1
                byAccount[name, default: [:]][i] = a.sum / m
            }
            accounts.append(
                .init(
                    id: PanelSimulator.id(i),
                    engagementMonth: traits.engagementMonth[i].map { settings.firstMonth + $0 },
                    typeCode: traits.engagementType[i], rows: first..<month.count))
        }

        /// One row: untreated revenue with a segment trend and noise, the lift ramped in after
        /// engagement, service counts, and now and then a dirty cell.
        mutating func addMonth(
            _ t: Int, account i: Int, own: inout [String: (sum: Double, untreated: Double, months: Int)],
            random: RandomSource
        ) {
            let s = settings
            let segment = traits.segment[i]
            let total0 =
                traits.level[i] * (1 + PanelSimulator.trend[segment] * Double(t))
                * Foundation.exp(0.15 * random.normal())
            let security0 = traits.securityShare[i] * total0 * Foundation.exp(0.2 * random.normal())
            let resiliency = traits.resiliencyShare[i] * total0 * Foundation.exp(0.2 * random.normal())
            var security = security0
            var total = total0
            if let m = traits.engagementMonth[i], t > m {
                let ramp = min(1, Double(t - m) / Double(s.ramp))
                security = security0 * (1 + s.securityLift * ramp)
                total = total0 * (1 + s.totalLift * ramp)
                for (name, y1, y0) in [(S.securityRevenue, security, security0), (S.totalRevenue, total, total0)] {
                    own[name, default: (0, 0, 0)].sum += y1 - y0
                    own[name, default: (0, 0, 0)].untreated += y0
                    own[name, default: (0, 0, 0)].months += 1
                    engagedPost[name, default: (0, 0)].sum += y1
                    engagedPost[name, default: (0, 0)].count += 1
                }
            } else if traits.engagementMonth[i] == nil, t >= firstEngagement {
                neverPost[S.securityRevenue, default: (0, 0)].sum += security
                neverPost[S.securityRevenue, default: (0, 0)].count += 1
                neverPost[S.totalRevenue, default: (0, 0)].sum += total
                neverPost[S.totalRevenue, default: (0, 0)].count += 1
            }
            let row = month.count
            month.append(s.firstMonth + t)
            let values: [String: Double] = [
                S.totalRevenue: (total * 100).rounded() / 100, S.securityRevenue: (security * 100).rounded() / 100,
                S.resiliencyRevenue: (resiliency * 100).rounded() / 100,
                S.securityServices: Double(random.poisson(1 + security / 5000)),
                S.resiliencyServices: Double(random.poisson(0.5 + resiliency / 5000)),
                S.adoptionScore: traits.adoption[i]
            ]
            for column in PanelSimulator.numericColumns {
                if PanelSimulator.dirtyColumns.contains(column), s.dirty > 0, random.uniform() < s.dirty {
                    dirty[row, default: [:]][column] =
                        PanelSimulator.dirtyTexts[random.integer(below: PanelSimulator.dirtyTexts.count)]
                    numbers[column, default: []].append(nil)
                } else {
                    numbers[column, default: []].append(values[column])
                }
            }
            labels[S.segment, default: []].append(PanelSimulator.segments[segment])
            labels[S.phase, default: []].append(traits.phase[i])
            labels[S.industry, default: []].append(traits.industry[i])
            labels[S.supportLevel, default: []].append(traits.support[i])
        }

        func truth() -> Truth {
            var naiveRatio: [String: Double] = [:]
            for name in PanelSimulator.outcomes {
                let engaged = engagedPost[name] ?? (0, 0)
                let never = neverPost[name] ?? (0, 0)
                naiveRatio[name] = (engaged.sum / Double(engaged.count)) / (never.sum / Double(never.count)) - 1
            }
            return Truth(
                att: effect.mapValues { $0.sum / Double($0.count) },
                relative: effect.mapValues { $0.sum / $0.untreated },
                naiveRatio: naiveRatio, engaged: settings.engaged, accounts: settings.customers, rows: month.count,
                byAccount: byAccount)
        }
    }
}
