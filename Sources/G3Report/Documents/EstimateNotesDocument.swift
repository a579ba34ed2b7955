import G3Stats

/// What a registry estimate row keeps beside the estimate (`estimate.diagnostics_json`): the
/// diagnostics of its analysis and the figures its method adds. Absent figures are left out.
public struct EstimateNotesDocument: Codable, Sendable {
    public var diagnostics: [Diagnostic]
    /// The estimate over the control mean.
    public var relative: Double?
    /// Instrumental variables: the first-stage F, classical and HC1-robust, and the SE type.
    public var firstStageF: Double?
    public var firstStageFRobust: Double?
    public var seType: String?
    /// Randomized arms: Fisher's randomization p-value of the difference in means, and its draws.
    public var randomizationPValue: Double?
    public var randomizationDraws: Int?
    /// With a pre-registered analysis: "pre-registered" or "exploratory".
    public var role: String?

    public init(
        diagnostics: [Diagnostic], relative: Double? = nil, firstStageF: Double? = nil,
        firstStageFRobust: Double? = nil,
        seType: String? = nil
    ) {
        self.diagnostics = diagnostics
        self.relative = relative
        self.firstStageF = firstStageF
        self.firstStageFRobust = firstStageFRobust
        self.seType = seType
    }
}
