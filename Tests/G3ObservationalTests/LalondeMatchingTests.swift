import Foundation
import G3Data
import G3Stats
import G3TestSupport
import Testing
@testable import G3Observational

/// MatchIt's lalonde: the propensity model against R's glm, matching against MatchIt 4.7.2
/// (Fixtures/reference/matching/).
@Suite struct LalondeMatchingTests {
    struct Lalonde {
        let terms: ModelTerms
        let treated: [Bool]
        let re78: [Double]
    }

    static let data: Lalonde = {
        let table = try! CSVReader.read(
            path: ReferenceTable.repositoryRoot.appendingPathComponent("Fixtures/lalonde/lalonde.csv").path)
        func numbers(_ name: String) -> [Double] {
            let c = try! table.column(name)
            return table.rows.indices.map { try! table.requiredNumber(row: $0, column: c) }
        }
        let race = try! table.column("race")
        let covariates: [Covariate] = [
            .numeric(name: "age", values: numbers("age")), .numeric(name: "educ", values: numbers("educ")),
            .categorical(name: "race", values: LabelColumn(table.rows.map { $0[race] })),
            .numeric(name: "married", values: numbers("married")),
            .numeric(name: "nodegree", values: numbers("nodegree")),
            .numeric(name: "re74", values: numbers("re74")), .numeric(name: "re75", values: numbers("re75"))
        ]
        return Lalonde(
            terms: try! ModelTerms(covariates), treated: numbers("treat").map { $0 == 1 }, re78: numbers("re78"))
    }()

    func relativelyClose(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool { abs(a - b) <= tolerance * abs(b) }

    /// R 4.2.2 glm (Fixtures/reference/matching/glm.R): 1e-6 relative on every coefficient.
    @Test func propensityModelEqualsGlm() throws {
        let model = try PropensityScores(terms: Self.data.terms, treated: Self.data.treated)
        let reference = try ReferenceTable("matching/glm.csv").rows
        let expected = Dictionary(uniqueKeysWithValues: reference.map { ($0["term"]!, $0.number("estimate")!) })
        #expect(model.converged && !model.separation)
        #expect(model.terms == ["age", "educ", "racehispan", "racewhite", "married", "nodegree", "re74", "re75"])
        #expect(relativelyClose(model.coefficients[0], expected["(Intercept)"]!, 1e-6))
        for (term, coefficient) in zip(model.terms, model.coefficients.dropFirst()) {
            #expect(
                relativelyClose(coefficient, expected[term]!, 1e-6), "\(term): \(coefficient) vs \(expected[term]!)")
        }
        #expect(relativelyClose(Moments(model.logits).variance.squareRoot(), expected["sd_logit_ps_all_units"]!, 1e-6))
    }

    @Test(arguments: try! ReferenceTable("matching/matchit_4.7.2.csv").rows)
    func matchingEqualsMatchIt(reference: [String: String]) throws {
        let model = try PropensityScores(terms: Self.data.terms, treated: Self.data.treated)
        var spec = MatchingSpec()
        spec.distance = reference["distance"] == "logit" ? .logit : .probability
        spec.caliper = reference.number("caliper")
        let distance = spec.distance == .logit ? model.logits : model.scores
        let sample = try NearestNeighborMatcher.match(distance: distance, treated: Self.data.treated, spec: spec)
        #expect(sample.subclasses.count == Int(reference.number("pairs")!))
        let effect = try MatchedEffectEstimator.estimate(outcome: "re78", values: Self.data.re78, sample: sample)
        #expect(relativelyClose(effect.estimate, reference.number("att")!, 1e-8), "ATT \(effect.estimate)")
        #expect(relativelyClose(effect.standardError, reference.number("se")!, 1e-8), "SE \(effect.standardError)")
    }

    /// Matching with replacement (ties kept) and the Abadie–Imbens SE against R Matching 4.10-8
    /// (Fixtures/reference/matching/matching_replace.R): ATT and SE to 1e-8 relative.
    @Test(arguments: try! ReferenceTable("matching/matching_replace.csv").rows)
    func matchingWithReplacementEqualsRMatching(reference: [String: String]) throws {
        let model = try PropensityScores(terms: Self.data.terms, treated: Self.data.treated)
        var spec = MatchingSpec()
        spec.replace = true
        spec.ratio = Int(reference.number("ratio")!)
        spec.caliper = reference.number("caliper")
        let sample = try NearestNeighborMatcher.match(distance: model.logits, treated: Self.data.treated, spec: spec)
        let matched = sample.subclasses.count
        let dropped = Int(reference.number("dropped_treated")!)
        #expect(matched == Int(reference.number("matched_treated")!))
        let j = Int(reference.number("var_matches")!)
        let variances =
            j == 0
            ? nil
            : MatchedEffectEstimator.conditionalVariances(
                of: Set(sample.subclasses.flatMap(\.controls)), distance: model.logits, values: Self.data.re78,
                group: Self.data.treated.map { !$0 }, matches: j)
        let effect = try MatchedEffectEstimator.estimate(
            outcome: "re78", values: Self.data.re78, sample: sample,
            standardError: .abadieImbens(conditionalVariance: variances))
        #expect(effect.degreesOfFreedom == nil)
        #expect(relativelyClose(effect.estimate, reference.number("att")!, 1e-8), "ATT \(effect.estimate)")
        // Matching counts treated units dropped by the caliper in N₁ with an imputed effect of 0; ours is
        // the SE for the matched treated: V_R = (V·m² + d·ATT²)/(m + d)².
        let m = Double(matched)
        let d = Double(dropped)
        let asMatching =
            ((effect.standardError * effect.standardError * m * m + d * effect.estimate * effect.estimate)
            / ((m + d) * (m + d))).squareRoot()
        #expect(
            relativelyClose(asMatching, reference.number("se")!, 1e-8), "SE \(effect.standardError) → \(asMatching)")
    }

    @Test func smdBeforeMatchingEqualsMatchIt() throws {
        let terms = Self.data.terms
        let rows = BalanceTable.compute(
            terms: terms.names, columns: terms.columns, isBinary: terms.isBinary,
            treated: Self.data.treated, weights: Self.data.treated.map { _ in 1 })
        for reference in try ReferenceTable("matching/smd_before.csv").rows {
            let row = rows.first { $0.term == reference["term"] }!
            #expect(abs(row.smdBefore - reference.number("smd")!) < 1e-6, "\(row.term): \(row.smdBefore)")
        }
    }

    /// After the caliper match, against an independent greedy matcher in R that reproduces MatchIt 4.7.2's
    /// pairs (Fixtures/reference/matching/greedy_after.R): SMD and variance ratio to 1e-6.
    @Test func balanceAfterMatchingEqualsTheRMatcher() throws {
        let terms = Self.data.terms
        let model = try PropensityScores(terms: terms, treated: Self.data.treated)
        let sample = try NearestNeighborMatcher.match(
            distance: model.logits, treated: Self.data.treated, spec: MatchingSpec())
        let rows = BalanceTable.compute(
            terms: terms.names, columns: terms.columns, isBinary: terms.isBinary,
            treated: Self.data.treated, weights: sample.weights)
        let reference = try ReferenceTable("matching/smd_after.csv").rows
        #expect(reference.count == rows.count)
        for expected in reference {
            let row = try #require(rows.first { $0.term == expected["term"] })
            #expect(abs(row.smdAfter - expected.number("smd_after")!) < 1e-6, "\(row.term): \(row.smdAfter)")
            if let ratio = expected.number("variance_ratio_after") {
                #expect(abs(try #require(row.varianceRatioAfter) - ratio) < 1e-6, "\(row.term)")
            }
        }
    }

    /// Issue 4: a pair-bootstrap SE within 5% of the pair-cluster SE for B ≥ 5,000.
    @Test func pairBootstrapAgreesWithTheClusterSE() throws {
        let model = try PropensityScores(terms: Self.data.terms, treated: Self.data.treated)
        let sample = try NearestNeighborMatcher.match(
            distance: model.logits, treated: Self.data.treated, spec: MatchingSpec())
        let effect = try MatchedEffectEstimator.estimate(
            outcome: "re78", values: Self.data.re78, sample: sample,
            bootstrap: 5000, random: MersenneTwister(seed: 2026))
        let boot = try #require(effect.bootstrap)
        #expect(
            abs(boot.standardError / effect.standardError - 1) < 0.05,
            "bootstrap \(boot.standardError) vs \(effect.standardError)")
        #expect(boot.percentile.low < effect.estimate && effect.estimate < boot.percentile.high)
        #expect(boot.bca.low < effect.estimate && effect.estimate < boot.bca.high)
    }

    /// All treated units unmarried: the treated SD is 0, so the SMD falls back to the SD over all units
    /// and stays finite (an infinite SMD would break the JSON document).
    @Test func aTermConstantAmongTheTreatedHasAFiniteSMD() {
        let rows = BalanceTable.compute(
            terms: ["married"], columns: [[0, 0, 0, 1, 0, 1]], isBinary: [true],
            treated: [true, true, true, false, false, false], weights: [1, 1, 1, 1, 1, 1])
        // (0 − 2/3) / √(1/3 · 2/3)
        #expect(abs(rows[0].smdBefore - (-2.0 / 3) / (2.0 / 9).squareRoot()) < 1e-12)
    }

    /// Outcomes that are 0 among the matched controls: no lift (nil), never an infinite one.
    @Test func aZeroControlMeanHasNoLift() throws {
        let effect = try MatchedEffectEstimator.estimate(
            outcome: "y",
            subclasses: [(3, 3), (1, 4), (2, 5)].map {
                SubclassOutcome(treated: $0.0, controls: [(unit: $0.1, value: 0)])
            },
            bootstrap: 200, random: MersenneTwister(seed: 1))
        #expect(effect.relative == nil)
        #expect(effect.bootstrap?.relative == nil)
        #expect(abs(effect.estimate - 2) < 1e-12)
    }

    @Test func aCaliperThatDropsEveryoneSaysSo() throws {
        var spec = MatchingSpec()
        spec.caliper = 1e-9
        #expect(throws: ObservationalError.self) {
            try NearestNeighborMatcher.match(distance: [0.1, 0.5, 0.9], treated: [true, false, false], spec: spec)
        }
    }
}
