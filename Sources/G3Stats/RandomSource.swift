import Foundation
import CGSL

/// A source of random draws. Every random step in g3-design takes one, so that a seed fixes
/// the result on any machine.
public protocol RandomSource: AnyObject {
    /// A uniform draw from [0, 1).
    func uniform() -> Double
    /// A uniform integer from 0 to n − 1 (n ≥ 1, n ≤ 2³²).
    func integer(below n: Int) -> Int
}

extension RandomSource {
    /// A standard normal draw by the Box–Muller transform (one of the pair; two uniforms per draw,
    /// so the stream stays simple to reproduce).
    public func normal() -> Double {
        let u1 = 1 - uniform()
        let u2 = uniform()  // u1 in (0, 1]
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    /// A Poisson draw with mean λ ≥ 0 (Knuth's product of uniforms; fine for the small means used here).
    public func poisson(_ mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 60 { return max(0, Int((mean + mean.squareRoot() * normal()).rounded())) }  // normal approximation
        let limit = Foundation.exp(-mean)
        var k = 0
        var product = uniform()
        while product > limit {
            k += 1
            product *= uniform()
        }
        return k
    }

    /// Fisher–Yates shuffle of `values` in place (Knuth, TAOCP vol. 2, Algorithm P).
    public func shuffle<T>(_ values: inout [T]) {
        guard values.count > 1 else { return }
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(i, integer(below: i + 1))
        }
    }

    /// The same shuffle of indices, the randomizer's hot loop, without generic dispatch: the same
    /// draws and the same result as `shuffle<T>`.
    public func shuffle(_ values: inout [Int]) {
        guard values.count > 1 else { return }
        values.withUnsafeMutableBufferPointer { buffer in
            for i in stride(from: buffer.count - 1, to: 0, by: -1) {
                let j = integer(below: i + 1)
                let value = buffer[i]
                buffer[i] = buffer[j]
                buffer[j] = value
            }
        }
    }
}

/// GSL's MT19937 Mersenne Twister (`gsl_rng_mt19937`, Matsumoto & Nishimura 1998), seeded with
/// `gsl_rng_set`. The same seed gives the same stream on every platform GSL supports.
public final class MersenneTwister: RandomSource {
    /// The name recorded with every randomization.
    public static let name = "gsl_rng_mt19937"

    public let seed: UInt32
    private let state: UnsafeMutablePointer<gsl_rng>

    /// Seeds a new generator. GSL maps seed 0 to its default seed 4357; it is accepted as is.
    public init(seed: UInt32) {
        GSL.prepare()
        guard let state = gsl_rng_alloc(g3_rng_mt19937()) else { fatalError("gsl_rng_alloc: out of memory") }
        gsl_rng_set(state, UInt(seed))
        self.state = state
        self.seed = seed
    }

    deinit { gsl_rng_free(state) }

    public func uniform() -> Double { gsl_rng_uniform(state) }

    public func integer(below n: Int) -> Int {
        precondition(n >= 1 && n <= Int(UInt32.max), "integer(below:) needs 1 ≤ n ≤ 2³²")
        return Int(gsl_rng_uniform_int(state, UInt(n)))
    }
}
