import G3Stats

/// The analytic power of each estimator of a two-arm experiment, with the outcome's variance, its
/// baseline and covariates taken from its history (`OutcomeHistory`) and the same effect model as
/// the simulation: the normal-approximation answer (noncentral t) the simulation is checked against.
///
/// With Y the follow-up mean, X the baseline mean and y(1) = c·y(0) + D (c = 1 + L for a
/// multiplicative lift, 1 for an additive one), the per-account variances in the control and treated
/// arms are:
/// - difference in means: V_Y and c²V_Y;
/// - difference in differences: V_Y + V_X − 2C and c²V_Y + V_X − 2cC (C = cov(X, Y));
/// - CUPED with the pooled θ = (p₀ + p₁c)C/V_X: V_Y − 2θC + θ²V_X and c²V_Y − 2θcC + θ²V_X;
/// - Lin: V_Y(1 − R²) and c²V_Y(1 − R²) (separate slopes per arm).
/// The estimator's variance is v₁/n₁ + v₀/n₀; the power is that of the t test with n₁ and
/// n₀ = ratio·n₁ at the standardized effect τ/σ, σ² = (v₁/n₁ + v₀/n₀)/(1/n₁ + 1/n₀). With c = 1 these
/// are the variance factors of `HistoryPlan`. Strata and re-randomization are not counted: they can
/// only lower the variance.
public enum AnalyticArmPower {
    /// Nil for Lin when the history has no covariate R².
    public static func power(
        _ estimator: DesignSimulation.Estimator, history h: OutcomeHistory, effect: InjectedEffect,
        nTreatment: Double, nControl: Double, alpha: Double
    ) throws -> Double? {
        guard
            let (control, treated) = variances(
                estimator, history: h, effect: effect, treatedShare: nTreatment / (nTreatment + nControl))
        else {
            return nil
        }
        let tau = effect.truth(meanOutcome: h.mean)
        let sigma2 = (treated / nTreatment + control / nControl) / (1 / nTreatment + 1 / nControl)
        guard sigma2 > 0 else { return nil }
        let design = try PowerDesign(alpha: alpha, sides: .two, ratio: nControl / nTreatment)
        return try PowerCalculator(design: design).analyze(
            .power(nTreatment: nTreatment, effect: .standardized(tau / sigma2.squareRoot()))
        ).power
    }

    /// The per-account variances (control, treated) of the estimator's adjusted outcome.
    static func variances(
        _ estimator: DesignSimulation.Estimator, history h: OutcomeHistory, effect: InjectedEffect,
        treatedShare p: Double
    ) -> (Double, Double)? {
        let c = effect.scale
        let vy = h.sd * h.sd
        let vx = h.baselineSD * h.baselineSD
        let cxy = h.baselineCorrelation * h.sd * h.baselineSD
        switch estimator {
        case .differenceInMeans:
            return (vy, c * c * vy)
        case .differenceInDifferences:
            return (vy + vx - 2 * cxy, c * c * vy + vx - 2 * c * cxy)
        case .cuped:
            let theta = vx > 0 ? ((1 - p) + p * c) * cxy / vx : 0
            return (vy - 2 * theta * cxy + theta * theta * vx, c * c * vy - 2 * theta * c * cxy + theta * theta * vx)
        case .lin:
            guard let r2 = h.covariateR2 else { return nil }
            return (vy * (1 - r2), c * c * vy * (1 - r2))
        }
    }
}
