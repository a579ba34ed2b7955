import Foundation

/// Which of n, power and effect is left out and solved for.
public enum PowerUnknown: String, Sendable {
    case sampleSize = "n"
    case power, effect
}

/// A power question: two of n, power and effect given.
public enum PowerQuestion: Equatable, Sendable {
    case sampleSize(effect: Effect, power: Double)
    case power(nTreatment: Double, effect: Effect)
    /// For proportions, `controlProportion` is the baseline the detectable treatment proportion rises from.
    case effect(nTreatment: Double, power: Double, controlProportion: Double?)

    public var unknown: PowerUnknown {
        switch self {
        case .sampleSize: return .sampleSize
        case .power: return .power
        case .effect: return .effect
        }
    }
}

/// The answer to a power question, with the design that produced it.
public struct PowerResult: Equatable, Sendable {
    public let design: PowerDesign
    public let solvedFor: PowerUnknown
    public let power: Double
    /// The effect on those treated (with non-compliance: the LATE, before dilution).
    public let effect: Effect
    /// Treatment-arm size, unrounded.
    public let nTreatment: Double
    /// With non-compliance and n solved: the treatment-arm size that full take-up would need (N_ITT).
    public let nTreatmentFullTakeup: Double?

    public var nControl: Double { design.ratio * nTreatment }
    public var nTotal: Double { nTreatment + nControl }
    public var nTreatmentCeil: Int { roundUp(nTreatment) }
    public var nControlCeil: Int { roundUp(nControl) }

    /// Clusters per arm, ⌈n/m⌉, under cluster randomization.
    public var clustersPerArm: (treatment: Int, control: Int)? {
        design.cluster.map { (roundUp(nTreatment / $0.meanSize), roundUp(nControl / $0.meanSize)) }
    }

    /// The intention-to-treat effect (c − s) × effect, under non-compliance.
    public var intentionToTreatEffect: Effect? {
        guard let c = design.compliance else { return nil }
        switch effect {
        case .standardized(let d): return .standardized(c.dilution * d)
        case .proportions(let p0, let p1): return .proportions(control: p0, treatment: p0 + c.dilution * (p1 - p0))
        }
    }
}

/// ⌈x⌉, forgiving the last bits of rounding noise of a root finder (63.999999999999 → 64).
/// ⌈x⌉, forgiving at most 10⁻⁶ of floating-point excess (64.0000000001 → 64); the allowance is
/// absolute, so a large n is never rounded down. x is at most `PowerCalculator.maximumTreatmentSize` × ratio.
func roundUp(_ x: Double) -> Int {
    let up = (x - min(1e-9 * max(1, x), 1e-6)).rounded(.up)
    return up < 9e18 ? Int(up) : Int.max
}

extension PowerCalculator {
    /// Answers the question: solves for the unknown and checks the inputs it was given.
    public func analyze(_ question: PowerQuestion) throws -> PowerResult {
        switch question {
        case .sampleSize(let effect, let target):
            try validate(effect: effect)
            let n = try sampleSize(effect: effect, power: target)
            var fullTakeup: Double?
            if design.compliance != nil {
                var full = design
                full.compliance = nil
                fullTakeup = try PowerCalculator(design: full).sampleSize(effect: effect, power: target)
            }
            return PowerResult(
                design: design, solvedFor: .sampleSize, power: target, effect: effect,
                nTreatment: n, nTreatmentFullTakeup: fullTakeup)
        case .power(let n, let effect):
            try validate(n: n)
            try validate(effect: effect)
            return PowerResult(
                design: design, solvedFor: .power, power: try power(nTreatment: n, effect: effect),
                effect: effect, nTreatment: n, nTreatmentFullTakeup: nil)
        case .effect(let n, let target, let p0):
            if let p0 { try validate(effect: .proportions(control: p0, treatment: p0)) }
            let effect = try minimumDetectableEffect(nTreatment: n, power: target, controlProportion: p0)
            return PowerResult(
                design: design, solvedFor: .effect, power: target, effect: effect,
                nTreatment: n, nTreatmentFullTakeup: nil)
        }
    }

    func validate(effect: Effect) throws {
        switch effect {
        case .standardized(let d):
            guard d.isFinite else { throw PowerInputError(parameter: .effect, expected: "a finite number", got: d) }
        case .proportions(let p0, let p1):
            guard p0 > 0, p0 < 1 else {
                throw PowerInputError(parameter: .pControl, expected: "a proportion in (0, 1)", got: p0)
            }
            guard p1 > 0, p1 < 1 else {
                throw PowerInputError(parameter: .pTreatment, expected: "a proportion in (0, 1)", got: p1)
            }
        }
    }
}
