import Foundation
import G3Stats
import Testing

@testable import G3Observational

/// Issue 17, item 4: a placebo draw computes the Efraimidis–Spirakis key only of the controls whose
/// uniform can give one of the smallest (`PlaceboSampler`). Its placebo group, and the random stream it
/// leaves, must be those of computing every key, whatever the logits: spread, tied, extreme (beyond
/// ±700, where the difference of logs is used), few controls (every key computed), and draws in which
/// too few keys fall below the threshold.
@Suite struct PlaceboSamplerTests {
    /// The keys every control gets, as the draws computed them before the threshold.
    static func everyKey(_ logits: [Double], size: Int, random: RandomSource) -> [Int] {
        let keys: [Double]
        if logits.allSatisfy({ abs($0) < 700 }) {
            keys = logits.map { -Foundation.log(1 - random.uniform()) * Foundation.exp(-$0) }
        } else {
            keys = logits.map { Foundation.log(-Foundation.log(1 - random.uniform())) - $0 }
        }
        return PlaceboDistribution.smallest(size, of: keys)
    }

    @Test(arguments: 0..<10)
    func sampledGroupIsTheSmallestKeys(variant: Int) throws {
        let setup = MersenneTwister(seed: UInt32(1_700 + variant))
        let n = [40, 300, 2_000, 5_000][variant % 4]
        let logits: [Double] = (0..<n).map { i in
            switch variant {
            case 3: return Double(setup.integer(below: 5)) - 2  // heavy ties
            case 5: return i == 7 ? 800 : setup.normal() * 3  // one logit beyond ±700
            case 6: return setup.normal() * 40  // odds over many orders of magnitude
            default: return setup.normal() * 1.5 - 4
            }
        }
        let size = variant == 7 ? n / 2 : 1 + setup.integer(below: max(1, n / 40))
        // Variants 8 and 9 expect only `size` keys below the threshold: about half the draws fall back.
        let sampler = PlaceboSampler(logits: logits, size: size, expected: variant >= 8 ? Double(size) : nil)
        for draw in 0..<50 {
            let a = MersenneTwister(seed: UInt32(draw * 31 + variant))
            let b = MersenneTwister(seed: UInt32(draw * 31 + variant))
            #expect(sampler.draw(a) == Self.everyKey(logits, size: size, random: b), "variant \(variant), draw \(draw)")
            #expect(a.uniform() == b.uniform(), "the stream after the draw")
        }
    }
}
