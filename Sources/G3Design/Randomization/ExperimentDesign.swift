/// A randomized experiment as a design file declares it (values only; the CLI reads the YAML).
public struct ExperimentDesign: Equatable, Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        /// Units are assigned to arms and the arms are compared.
        case rct
        /// The offer is randomized; take-up is voluntary (instrumental variables).
        case encouragement
    }

    public var kind: Kind
    public var id: String
    public var title: String
    /// The column of the units file that holds the unit id.
    public var unitIDColumn: String
    public var eligibility: [EligibilityRule]
    public var strata: [String]
    /// The first arm is the reference (control, or no offer).
    public var arms: [ArmShare]
    public var seed: UInt32
    /// Covariates whose balance is reported.
    public var balance: [String]
    public var rerandomization: (covariates: [String], rule: RerandomizationRule)?
    public var metrics: [String]
    public var powerTargets: [PowerTarget]
    /// Expected take-up among those offered and those not (encouragement designs).
    public var expectedTakeup: Compliance?
    /// The pre-registered analysis, if the design file has one.
    public var analysis: AnalysisPlan?

    public init(
        kind: Kind, id: String, title: String, unitIDColumn: String, eligibility: [EligibilityRule], strata: [String],
        arms: [ArmShare], seed: UInt32, balance: [String],
        rerandomization: (covariates: [String], rule: RerandomizationRule)?,
        metrics: [String], powerTargets: [PowerTarget], expectedTakeup: Compliance?
    ) {
        self.kind = kind
        self.id = id
        self.title = title
        self.unitIDColumn = unitIDColumn
        self.eligibility = eligibility
        self.strata = strata
        self.arms = arms
        self.seed = seed
        self.balance = balance
        self.rerandomization = rerandomization
        self.metrics = metrics
        self.powerTargets = powerTargets
        self.expectedTakeup = expectedTakeup
    }

    /// Every covariate the randomization reads: balance columns, then re-randomization columns not listed there.
    public var covariates: [String] {
        balance + (rerandomization?.covariates ?? []).filter { !balance.contains($0) }
    }

    public static func == (a: ExperimentDesign, b: ExperimentDesign) -> Bool {
        a.kind == b.kind && a.id == b.id && a.title == b.title && a.unitIDColumn == b.unitIDColumn
            && a.eligibility == b.eligibility
            && a.strata == b.strata && a.arms == b.arms && a.seed == b.seed && a.balance == b.balance
            && a.rerandomization?.covariates == b.rerandomization?.covariates
            && a.rerandomization?.rule == b.rerandomization?.rule
            && a.metrics == b.metrics && a.powerTargets == b.powerTargets && a.expectedTakeup == b.expectedTakeup
            && a.analysis == b.analysis
    }
}

/// Who is eligible: a unit is kept when its value in `column` passes the test.
public struct EligibilityRule: Equatable, Sendable {
    public enum Test: Equatable, Sendable {
        case oneOf([String])
        case noneOf([String])
        case atLeast(Double)
        case atMost(Double)
    }
    public let column: String
    public let test: Test
    public init(column: String, test: Test) {
        self.column = column
        self.test = test
    }

    /// Whether `value` (nil when missing) passes. A missing value never passes a numeric bound.
    public func admits(_ value: String?, number: Double?) -> Bool {
        switch test {
        case .oneOf(let allowed): return value.map(allowed.contains) ?? false
        case .noneOf(let excluded): return !(value.map(excluded.contains) ?? false)
        case .atLeast(let bound): return number.map { $0 >= bound } ?? false
        case .atMost(let bound): return number.map { $0 <= bound } ?? false
        }
    }
}

/// A power target the eligible list is checked against: detect `effect` on `metric` with `power` at `alpha`.
public struct PowerTarget: Equatable, Sendable {
    public let metric: String
    public let effect: Double
    /// The natural units the effect came in, for messages.
    public let scale: EffectScale?
    public let alpha: Double
    public let power: Double
    public init(metric: String, effect: Double, scale: EffectScale?, alpha: Double, power: Double) {
        self.metric = metric
        self.effect = effect
        self.scale = scale
        self.alpha = alpha
        self.power = power
    }
}
