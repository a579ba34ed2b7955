/// A program's return from an estimated effect per account-month:
///
///   incremental = τ · N · T · m,  ROI = (incremental − C)/C,  revenue per dollar = incremental/C,
///   break-even τ* = C/(N · T · m),
///
/// with τ the effect (ATT), N engaged accounts, T months (12 for a year), m the margin on the
/// incremental revenue (1 counts revenue, as the original 6:1 did) and C the program's cost. Each is
/// increasing in τ, so the interval of τ maps to theirs end for end.
public struct ProgramReturn: Equatable, Sendable {
    public enum Verdict: String, Sendable {
        case paysForItself = "pays-for-itself"
        case losesMoney = "loses-money"
        case undetermined
    }

    public let effect: Double, effectLow: Double, effectHigh: Double
    public let accounts: Int, months: Int, margin: Double, cost: Double
    public var perEffectUnit: Double { Double(accounts) * Double(months) * margin }
    public var incremental: Double { effect * perEffectUnit }
    public var incrementalInterval: (low: Double, high: Double) {
        (effectLow * perEffectUnit, effectHigh * perEffectUnit)
    }
    public var roi: Double { (incremental - cost) / cost }
    public var roiInterval: (low: Double, high: Double) {
        ((incrementalInterval.low - cost) / cost, (incrementalInterval.high - cost) / cost)
    }
    public var revenuePerDollar: Double { incremental / cost }
    public var revenuePerDollarInterval: (low: Double, high: Double) {
        (incrementalInterval.low / cost, incrementalInterval.high / cost)
    }
    public var breakEvenEffect: Double { cost / perEffectUnit }
    /// Whether the whole interval of the effect is above (or below) the break-even effect.
    public var verdict: Verdict {
        if effectLow > breakEvenEffect { return .paysForItself }
        if effectHigh < breakEvenEffect { return .losesMoney }
        return .undetermined
    }

    public init(
        effect: Double, effectLow: Double, effectHigh: Double, accounts: Int, months: Int = 12, margin: Double = 1,
        cost: Double
    ) throws {
        guard effectLow <= effect, effect <= effectHigh, effect.isFinite, effectLow.isFinite, effectHigh.isFinite else {
            throw ObservationalError(
                "the effect's interval [\(effectLow), \(effectHigh)] must contain the effect \(effect)")
        }
        guard accounts > 0, months > 0 else {
            throw ObservationalError("engaged accounts and months must be positive, got \(accounts) and \(months)")
        }
        guard margin > 0, margin <= 1 else { throw ObservationalError("the margin must be in (0, 1], got \(margin)") }
        guard cost > 0, cost.isFinite else {
            throw ObservationalError("the program cost must be positive, got \(cost)")
        }
        self.effect = effect
        self.effectLow = effectLow
        self.effectHigh = effectHigh
        self.accounts = accounts
        self.months = months
        self.margin = margin
        self.cost = cost
    }
}
