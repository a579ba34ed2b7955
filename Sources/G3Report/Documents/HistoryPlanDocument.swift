import G3Design

/// `power --history --format json`: the history's estimates and each estimator's plan.
public struct HistoryPlanDocument: Codable, Sendable {
    public struct Estimator: Codable, Sendable, CSVRow {
        public static let columns = ["estimator", "variance_factor", "effect_d", "n_per_arm", "power", "mde"]
        public var estimator: String
        public var varianceFactor: Double
        @Null public var effectD: Double?
        @Null public var nPerArm: Double?
        @Null public var power: Double?
        /// With --n: the minimum detectable effect at 80% power, in outcome units.
        @Null public var mde: Double?
    }
    public var schemaVersion = ResultJSON.schemaVersion
    public var metric: String
    public var firstMonth: String
    public var lastMonth: String
    public var baselineMonths: Int
    public var followUpMonths: Int
    public var accounts: Int
    public var mean: Double
    public var sd: Double
    public var cv: Double
    public var autocorrelation: Double
    public var baselineCorrelation: Double
    @Null public var covariateR2: Double?
    public var covariates: [String]
    @Null public var icc: Double?
    @Null public var cluster: String?
    public var skewness: Double
    public var topShare: Double
    public var estimators: [Estimator]
    public var recommended: String

    public init(
        metric: String, window: (first: String, last: String), baselineMonths: Int, followUpMonths: Int,
        covariates: [String], cluster: String?, history h: OutcomeHistory, plan: HistoryPlan
    ) {
        self.cluster = cluster
        self.metric = metric
        firstMonth = window.first
        lastMonth = window.last
        self.baselineMonths = baselineMonths
        self.followUpMonths = followUpMonths
        accounts = h.accounts
        mean = h.mean
        sd = h.sd
        cv = h.cv
        autocorrelation = h.autocorrelation
        baselineCorrelation = h.baselineCorrelation
        covariateR2 = h.covariateR2
        self.covariates = covariates
        icc = h.icc
        skewness = h.skewness
        topShare = h.topShare
        estimators = plan.rows.map {
            Estimator(
                estimator: $0.estimator.rawValue, varianceFactor: $0.varianceFactor, effectD: $0.effectD,
                nPerArm: $0.nPerArm, power: $0.power, mde: $0.minimumDetectableEffect)
        }
        recommended = plan.recommended.estimator.rawValue
    }

    /// The history and the plan for people.
    public func table() -> String {
        var head = AlignedRows()
        head.add(
            "window", "\(firstMonth) to \(lastMonth): \(baselineMonths) baseline + \(followUpMonths) follow-up months")
        head.add("accounts", "\(Format.grouped(Double(accounts))) with \(metric) in every month of the window")
        head.add(
            "follow-up mean",
            "\(Format.grouped(mean, 2)) per account-month (SD \(Format.grouped(sd, 2)), CV \(Format.fixed(cv, 2)))")
        head.add("autocorrelation", "ρ = \(Format.fixed(autocorrelation, 3)) from one month to the next")
        head.add("baseline", "r = \(Format.fixed(baselineCorrelation, 3)) between the baseline and follow-up means")
        if let r2 = covariateR2 {
            head.add("covariates", "R² = \(Format.fixed(r2, 3)) (\(covariates.joined(separator: ", ")))")
        }
        if let icc, let cluster { head.add("ICC", "\(Format.fixed(icc, 3)) by \(cluster)") }
        head.add(
            "shape",
            "skewness \(Format.fixed(skewness, 2)); the top 1% of accounts hold \(Format.percent(topShare, 1)) of the outcome"
        )
        var table = TextTable([
            ("estimator", .left), ("variance factor", .right), ("d", .right), ("n per arm", .right), ("power", .right),
            ("MDE (80%)", .right)
        ])
        for e in estimators {
            table.add([
                e.estimator, Format.fixed(e.varianceFactor, 4), Format.fixed(e.effectD, 4),
                e.nPerArm.map { Format.grouped($0.rounded(.up)) } ?? "–", e.power.map { Format.percent($0, 1) } ?? "–",
                e.mde.map { Format.grouped($0, 2) } ?? "–"
            ])
        }
        var text = "History of \(metric)\n" + head.render() + "\n" + table.render()
        text += "  pre-register \(recommended): the smallest variance, so the fewest accounts for the same power\n"
        if skewness > 2 || topShare > 0.1 {
            text +=
                "  note: the outcome is heavy-tailed (skewness \(Format.fixed(skewness, 1)), top 1% hold \(Format.percent(topShare, 0))): the analytic n assumes a normal mean, which a few large accounts can make optimistic; check it with diagnose --history\n"
        }
        return text
    }
}
