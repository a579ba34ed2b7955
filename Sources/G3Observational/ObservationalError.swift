/// An input or result of the observational analysis that cannot be used, as one sentence, with a kind
/// that tells the caller what to change: the data, or a setting (which the CLI names by its flag).
public struct ObservationalError: Error, Equatable, CustomStringConvertible {
    /// What the user has to change.
    public enum Kind: Equatable, Sendable {
        /// The data cannot support the step: too few units, no variation, a missing column.
        case data
        /// A setting that the data cannot satisfy; the message says what it must be.
        case setting(Setting)
    }

    /// The analysis settings an error can be about.
    public enum Setting: String, Sendable {
        /// The number of k-means clusters.
        case clusterCount = "cluster count"
        /// The number of placebo treatments drawn.
        case placeboDraws = "placebo draws"
        /// The matching caliper.
        case caliper
    }

    public let kind: Kind
    /// One sentence; for a setting, what it must be, without the setting's name.
    public let message: String

    /// A data error.
    public init(_ description: String) {
        kind = .data
        message = description
    }

    public init(_ setting: Setting, _ message: String) {
        kind = .setting(setting)
        self.message = message
    }

    public var description: String { message }
}
