import Foundation
import G3Stats
import Testing
@testable import G3Design

/// Property tests over 1,000 seeds (issue 3): stratum counts, marginal probabilities, input order,
/// reproducibility.
@Suite struct StratifiedRandomizerTests {
    /// 61 units in 7 strata of awkward sizes (1, 2, 3, 5, 9, 17, 24).
    static let units: [RandomizationUnit] = {
        let sizes = [1, 2, 3, 5, 9, 17, 24]
        var units: [RandomizationUnit] = []
        for (s, size) in sizes.enumerated() {
            for i in 0..<size {
                units.append(
                    RandomizationUnit(id: "u\(s)-\(i)", stratum: "s\(s)", covariates: [Double(i), Double(s * i % 7)]))
            }
        }
        return units
    }()

    static let seeds = 1...1000

    func assignment(_ randomizer: StratifiedRandomizer, seed: UInt32, units: [RandomizationUnit] = units) throws
        -> RandomizationResult
    {
        try randomizer.randomize(units, random: MersenneTwister(seed: seed))
    }

    @Test(arguments: [[0.5, 0.5], [0.3, 0.7], [0.2, 0.3, 0.5], [0.25, 0.25, 0.25, 0.25]])
    func countsAreFloorOrCeilingAndTotalsWithinOne(shares: [Double]) throws {
        let randomizer = try StratifiedRandomizer(
            arms: shares.enumerated().map { ArmShare(name: "arm\($0)", share: $1) })
        let n = Double(Self.units.count)
        for seed in Self.seeds {
            let result = try assignment(randomizer, seed: UInt32(seed))
            for stratum in result.strata {
                for (k, count) in stratum.perArm.enumerated() {
                    let expected = Double(stratum.total) * shares[k]
                    #expect(
                        Double(count) >= expected.rounded(.down) - 1e-9 && Double(count) <= expected.rounded(.up) + 1e-9
                    )
                }
            }
            for (k, total) in result.totals.enumerated() { #expect(abs(Double(total) - n * shares[k]) < 1) }
        }
    }

    /// Each unit's frequency of arm 1 over 1,000 seeds against its share: Σ (c_i − Rp)²/(Rp(1 − p))
    /// is about χ² with (units) degrees of freedom; the test must not reject at the 0.1% level.
    @Test(arguments: [0.5, 0.3])
    func marginalProbabilitiesEqualTheShare(share: Double) throws {
        let randomizer = try StratifiedRandomizer(arms: [
            ArmShare(name: "control", share: 1 - share), ArmShare(name: "g3", share: share)
        ])
        var treated = [Int](repeating: 0, count: Self.units.count)
        for seed in Self.seeds {
            let result = try assignment(randomizer, seed: UInt32(seed))
            for (i, arm) in result.arms.enumerated() where arm == 1 { treated[i] += 1 }
        }
        let r = Double(Self.seeds.count)
        let statistic = treated.map { (Double($0) - r * share) * (Double($0) - r * share) / (r * share * (1 - share)) }
            .reduce(0.0, +)
        let p = try ChiSquared.survival(statistic, df: Double(Self.units.count))
        #expect(p > 0.001, "chi-square \(statistic) on \(Self.units.count) df, p = \(p)")
    }

    @Test func inputOrderNeverMatters() throws {
        let randomizer = try StratifiedRandomizer(arms: [
            ArmShare(name: "a", share: 0.4), ArmShare(name: "b", share: 0.6)
        ])
        var shuffler = SystemRandomNumberGenerator()
        for seed in Self.seeds.prefix(200) {
            let original = try assignment(randomizer, seed: UInt32(seed))
            let permuted = try assignment(randomizer, seed: UInt32(seed), units: Self.units.shuffled(using: &shuffler))
            #expect(original.arms == permuted.arms)
            #expect(original.units.map(\.id) == permuted.units.map(\.id))
        }
    }

    @Test func theSameSeedGivesTheSameAssignment() throws {
        let randomizer = try StratifiedRandomizer(arms: [
            ArmShare(name: "a", share: 0.5), ArmShare(name: "b", share: 0.5)
        ])
        var distinct = Set<[Int]>()
        for seed in Self.seeds {
            let first = try assignment(randomizer, seed: UInt32(seed))
            let second = try assignment(randomizer, seed: UInt32(seed))
            #expect(first.arms == second.arms)
            distinct.insert(first.arms)
        }
        #expect(distinct.count > 990)  // different seeds give different assignments
    }

    /// A pinned assignment: MT19937 through GSL is the same on every machine.
    @Test func pinnedAssignmentForSeed42() throws {
        let randomizer = try StratifiedRandomizer(arms: [
            ArmShare(name: "a", share: 0.5), ArmShare(name: "b", share: 0.5)
        ])
        let arms = try assignment(randomizer, seed: 42).arms
        // MT19937 seeded by init_genrand(42): first output 1608637542 (numpy 2.4.6,
        // np.random.RandomState(42)._bit_generator.random_raw()), / 2³² as gsl_rng_uniform does.
        #expect(MersenneTwister(seed: 42).uniform() == 1608637542.0 / 4294967296.0)
        // Regression pin of g3-design's own output (dependent rounding, then one shuffle per stratum).
        #expect(arms.map(String.init).joined() == "0100111010111100001011000000111010111101011100101100000001111")
    }

    @Test func rerandomizationAcceptsOnlyBalancedDraws() throws {
        let rule = RerandomizationRule(acceptanceProbability: 0.1, maxDraws: 1000)
        let randomizer = try StratifiedRandomizer(
            arms: [ArmShare(name: "c", share: 0.5), ArmShare(name: "t", share: 0.5)], rerandomization: rule)
        let threshold = try ChiSquared.quantile(0.1, df: 2)
        var draws = 0
        for seed in 1...50 {
            let result = try assignment(randomizer, seed: UInt32(seed))
            #expect(result.mahalanobis! <= threshold)
            #expect(abs(result.threshold! - threshold) < 1e-12)
            draws += result.draws
        }
        // About 1 draw in 10 is accepted.
        #expect(draws > 200 && draws < 1000)
    }

    /// Issue 14, item 8: with balance columns beside the re-randomization ones, M uses exactly the
    /// declared re-randomization covariates and the threshold is the χ²_k quantile for their k.
    @Test func rerandomizationUsesOnlyItsOwnCovariates() throws {
        let units = Self.units.map {
            RandomizationUnit(id: $0.id, stratum: $0.stratum, covariates: $0.covariates + [Double($0.id.count % 3)])
        }
        let rule = RerandomizationRule(acceptanceProbability: 0.2, maxDraws: 1000)
        let arms = [ArmShare(name: "c", share: 0.5), ArmShare(name: "t", share: 0.5)]
        let randomizer = try StratifiedRandomizer(arms: arms, rerandomization: rule, rerandomizationColumns: [2, 0])
        let result = try assignment(randomizer, seed: 7, units: units)
        // R: qchisq(0.2, 2) = 0.446287102628419
        #expect(abs(try #require(result.threshold) - 0.446287102628419) < 1e-12)
        let distance = try MahalanobisBalance(result.units.map { [$0.covariates[2], $0.covariates[0]] }).distance(
            treated: result.arms.map { $0 == 1 })
        #expect(abs(try #require(result.mahalanobis) - distance) < 1e-12)
        #expect(throws: RandomizationError.self) {
            try StratifiedRandomizer(arms: arms, rerandomization: rule, rerandomizationColumns: [5]).randomize(
                units, random: MersenneTwister(seed: 1))
        }
    }

    @Test func rejectsBadDesigns() {
        #expect(throws: RandomizationError("arm shares must sum to 1, got 0.9")) {
            try StratifiedRandomizer(arms: [ArmShare(name: "a", share: 0.4), ArmShare(name: "b", share: 0.5)])
        }
        #expect(throws: RandomizationError.self) { try StratifiedRandomizer(arms: [ArmShare(name: "a", share: 1)]) }
        #expect(throws: RandomizationError.self) {
            try StratifiedRandomizer(arms: [ArmShare(name: "a", share: 0.5), ArmShare(name: "a", share: 0.5)])
        }
        let randomizer = try! StratifiedRandomizer(arms: [
            ArmShare(name: "a", share: 0.5), ArmShare(name: "b", share: 0.5)
        ])
        #expect(throws: RandomizationError("unit id 'x' appears more than once")) {
            try randomizer.randomize(
                [RandomizationUnit(id: "x", stratum: "s"), RandomizationUnit(id: "x", stratum: "s")],
                random: MersenneTwister(seed: 1))
        }
    }

    /// Dependent rounding keeps every entry's expectation: mean of 4,000 roundings of a table.
    @Test func dependentRoundingIsUnbiased() {
        let table = [[0.5, 0.5], [0.3, 0.7], [0.9, 0.1], [0.25, 0.75]]
        var sums = [[Double]](repeating: [0, 0], count: 4)
        let random = MersenneTwister(seed: 7)
        let rounds = 4000
        for _ in 0..<rounds {
            let rounded = dependentRounding(table, random: random)
            for r in 0..<4 { #expect(rounded[r].reduce(0, +) == 1) }
            let column = rounded.map { $0[0] }.reduce(0, +)
            #expect(column == 1 || column == 2)  // 0.5 + 0.3 + 0.9 + 0.25 = 1.95
            for r in 0..<4 { for c in 0..<2 { sums[r][c] += Double(rounded[r][c]) } }
        }
        for r in 0..<4 {
            for c in 0..<2 {
                let p = table[r][c]
                let mean = sums[r][c] / Double(rounds)
                #expect(abs(mean - p) < 4 * (p * (1 - p) / Double(rounds)).squareRoot() + 1e-12)
            }
        }
    }
}
