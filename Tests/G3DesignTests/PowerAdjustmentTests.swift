import Testing
@testable import G3Design

@Suite struct PowerAdjustmentTests {
    /// METHODS.md: McKenzie F with m = r = 1, ρ = .5: POST 1, DiD 1, ANCOVA 0.75.
    @Test func mcKenzieFactors() {
        func factor(_ estimator: RepeatedEstimator, m: Int = 1, r: Int = 1, rho: Double = 0.5) -> Double {
            RepeatedMeasures(baselineRounds: m, followUpRounds: r, autocorrelation: rho, estimator: estimator)
                .varianceFactor
        }
        #expect(abs(factor(.post) - 1) < 1e-15)
        #expect(abs(factor(.did) - 1) < 1e-15)
        #expect(abs(factor(.ancova) - 0.75) < 1e-15)
        // m = 3, r = 2, ρ = 0.3 by hand: POST (1.3)/2 = 0.65; DiD 1.6/3 + 0.65 − 0.6; ANCOVA 0.65 − 0.27/1.6.
        #expect(abs(factor(.post, m: 3, r: 2, rho: 0.3) - 0.65) < 1e-15)
        #expect(abs(factor(.did, m: 3, r: 2, rho: 0.3) - (1.6 / 3 + 0.05)) < 1e-15)
        #expect(abs(factor(.ancova, m: 3, r: 2, rho: 0.3) - (0.65 - 0.27 / 1.6)) < 1e-15)
    }

    /// Eldridge, Ashby & Kerry (2006): DE = 1 + ((CV² + 1) m̄ − 1) ρ.
    @Test func clusterDesignEffect() {
        #expect(abs(ClusterDesign(icc: 0.05, meanSize: 20).designEffect - 1.95) < 1e-14)
        #expect(abs(ClusterDesign(icc: 0.05, meanSize: 20, sizeCV: 0.5).designEffect - 2.2) < 1e-14)
    }

    /// Under the z test, n scales exactly with the variance factor, and clusters per arm = ⌈n/m⌉.
    @Test func varianceFactorMultipliesN() throws {
        let plain = PowerCalculator(design: try PowerDesign(test: .z))
        let adjusted = PowerCalculator(
            design: try PowerDesign(
                test: .z, cluster: ClusterDesign(icc: 0.05, meanSize: 20), covariateR2: 0.3,
                repeated: RepeatedMeasures(
                    baselineRounds: 1, followUpRounds: 1, autocorrelation: 0.5, estimator: .ancova)))
        let n0 = try plain.sampleSize(effect: .standardized(0.3), power: 0.8)
        let result = try adjusted.analyze(.sampleSize(effect: .standardized(0.3), power: 0.8))
        #expect(abs(adjusted.design.varianceFactor - 1.95 * 0.7 * 0.75) < 1e-14)
        #expect(abs(result.nTreatment / n0 - 1.95 * 0.7 * 0.75) < 1e-8)
        #expect(result.clustersPerArm!.treatment == Int((result.nTreatment / 20).rounded(.up)))
    }

    /// METHODS.md: N = 1000, P = .5, σ = 1, α = .05, power .8 (normal): MDE_ITT 0.1771878 and
    /// MDE_LATE 0.2953130 at c = .6, s = 0.
    @Test func nonComplianceDilutesTheEffect() throws {
        let itt = PowerCalculator(design: try PowerDesign(test: .z))
        let late = PowerCalculator(design: try PowerDesign(test: .z, compliance: Compliance(takeupTreatment: 0.6)))
        #expect(abs(try itt.minimumDetectableEffect(nTreatment: 500, power: 0.8).standardized - 0.1771878) < 1e-6)
        #expect(abs(try late.minimumDetectableEffect(nTreatment: 500, power: 0.8).standardized - 0.2953130) < 1e-6)
        // N_LATE = N_ITT / (c − s)² exactly under the z test.
        let result = try late.analyze(.sampleSize(effect: .standardized(0.2), power: 0.8))
        #expect(abs(result.nTreatment - result.nTreatmentFullTakeup! / 0.36) < 1e-6)
        #expect(abs(result.intentionToTreatEffect!.standardized - 0.12) < 1e-15)
    }

    @Test func noSolutionSaysWhy() throws {
        let calculator = PowerCalculator(design: try PowerDesign())
        #expect(throws: NoSolution.self) { try calculator.sampleSize(effect: .standardized(0), power: 0.8) }
        // An effect so large that two units per arm already exceed the target.
        #expect(throws: NoSolution.self) { try calculator.sampleSize(effect: .standardized(40), power: 0.8) }
        // A variance factor of 10⁻³ (1,000 rounds each side, ρ = 0.5) does not make one account an arm:
        // two accounts per arm already exceed the target (it solved for 0.39 accounts, shown as 1).
        let rounds = RepeatedMeasures(
            baselineRounds: 1000, followUpRounds: 1000, autocorrelation: 0.5, estimator: .ancova)
        let manyRounds = PowerCalculator(design: try PowerDesign(repeated: rounds))
        #expect(throws: NoSolution.self) { try manyRounds.sampleSize(effect: .standardized(0.2), power: 0.8) }
        #expect(manyRounds.minimumTreatmentSize == 2)
        // Too small for any n up to 10¹⁰.
        #expect(throws: NoSolution.self) { try calculator.sampleSize(effect: .standardized(1e-6), power: 0.8) }
        // A proportion MDE that would need p₁ > 1.
        let proportions = PowerCalculator(design: try PowerDesign(test: .proportions(.arcsine)))
        #expect(throws: NoSolution.self) {
            try proportions.minimumDetectableEffect(nTreatment: 3, power: 0.99, controlProportion: 0.9)
        }
    }

    @Test func rejectsInputsOutsideTheirRange() {
        #expect(throws: PowerInputError(parameter: .alpha, expected: "a number in (0, 1)", got: 1.5)) {
            try PowerDesign(alpha: 1.5)
        }
        #expect(throws: PowerInputError.self) { try PowerDesign(cluster: ClusterDesign(icc: 1, meanSize: 5)) }
        #expect(throws: PowerInputError.self) { try PowerDesign(covariateR2: 1) }
        #expect(throws: PowerInputError.self) {
            try PowerDesign(compliance: Compliance(takeupTreatment: 0.3, takeupControl: 0.4))
        }
        #expect(throws: PowerInputError.self) {
            try PowerDesign(
                repeated: RepeatedMeasures(baselineRounds: 0, followUpRounds: 1, autocorrelation: 0.5, estimator: .did))
        }
        let calculator = PowerCalculator(design: try! PowerDesign())
        #expect(throws: PowerInputError.self) { try calculator.validate(power: 0.04) }
        #expect(throws: PowerInputError.self) { try calculator.validate(n: 1.5) }
    }
}
