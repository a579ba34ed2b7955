import Testing
@testable import G3Design

/// The encouragement-design planner against METHODS.md's closed forms and the example.
@Suite struct EncouragementPlanTests {
    /// N = 1000, P = .5, σ = 1, α = .05, power .8 (normal): MDE_ITT 0.1771878; LATE at c = .6, s = 0: 0.2953130.
    @Test func mdeEqualsTheClosedForm() throws {
        let plan = try EncouragementPlan(share: 0.5, compliance: Compliance(takeupTreatment: 0.6, takeupControl: 0))
        let mde = try plan.minimumDetectableEffect(total: 1000, power: 0.8)
        #expect(abs(mde.itt - 0.1771878) < 1e-6)
        #expect(abs(mde.late - 0.2953130) < 1e-6)
    }

    /// P = .5, c = .6, s = .1, LATE .3 SD, power .8 → N ≈ 1,396 (ivmodel's TSLS.size-style formula), and
    /// N_LATE = N_ITT/(c − s)².
    @Test func sampleSizeEqualsTheFormula() throws {
        let plan = try EncouragementPlan(share: 0.5, compliance: Compliance(takeupTreatment: 0.6, takeupControl: 0.1))
        let n = try plan.sampleSize(effect: 0.3, power: 0.8)
        #expect(n.late.rounded(.up) == 1396)
        #expect(abs(n.late - n.itt / 0.25) < 1e-6 * n.late)
        // (z₀.₉₇₅ + z₀.₈)² / (P(1 − P) (0.5 · 0.3)²); the textbook form ignores the far tail (Φ(−4.76) ≈ 1e-6),
        // which two-sided power here counts, hence 1e-5 relative.
        #expect(abs(n.late / (7.848879734349 / (0.25 * 0.0225)) - 1) < 1e-5)
        #expect(abs(try plan.power(total: n.late, effect: 0.3) - 0.8) < 1e-9)
        // μ² = N P(1 − P)(c − s)²/σ_v², σ_v² = .5·.6·.4 + .5·.1·.9 = .165
        #expect(abs(plan.concentration(total: 1000) - 1000 * 0.25 * 0.25 / 0.165) < 1e-9)
    }

    @Test func anUnequalShareUsesTheAllocationRatio() throws {
        let plan = try EncouragementPlan(share: 0.25, compliance: Compliance(takeupTreatment: 1, takeupControl: 0))
        let n = try plan.sampleSize(effect: 0.3, power: 0.8).late
        #expect(abs(n / (7.848879734349 / (0.25 * 0.75 * 0.09)) - 1) < 1e-5)
        #expect(throws: PowerInputError.self) {
            try EncouragementPlan(share: 1, compliance: Compliance(takeupTreatment: 0.5))
        }
    }
}
