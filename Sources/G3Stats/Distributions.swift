import CGSL

/// The standard normal distribution, through GSL (`gsl_cdf_ugaussian_*`).
public enum Normal {
    /// Φ(x) = P(Z ≤ x).
    public static func cdf(_ x: Double) -> Double {
        GSL.prepare()
        return gsl_cdf_ugaussian_P(x)
    }

    /// 1 − Φ(x), accurate in the upper tail.
    public static func survival(_ x: Double) -> Double {
        GSL.prepare()
        return gsl_cdf_ugaussian_Q(x)
    }

    /// Φ⁻¹(p) for p in (0, 1).
    public static func quantile(_ p: Double) throws -> Double {
        guard p > 0, p < 1 else { throw DomainError("normal quantile needs p in (0, 1), got \(p)") }
        GSL.prepare()
        return try GSL.finite(gsl_cdf_ugaussian_Pinv(p), "gsl_cdf_ugaussian_Pinv")
    }
}

/// Student's central t distribution with ν > 0 degrees of freedom (`gsl_cdf_tdist_*`).
public enum StudentT {
    /// P(T ≤ t) for T ~ t(ν).
    public static func cdf(_ t: Double, df: Double) throws -> Double {
        guard df > 0 else { throw DomainError("t distribution needs df > 0, got \(df)") }
        GSL.prepare()
        return try GSL.finite(gsl_cdf_tdist_P(t, df), "gsl_cdf_tdist_P")
    }

    /// P(T > t) for T ~ t(ν), accurate in the upper tail.
    public static func survival(_ t: Double, df: Double) throws -> Double {
        guard df > 0 else { throw DomainError("t distribution needs df > 0, got \(df)") }
        GSL.prepare()
        return try GSL.finite(gsl_cdf_tdist_Q(t, df), "gsl_cdf_tdist_Q")
    }

    /// The p-quantile of t(ν), p in (0, 1).
    public static func quantile(_ p: Double, df: Double) throws -> Double {
        guard p > 0, p < 1 else { throw DomainError("t quantile needs p in (0, 1), got \(p)") }
        guard df > 0 else { throw DomainError("t distribution needs df > 0, got \(df)") }
        GSL.prepare()
        return try GSL.finite(gsl_cdf_tdist_Pinv(p, df), "gsl_cdf_tdist_Pinv")
    }
}

/// An argument outside a function's mathematical domain.
public struct DomainError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The χ² distribution with k > 0 degrees of freedom (`gsl_cdf_chisq_*`).
public enum ChiSquared {
    /// P(X > x).
    public static func survival(_ x: Double, df: Double) throws -> Double {
        guard df > 0 else { throw DomainError("chi-square needs df > 0, got \(df)") }
        GSL.prepare()
        return try GSL.finite(gsl_cdf_chisq_Q(x, df), "gsl_cdf_chisq_Q")
    }

    /// The p-quantile, p in (0, 1).
    public static func quantile(_ p: Double, df: Double) throws -> Double {
        guard p > 0, p < 1 else { throw DomainError("chi-square quantile needs p in (0, 1), got \(p)") }
        guard df > 0 else { throw DomainError("chi-square needs df > 0, got \(df)") }
        GSL.prepare()
        return try GSL.finite(gsl_cdf_chisq_Pinv(p, df), "gsl_cdf_chisq_Pinv")
    }
}

/// The F distribution with d1, d2 > 0 degrees of freedom (`gsl_cdf_fdist_*`).
public enum FDistribution {
    /// P(X > x).
    public static func survival(_ x: Double, df1: Double, df2: Double) throws -> Double {
        guard df1 > 0, df2 > 0 else { throw DomainError("the F distribution needs df1, df2 > 0, got \(df1), \(df2)") }
        GSL.prepare()
        return try GSL.finite(gsl_cdf_fdist_Q(x, df1, df2), "gsl_cdf_fdist_Q")
    }
}

extension FDistribution {
    /// The p-quantile, p in (0, 1): `gsl_cdf_fdist_Pinv`, and where that fails (GSL 2.7's inverse
    /// returns NaN for large df2, from about 4,000 on), the root x of Q(x) = 1 − p by Brent's method
    /// on `gsl_cdf_fdist_Q`, which is accurate at any df. The bracket [0, b] doubles b until Q(b) < 1 − p.
    public static func quantile(_ p: Double, df1: Double, df2: Double) throws -> Double {
        guard p > 0, p < 1 else { throw DomainError("F quantile needs p in (0, 1), got \(p)") }
        guard df1 > 0, df2 > 0 else { throw DomainError("the F distribution needs df1, df2 > 0, got \(df1), \(df2)") }
        GSL.prepare()
        let direct = gsl_cdf_fdist_Pinv(p, df1, df2)
        if direct.isFinite { return direct }
        var upper = 1.0
        while gsl_cdf_fdist_Q(upper, df1, df2) >= 1 - p {
            upper *= 2
            guard upper < 1e300 else { throw GSL.error(Int32(GSL_EDOM), "gsl_cdf_fdist_Pinv") }
        }
        return try RootFinder.solve(in: 0, upper, relativeTolerance: 1e-14) { x in
            gsl_cdf_fdist_Q(x, df1, df2) - (1 - p)
        }
    }
}
