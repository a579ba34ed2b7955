import CGSL
import Foundation

/// The noncentral t distribution with ν > 0 degrees of freedom and noncentrality δ.
///
/// GSL has no noncentral t, so the CDF is built on GSL's incomplete beta and log-gamma functions
/// with Lenth's algorithm AS 243 (Appl. Statist. 38, 1989, 185–189): for t ≥ 0 and x = t²/(t² + ν),
///
///     P(T ≤ t) = Φ(−δ) + Σ_{j≥0} [ p_j I_x(j + ½, ν/2) + q_j I_x(j + 1, ν/2) ],
///     p_j = ½ e^{−δ²/2} (δ²/2)^j / j!,   q_j = δ e^{−δ²/2} (δ²/2)^j / (√2 Γ(j + 3/2)),
///
/// summed with the recurrences of Guenther (1978) until the error bound 2 s (I_odd − g_odd) drops
/// below 1e-12, where s is the Poisson mass not yet used. For t < 0, P(T ≤ t; δ) = 1 − P(T ≤ −t; −δ).
/// Following R's `pt(q, df, ncp)`, which uses the same algorithm, the normal approximation of
/// Abramowitz & Stegun 26.7.10 is used when ν > 4·10⁵ or δ² > 2·log(2)·1021 (|δ| > 37.62), where
/// the series underflows. Sums are kept in extended precision where the platform has it.
public enum NoncentralT {
    #if arch(x86_64) || arch(i386)
        typealias Wide = Float80
    #else
        typealias Wide = Double
    #endif

    /// P(T ≤ t).
    public static func cdf(_ t: Double, df: Double, noncentrality delta: Double) throws -> Double {
        try tail(t, df: df, delta: delta, lower: true)
    }

    /// P(T > t), computed as R does (1 − the lower sum), so that power = survival(t_crit) is stable.
    public static func survival(_ t: Double, df: Double, noncentrality delta: Double) throws -> Double {
        try tail(t, df: df, delta: delta, lower: false)
    }

    private static func tail(_ t: Double, df: Double, delta: Double, lower: Bool) throws -> Double {
        guard df > 0, df.isFinite else { throw DomainError("noncentral t needs finite df > 0, got \(df)") }
        guard delta.isFinite, !t.isNaN else { throw DomainError("noncentral t needs a finite noncentrality and t") }
        if delta == 0 { return lower ? try StudentT.cdf(t, df: df) : try StudentT.survival(t, df: df) }
        if t.isInfinite { return (t < 0) == lower ? 0 : 1 }

        // Reflect to t ≥ 0: P(T ≤ t; δ) = 1 − P(T ≤ −t; −δ).
        let reflected = t < 0
        if reflected, delta > 40 { return lower ? 0 : 1 }  // P(T ≤ t) ≤ Φ(−δ) < 1e-349
        let tt = abs(t)
        let del = reflected ? -delta : delta
        let lowerOfReflected = lower != reflected

        if df > 4e5 || del * del > 2 * M_LN2 * 1021 {
            // Abramowitz & Stegun 26.7.10: T(1 − 1/(4ν)) is about N(δ, 1 + T²/(2ν)).
            let s = 1 / (4 * df)
            let z = (tt * (1 - s) - del) / (1 + tt * tt * 2 * s).squareRoot()
            return lowerOfReflected ? Normal.cdf(z) : Normal.survival(z)
        }

        var sum = try series(tt, df: df, delta: del)
        sum += Wide(Normal.cdf(-del))
        let p = min(Double(sum), 1)
        return lowerOfReflected ? p : 0.5 - p + 0.5
    }

    /// Σ_j p_j I_x(j + ½, ν/2) + q_j I_x(j + 1, ν/2) for t ≥ 0 (AS 243 with Guenther's recurrences).
    private static func series(_ t: Double, df: Double, delta: Double) throws -> Wide {
        let t2 = t * t
        guard t2 > 0 else { return 0 }
        let x = t2 / (t2 + df)
        let lambda = delta * delta
        var p = Wide(0.5 * exp(-0.5 * lambda))
        guard p > 0 else { return 0 }  // the whole mass is in Φ(−δ) (cannot happen below |δ| = 37.62)
        var q = Wide((2 / Double.pi).squareRoot()) * p * Wide(delta)
        var s = Wide(-0.5 * expm1(-0.5 * lambda))  // 0.5 − p, without cancellation
        let b = 0.5 * df
        let oneMinusXPowB = pow(df / (t2 + df), b)  // (1 − x)^b, with 1 − x formed without cancellation
        let logBetaHalf = 0.5 * log(Double.pi) + (try logGamma(b)) - (try logGamma(0.5 + b))
        var xOdd = Wide(try incompleteBeta(a: 0.5, b: b, x: x))
        var gOdd = Wide(2 * oneMinusXPowB * exp(0.5 * log(x) - logBetaHalf))
        let bx = b * x
        var xEven = Wide(bx < Double.ulpOfOne ? bx : 1 - oneMinusXPowB)
        var gEven = Wide(bx * oneMinusXPowB)
        var sum = p * xOdd + q * xEven
        let wx = Wide(x)
        let wb = Wide(b)
        let wl = Wide(lambda)
        var ja: Wide = 0.5
        for j in 1...1000 {
            ja += 1
            xOdd -= gOdd
            xEven -= gEven
            gOdd *= wx * (ja + wb - 1) / ja
            gEven *= wx * (ja + wb - 0.5) / (ja + 0.5)
            p *= wl / Wide(2 * j)
            q *= wl / Wide(2 * j + 1)
            sum += p * xOdd + q * xEven
            s -= p
            if s < -1e-10 { break }  // rounding has used up the Poisson mass
            if s <= 0, j > 1 { break }
            if abs(2 * s * (xOdd - gOdd)) < 1e-12 { break }
        }
        return sum
    }

    private static func logGamma(_ x: Double) throws -> Double {
        try GSL.evaluate("gsl_sf_lngamma_e") { gsl_sf_lngamma_e(x, $0) }
    }

    private static func incompleteBeta(a: Double, b: Double, x: Double) throws -> Double {
        try GSL.evaluate("gsl_sf_beta_inc_e") { gsl_sf_beta_inc_e(a, b, x, $0) }
    }
}
