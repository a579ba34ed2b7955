import ArgumentParser
import G3Data

/// `power --history` and `diagnose --history`: plan from the accounts' own customer-month panel (seed
/// schema by default).
struct HistoryOptions: ParsableArguments {
    @Option(help: "A customer-month panel CSV to estimate the outcome's spread, autocorrelation and R² from.")
    var history: String?
    @Option(help: "With --history: the outcome column (default: \(SeedSchema.securityRevenue)).")
    var metric: String?
    @Option(help: "With --history: the account column.") var unit = SeedSchema.unit
    @Option(help: "With --history: the month column.") var month = SeedSchema.month
    @Option(help: "With --history: months of baseline before the rollout (the last months of the panel are used).")
    var baselineMonths = 12
    @Option(help: "With --history: months of follow-up the experiment will compare.") var followUpMonths = 12
    @Option(
        help:
            "With --history: baseline covariates for Lin's estimator, comma-separated (default: the design's pre-registered ones, else the outcome)."
    )
    var covariates: String?
    @Option(help: "With --history: a cluster column, for the intraclass correlation.") var cluster: String?
    @Flag(
        help:
            "With --history: no progress line while the panel is read (it shows only when stderr is a terminal and the read takes over a second)."
    )
    var quiet = false

    /// The window's months: at least 1 each, 240 together at most.
    func validateWindow() throws {
        guard baselineMonths >= 1, followUpMonths >= 1, baselineMonths + followUpMonths <= 240 else {
            throw ValidationError(
                "--baseline-months and --follow-up-months must be at least 1 and 240 together at most")
        }
    }
}
