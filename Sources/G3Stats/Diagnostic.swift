/// A finding about an analysis that its reader must see beside the numbers: a check that failed, a
/// step that could not run, units an estimator left out. Every result carries its diagnostics; the
/// CLI prints them on stderr and writes them into the JSON document, the registry and the report.
public struct Diagnostic: Codable, Sendable, Equatable, CustomStringConvertible {
    /// What the finding is about, for filtering without reading the text.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// An iterative fit stopped before it converged.
        case convergence
        /// A covariate predicts treatment perfectly for some units.
        case separation
        /// Treated units without a control within the caliper.
        case unmatched
        /// Units dropped by the common-support rule.
        case commonSupport = "common-support"
        /// A covariate still imbalanced after matching.
        case imbalance
        /// Accounts flagged by the outlier rule.
        case outliers
        /// A step, estimator or test that could not run, and why.
        case skipped
        /// A pre-treatment check (leads, pre-trend test, placebo) that rejects parallel trends.
        case preTrends = "pre-trends"
        /// Staggered adoption: the TWFE coefficient mixes comparisons with possibly negative weights.
        case staggeredAdoption = "staggered-adoption"
        /// Units without a value in every period, left out to balance the panel.
        case unbalancedPanel = "unbalanced-panel"
        /// A first stage too weak for reliable 2SLS inference.
        case weakInstrument = "weak-instrument"
        /// Too few clusters for cluster-robust SEs.
        case fewClusters = "few-clusters"
        /// Data that limit an estimator (missing take-up, full compliance, an ambiguous estimand).
        case data
        /// Simulated and analytic power disagree beyond Monte Carlo error.
        case analyticGap = "analytic-gap"
        /// Intervals that hold the true effect less often than their level says.
        case coverage
    }

    /// `warning` when the finding undermines an estimate; `info` when it describes what was done.
    public enum Severity: String, Codable, Sendable {
        case info
        case warning
    }

    public let kind: Kind
    public let severity: Severity
    /// The outcome, covariate, engagement type or step it concerns; nil for the whole analysis.
    public let subject: String?
    /// One sentence, complete in itself (it names the subject when there is one).
    public let message: String

    public init(_ kind: Kind, _ severity: Severity, subject: String? = nil, _ message: String) {
        self.kind = kind
        self.severity = severity
        self.subject = subject
        self.message = message
    }

    public var description: String { message }

    enum CodingKeys: String, CodingKey {
        case kind
        case severity
        case subject
        case message
    }

    /// Every key is written; `subject` is null for the whole analysis.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(severity, forKey: .severity)
        try container.encode(subject, forKey: .subject)
        try container.encode(message, forKey: .message)
    }

    /// The same finding about `subject`, its message prefixed with `prefix` ("ttl_sls_rev, matched-panel DiD: ").
    public func about(_ subject: String, prefix: String) -> Diagnostic {
        Diagnostic(kind, severity, subject: subject, prefix + message)
    }
}
