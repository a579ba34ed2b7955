import CGSL

/// A failure reported by the GNU Scientific Library, with GSL's own text (`gsl_strerror`).
public struct GSLError: Error, CustomStringConvertible, Equatable {
    /// The GSL function that failed.
    public let function: String
    /// GSL's status code (`GSL_EDOM`, `GSL_EMAXITER`, …).
    public let status: Int32
    /// `gsl_strerror(status)`, or a more specific message when GSL returned no status.
    public let reason: String

    public var description: String { "\(function) failed: \(reason)" }
}

/// The bridge to GSL. GSL's default error handler aborts the process; it is switched off once,
/// before the first GSL call, and every status is turned into a `GSLError` where the call is made.
enum GSL {
    private static let handlerOff: Void = { _ = gsl_set_error_handler_off() }()

    /// Makes sure GSL's abort-on-error handler is off. Every entry point into GSL calls this first.
    @inline(__always) static func prepare() { _ = handlerOff }

    /// Throws unless `status` is `GSL_SUCCESS`.
    static func check(_ status: Int32, _ function: String) throws {
        guard status != GSL_SUCCESS else { return }
        throw error(status, function)
    }

    /// The error for a GSL status, with `gsl_strerror`'s text.
    static func error(_ status: Int32, _ function: String) -> GSLError {
        GSLError(function: function, status: status, reason: String(cString: gsl_strerror(status)))
    }

    /// GSL's distribution functions report a domain error by returning NaN: throw instead.
    static func finite(_ value: Double, _ function: String) throws -> Double {
        guard value.isNaN else { return value }
        throw error(Int32(GSL_EDOM), function)
    }

    /// Evaluates a special function of the `_e` family and returns its value.
    static func evaluate(_ function: String, _ call: (UnsafeMutablePointer<gsl_sf_result>) -> Int32) throws -> Double {
        prepare()
        var result = gsl_sf_result(val: 0, err: 0)
        try check(call(&result), function)
        return result.val
    }
}
