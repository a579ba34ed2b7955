import Foundation
import G3Stats
import Testing

@testable import G3Design

/// Issue 16: Fisher's randomization test against full enumeration, and against the Neyman t-test
/// after strong re-randomization (Morgan & Rubin 2012).
@Suite struct RandomizationInferenceTests {
    /// 12 units in 2 strata of 6, half to each arm: the design has C(6,3)² = 400 assignments, each
    /// equally likely. The exact p is the share of them at least as extreme as the observed one; the
    /// Monte Carlo p of 20,000 draws of the randomizer must lie within 4 MC SEs of it.
    @Test func equalsFullEnumeration() throws {
        let y = [3.1, 0.4, 2.2, 5.0, 1.7, 2.9, 8.3, 6.1, 7.7, 5.5, 9.0, 6.8]
        let units = (0..<12).map { RandomizationUnit(id: "u\($0 < 10 ? "0" : "")\($0)", stratum: $0 < 6 ? "A" : "B") }
        let observed: [Int] = [1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 0]
        let outcome = zip(units, y).map { (id: $0.id, value: $1) }
        let randomizer = try StratifiedRandomizer(arms: [
            .init(name: "control", share: 0.5), .init(name: "g3", share: 0.5)
        ])
        let statistic = { (arms: [Int]) -> Double in
            let t = zip(y, arms).filter { $1 == 1 }.map(\.0)
            let c = zip(y, arms).filter { $1 == 0 }.map(\.0)
            return t.reduce(0, +) / Double(t.count) - c.reduce(0, +) / Double(c.count)
        }
        let tObserved = statistic(observed)
        let halves = (0..<64).filter { $0.nonzeroBitCount == 3 }  // the 20 ways to pick 3 of 6
        var extreme = 0
        for a in halves {
            for b in halves {
                let arms = (0..<6).map { (a >> $0) & 1 } + (0..<6).map { (b >> $0) & 1 }
                if abs(statistic(arms)) >= abs(tObserved) * (1 - 1e-12) { extreme += 1 }
            }
        }
        let exact = Double(extreme) / 400
        let ri = try RandomizationInference.test(
            units: units, randomizer: randomizer, arm: 1, reference: 0, outcome: outcome,
            observedArms: Dictionary(uniqueKeysWithValues: zip(units.map(\.id), observed)), draws: 20_000, seed: 5)
        #expect(abs(ri.observed - tObserved) < 1e-12)
        #expect(abs(ri.pValue - exact) < 4 * ri.monteCarloSE, "RI \(ri.pValue) vs exact \(exact)")
        // The same seed gives the same p on any number of threads (each draw has its own stream).
        let again = try RandomizationInference.test(
            units: units, randomizer: randomizer, arm: 1, reference: 0, outcome: outcome,
            observedArms: Dictionary(uniqueKeysWithValues: zip(units.map(\.id), observed)), draws: 20_000, seed: 5)
        #expect(again == ri)
    }

    /// 40 units whose outcome is almost a function of x, re-randomized on x (acceptance 5%), and the
    /// sharp null true. Over 40 experiments the Neyman test of the difference in means hardly ever
    /// rejects at 5% (re-randomization balanced x, so the difference varies far less than its SE
    /// assumes), while the randomization test's p-values keep their level: about uniform.
    @Test func neymanIsConservativeAfterRerandomizationWhereFisherIsNot() throws {
        let x = (0..<40).map { Double($0 % 20) + 0.3 * sin(Double($0)) }
        let y = x.enumerated().map { 10 * $1 + 0.5 * cos(Double($0) * 1.7) }
        let units = x.enumerated().map {
            RandomizationUnit(id: String(format: "u%02d", $0), stratum: "all", covariates: [$1])
        }
        let outcome = zip(units, y).map { (id: $0.id, value: $1) }
        let randomizer = try StratifiedRandomizer(
            arms: [.init(name: "control", share: 0.5), .init(name: "g3", share: 0.5)],
            rerandomization: RerandomizationRule(acceptanceProbability: 0.05, maxDraws: 100_000))
        var neyman: [Double] = []
        var fisher: [Double] = []
        for experiment in 0..<40 {
            let drawn = try randomizer.randomize(units, random: MersenneTwister(seed: UInt32(1000 + experiment)))
            let arms = Dictionary(uniqueKeysWithValues: zip(drawn.units.map(\.id), drawn.arms))
            let z = units.map { arms[$0.id] == 1 }
            neyman.append(try ArmComparison.differenceInMeans(outcome: y, treated: z).pValue)
            fisher.append(
                try RandomizationInference.test(
                    units: units, randomizer: randomizer, arm: 1, reference: 0, outcome: outcome,
                    observedArms: arms, draws: 200, seed: UInt32(experiment * 1000)
                ).pValue)
        }
        let neymanMean = neyman.reduce(0, +) / 40
        let fisherMean = fisher.reduce(0, +) / 40
        #expect(neyman.filter { $0 < 0.05 }.count == 0)
        #expect(neymanMean > 0.85, "Neyman mean p \(neymanMean): conservative")
        #expect(abs(fisherMean - 0.5) < 0.15, "Fisher mean p \(fisherMean): about uniform (SD of the mean 0.046)")
        #expect(fisher.filter { $0 < 0.05 }.count <= 7)
    }
}
