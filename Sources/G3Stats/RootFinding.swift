import CGSL

/// Why a root finder found no root: the function has the same sign at both ends of the widest
/// interval it may search, so no answer exists there. Callers turn this into "no solution because …".
public struct NoRootError: Error, Equatable {
    /// The searched interval and the function's values at its ends.
    public let lower: Double, upper: Double
    public let valueAtLower: Double, valueAtUpper: Double
}

/// Root finding for a continuous function on a bracketing interval, by Brent's method
/// (`gsl_root_fsolver_brent`). The answer is always an interior root that GSL converged to,
/// never an end of the bracket taken as an answer (statsmodels #9378, pwr #27).
public enum RootFinder {
    /// Solves f(x) = 0 on [lower, upper]. Throws `NoRootError` when f(lower) and f(upper) have the
    /// same sign, and `GSLError` when GSL fails (e.g. f returned a non-finite value).
    /// - Parameter tolerance: relative tolerance on x (`gsl_root_test_interval` with epsabs = 0).
    public static func solve(
        in lower: Double, _ upper: Double, relativeTolerance: Double = 1e-12, maxIterations: Int = 200,
        _ f: (Double) throws -> Double
    ) throws -> Double {
        precondition(lower < upper, "RootFinder.solve needs lower < upper")
        let fLower = try f(lower)
        let fUpper = try f(upper)
        if fLower == 0 { return lower }
        if fUpper == 0 { return upper }
        guard (fLower < 0) != (fUpper < 0) else {
            throw NoRootError(lower: lower, upper: upper, valueAtLower: fLower, valueAtUpper: fUpper)
        }
        GSL.prepare()
        return try withoutActuallyEscaping(f) { f in
            let box = CallbackBox(f)
            let context = Unmanaged.passUnretained(box).toOpaque()
            var function = gsl_function(
                function: { x, params in
                    let box = Unmanaged<CallbackBox>.fromOpaque(params!).takeUnretainedValue()
                    return box.call(x)
                },
                params: context)
            guard let solver = gsl_root_fsolver_alloc(g3_root_fsolver_brent()) else {
                throw GSL.error(Int32(GSL_ENOMEM), "gsl_root_fsolver_alloc")
            }
            defer { gsl_root_fsolver_free(solver) }
            try GSL.check(gsl_root_fsolver_set(solver, &function, lower, upper), "gsl_root_fsolver_set")
            for _ in 0..<maxIterations {
                let status = gsl_root_fsolver_iterate(solver)
                if let error = box.error { throw error }
                try GSL.check(status, "gsl_root_fsolver_iterate")
                let a = gsl_root_fsolver_x_lower(solver)
                let b = gsl_root_fsolver_x_upper(solver)
                let test = gsl_root_test_interval(a, b, 0, relativeTolerance)
                if test == GSL_SUCCESS { return gsl_root_fsolver_root(solver) }
                guard test == GSL_CONTINUE else {
                    try GSL.check(test, "gsl_root_test_interval")
                    break
                }
            }
            throw GSL.error(Int32(GSL_EMAXITER), "gsl_root_fsolver_brent")
        }
    }

    /// Carries a throwing Swift closure through GSL's C callback; the first error is kept and
    /// GSL is handed NaN, which makes it stop with GSL_EBADFUNC.
    private final class CallbackBox {
        let f: (Double) throws -> Double
        var error: Error?
        init(_ f: @escaping (Double) throws -> Double) { self.f = f }
        func call(_ x: Double) -> Double {
            do { return try f(x) } catch {
                self.error = error
                return .nan
            }
        }
    }
}
