import CGSL
import G3Stats
import PropertyBased
import Testing

/// Issue 17, item 4: `MersenneTwister` is GSL's `gsl_rng_mt19937` written out in Swift. On generated
/// seeds (0, which GSL maps to 4357, the largest, and random ones) and generated sequences of calls
/// (single uniforms, integers below n from 1 to 2³² − 1, runs of uniforms that cross the 624-word
/// state), every value must be GSL's, bit for bit.
@Suite struct MersenneTwisterTests {
    enum Call {
        case uniform
        case integer(Int)
        case uniforms(Int)
    }

    static let bounds = [1, 2, 3, 7, 10, 1000, 65_537, 1 << 31, (1 << 31) + 1, Int(UInt32.max) - 1, Int(UInt32.max)]

    static func calls(_ rng: inout Xoshiro) -> [Call] {
        let gen = Gen.int(in: 0...2).array(of: 1...40)
        return gen.run(using: &rng).map { kind in
            switch kind {
            case 0: .uniform
            case 1: .integer(bounds[Int.random(in: 0..<bounds.count, using: &rng)])
            default: .uniforms(Int.random(in: 0...1500, using: &rng))
            }
        }
    }

    @Test func everyDrawIsGSLs() throws {
        var rng = Xoshiro(seed: (17, 4, 2026, 13))
        let seeds: [UInt32] =
            [0, 1, 4357, UInt32.max] + (0..<60).map { _ in UInt32.random(in: 0...UInt32.max, using: &rng) }
        for seed in seeds {
            let gsl = try #require(gsl_rng_alloc(g3_rng_mt19937()))
            defer { gsl_rng_free(gsl) }
            gsl_rng_set(gsl, UInt(seed))
            let ours = MersenneTwister(seed: seed)
            for call in Self.calls(&rng) {
                switch call {
                case .uniform:
                    #expect(ours.uniform() == gsl_rng_uniform(gsl), "seed \(seed)")
                case .integer(let n):
                    #expect(ours.integer(below: n) == Int(gsl_rng_uniform_int(gsl, UInt(n))), "seed \(seed), n \(n)")
                case .uniforms(let count):
                    let expected = (0..<count).map { _ in gsl_rng_uniform(gsl) }
                    #expect(ours.uniforms(count) == expected, "seed \(seed), \(count) uniforms")
                }
            }
        }
    }
}
