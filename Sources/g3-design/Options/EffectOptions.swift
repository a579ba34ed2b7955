import ArgumentParser
import G3Design

/// The effect in the units a user has, turned into a standardized effect and a natural scale.
struct EffectOptions: ParsableArguments {
    @Option(help: "Standardized effect, Cohen's d.")
    var effect: Double?
    @Option(help: "Relative lift (0.064 = 6.4%); needs --baseline-mean and --cv or --baseline-sd.")
    var lift: Double?
    @Option(help: "Mean of the outcome without treatment (e.g. revenue per account).")
    var baselineMean: Double?
    @Option(help: "Standard deviation of the outcome without treatment.")
    var baselineSd: Double?
    @Option(help: "Coefficient of variation SD/mean of the outcome (revenue: often 1.5–3).")
    var cv: Double?
    @Option(help: "Absolute difference in means; needs --sd.")
    var diff: Double?
    @Option(help: "Standard deviation of the outcome, for --diff.")
    var sd: Double?
    @Option(help: "Proportion in the control arm, in (0, 1).")
    var pControl: Double?
    @Option(help: "Proportion in the treatment arm, in (0, 1).")
    var pTreatment: Double?

    /// What the flags say: the effect (nil when it is to be solved for) and its natural scale.
    struct Resolved {
        var effect: Effect?
        var scale: EffectScale?
        var controlProportion: Double?
        var isProportion: Bool { controlProportion != nil }
    }

    func resolve() throws -> Resolved {
        let forms = [
            ("--effect", effect != nil), ("--lift", lift != nil), ("--diff", diff != nil),
            ("--p-treatment", pTreatment != nil)
        ].filter(\.1).map(\.0)
        guard forms.count <= 1 else {
            throw ValidationError("\(forms.joined(separator: " and ")) are two forms of the effect: give one")
        }
        let lifted = lift != nil || baselineMean != nil || baselineSd != nil || cv != nil
        let absolute = diff != nil || sd != nil
        let proportional = pControl != nil || pTreatment != nil
        let families = [
            ("--effect", effect != nil), ("--lift/--baseline-mean/--baseline-sd/--cv", lifted),
            ("--diff/--sd", absolute), ("--p-control/--p-treatment", proportional)
        ].filter(\.1).map(\.0)
        guard families.count <= 1 else {
            throw ValidationError("\(families.joined(separator: " and ")) describe the effect in two ways: use one")
        }
        if let effect {
            guard effect.isFinite else { throw ValidationError("--effect must be a finite number, got \(effect)") }
            return Resolved(effect: .standardized(effect))
        }
        if lifted { return try resolveLift() }
        if absolute {
            guard let sd else { throw ValidationError("--diff needs --sd (the outcome's standard deviation)") }
            guard sd > 0, sd.isFinite else { throw ValidationError("--sd must be a positive number, got \(sd)") }
            return Resolved(effect: diff.map { .standardized($0 / sd) }, scale: EffectScale(sd: sd))
        }
        if proportional {
            guard let pControl else { throw ValidationError("--p-treatment needs --p-control") }
            guard pControl > 0, pControl < 1 else {
                throw ValidationError("--p-control must be a proportion in (0, 1), got \(pControl)")
            }
            if let pTreatment {
                guard pTreatment > 0, pTreatment < 1 else {
                    throw ValidationError("--p-treatment must be a proportion in (0, 1), got \(pTreatment)")
                }
            }
            return Resolved(
                effect: pTreatment.map { .proportions(control: pControl, treatment: $0) }, controlProportion: pControl)
        }
        return Resolved()
    }

    /// d = lift × mean / SD, with SD = CV × mean when the CV is given.
    private func resolveLift() throws -> Resolved {
        guard let baselineMean else { throw ValidationError("--lift, --cv and --baseline-sd need --baseline-mean") }
        guard baselineMean > 0, baselineMean.isFinite else {
            throw ValidationError("--baseline-mean must be a positive number, got \(baselineMean)")
        }
        let sd: Double
        switch (baselineSd, cv) {
        case (let s?, nil):
            guard s > 0, s.isFinite else { throw ValidationError("--baseline-sd must be a positive number, got \(s)") }
            sd = s
        case (nil, let c?):
            guard c > 0, c.isFinite else { throw ValidationError("--cv must be a positive number, got \(c)") }
            sd = c * baselineMean
        case (nil, nil): throw ValidationError("--baseline-mean needs the spread: --cv or --baseline-sd")
        default: throw ValidationError("--cv and --baseline-sd both give the spread: use one")
        }
        if let lift, !lift.isFinite { throw ValidationError("--lift must be a finite number, got \(lift)") }
        return Resolved(
            effect: lift.map { .standardized($0 * baselineMean / sd) },
            scale: EffectScale(sd: sd, mean: baselineMean))
    }
}
