import G3Stats
import Testing

@testable import G3Observational

/// Issue 17, item 4: placebo draws match on pools prepared once (every unit pooled, each draw's
/// treated removed). The matches must be those of pools built from the draw's controls, for every
/// option the placebo draws pass on: ratio, caliper on either SD, order, exact strata, and (where
/// the prepared pools do not apply) replacement and common support; through `match(distance:treated:…)`
/// and through the placebo draws' `match(treatedUnits:prepared:…)`, whose links exist only for removed
/// controls.
@Suite struct PreparedPoolsTests {
    @Test(arguments: 0..<12)
    func preparedPoolsMatchAsFreshOnes(variant: Int) throws {
        let random = MersenneTwister(seed: UInt32(100 + variant))
        let n = 400
        // Ties on purpose: distances on a grid of 50 values.
        let distance = (0..<n).map { _ in Double(random.integer(below: 50)) / 10 - 2 }
        let strata = variant % 3 == 0 ? (0..<n).map { _ in ["a", "b", "c"][random.integer(below: 3)] } : nil
        var spec = MatchingSpec()
        spec.ratio = 1 + variant % 2
        spec.caliper = variant % 4 == 1 ? nil : 0.1 + Double(variant) / 20
        spec.caliperSD = variant % 5 == 2 ? .pooled : .all
        spec.order = [.largest, .smallest, .random, .data][variant % 4]
        spec.replace = variant == 7
        spec.commonSupport = variant == 9
        let prepared = PreparedPools(distance: distance, strata: strata)
        for draw in 0..<20 {
            var treated = [Bool](repeating: false, count: n)
            for _ in 0..<(10 + draw) { treated[random.integer(below: n)] = true }
            let seed = UInt32(draw)
            let fresh = try? NearestNeighborMatcher.match(
                distance: distance, treated: treated, strata: strata, spec: spec, random: MersenneTwister(seed: seed))
            let reused = try? NearestNeighborMatcher.match(
                distance: distance, treated: treated, strata: strata, spec: spec, random: MersenneTwister(seed: seed),
                prepared: prepared)
            // The placebo draws' entry: the treated units by index, on the prepared pools.
            let listed = try? NearestNeighborMatcher.match(
                treatedUnits: treated.indices.filter { treated[$0] }, prepared: prepared, distance: distance,
                strata: strata, spec: spec, random: MersenneTwister(seed: seed))
            for other in [reused, listed] {
                #expect(fresh?.subclasses == other?.subclasses, "variant \(variant), draw \(draw)")
                #expect(fresh?.unmatchedTreated == other?.unmatchedTreated)
                #expect(fresh?.caliperWidth == other?.caliperWidth)
                #expect(fresh?.weights == other?.weights)
            }
        }
    }
}
