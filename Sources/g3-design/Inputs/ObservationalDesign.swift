import ArgumentParser
import G3Data
import G3Observational

/// What `analyze` reads and how it analyses: the panel's columns and every analysis choice. The
/// defaults are the seed schema (`SeedSchema`, G3Data) and the values shown in `analyze --help`.
struct PanelChoices {
    var unit = SeedSchema.unit
    var month = SeedSchema.month
    var engagement = SeedSchema.engagement
    var engagementType = SeedSchema.engagementType
    var outcomes = SeedSchema.outcomes
    /// nil: the seed schema's numeric (categorical) covariates that the file has.
    var numeric: [String]?
    var categorical: [String]?
    var exact: [String] = []
    var segment = SeedSchema.segment
    var outliers = OutlierRule(mode: .none, factor: 2.5)
    var baselineEnd: String?
    var missing = MissingPolicy.missing
    var placeboDraws = 200
    /// Steps after matching that are switched off.
    var skip: Set<PanelAnalysis.FollowUp> = []
    /// k of the account clusters; nil chooses it by the silhouette.
    var clusters: Int? = 5
    var matching = MatchingChoices()
}

/// A design file of `kind: observational` (docs/commands/analyze.md, "Observational design files"): maps another
/// program's panel columns to the roles `analyze` needs and fixes the analysis choices, so that a
/// study is re-run the same way. Command-line flags override it.
struct ObservationalDesign {
    let id: String
    let title: String
    let choices: PanelChoices

    static let topKeys = [
        "kind", "id", "title", "panel", "outcomes", "covariates", "exact", "segment", "outliers", "baseline_end",
        "missing", "placebo_draws", "skip", "clusters", "matching"
    ]

    init(_ yaml: YAMLObject) throws {
        let kind = try yaml.requiredString("kind")
        guard kind == "observational" else {
            throw yaml.error(
                "kind",
                "expected observational for `analyze --design`, got '\(kind)' (rct and encouragement designs are for randomize)",
                at: yaml["kind"])
        }
        try yaml.rejectUnknownKeys(Self.topKeys)
        id = try yaml.requiredString("id")
        title = try yaml.requiredString("title")
        var c = PanelChoices()
        try Self.readColumns(yaml, into: &c)
        try Self.readAnalysis(yaml, into: &c)
        if let matching = try yaml.object("matching") {
            c.matching = try Self.matching(matching, over: c.matching, in: yaml)
        }
        do { try PanelRoles.check(c) } catch let error as ValidationError {
            throw yaml.error(nil, error.message, at: nil)
        }
        choices = c
    }

    /// `panel:`, `outcomes:`, `covariates:` and `exact:`: which columns play which role.
    static func readColumns(_ yaml: YAMLObject, into c: inout PanelChoices) throws {
        if let panel = try yaml.object("panel") {
            try panel.rejectUnknownKeys(["unit", "month", "engagement", "engagement_type"])
            c.unit = try panel.string("unit") ?? c.unit
            c.month = try panel.string("month") ?? c.month
            c.engagement = try panel.string("engagement") ?? c.engagement
            c.engagementType = try panel.string("engagement_type") ?? c.engagementType
        }
        if let outcomes = try yaml.strings("outcomes") {
            guard !outcomes.isEmpty else { throw yaml.error("outcomes", "expected at least one column") }
            c.outcomes = outcomes
        }
        if let covariates = try yaml.object("covariates") {
            try covariates.rejectUnknownKeys(["numeric", "categorical"])
            c.numeric = try covariates.strings("numeric")
            c.categorical = try covariates.strings("categorical")
        }
        c.exact = try yaml.strings("exact") ?? []
    }

    /// `segment:`, `outliers:`, `baseline_end:`, `missing:`, `placebo_draws:`, `skip:` and `clusters:`.
    static func readAnalysis(_ yaml: YAMLObject, into c: inout PanelChoices) throws {
        c.segment = try yaml.string("segment") ?? c.segment
        if let outliers = try yaml.object("outliers") {
            try outliers.rejectUnknownKeys(["rule", "factor"])
            c.outliers.mode = try outliers.choice("rule", of: OutlierRule.Mode.self) ?? c.outliers.mode
            c.outliers.factor = try outliers.number("factor") ?? c.outliers.factor
            guard c.outliers.factor > 0 else {
                throw outliers.error("factor", "expected a positive number, got \(c.outliers.factor)")
            }
        }
        if let end = try yaml.string("baseline_end") {
            guard Month.index(end) != nil else {
                throw yaml.error(
                    "baseline_end", "expected a month like 2025-06, got '\(end)'", at: yaml["baseline_end"])
            }
            c.baselineEnd = end
        }
        c.missing = try yaml.choice("missing", of: MissingPolicy.self) ?? c.missing
        c.placeboDraws = try yaml.integer("placebo_draws", in: 0...1_000_000) ?? c.placeboDraws
        if let skip = try yaml.strings("skip") {
            c.skip = Set(
                try skip.enumerated().map { i, name in
                    guard let step = PanelAnalysis.FollowUp(rawValue: name) else {
                        throw yaml.error(
                            "skip[\(i)]",
                            "expected one of \(PanelAnalysis.FollowUp.allCases.map(\.rawValue).joined(separator: ", ")), got '\(name)'",
                            at: yaml["skip"])
                    }
                    return step
                })
        }
        if yaml["clusters"]?.scalar?.string == "auto" {
            c.clusters = nil
        } else {
            c.clusters = try yaml.integer("clusters", in: 2...50) ?? c.clusters
        }
    }

    /// `matching:` over the defaults in `current`, checked as the flags are.
    static func matching(_ matching: YAMLObject, over current: MatchingChoices, in yaml: YAMLObject) throws
        -> MatchingChoices
    {
        try matching.rejectUnknownKeys([
            "distance", "ratio", "caliper", "caliper_sd", "order", "common_support", "replace",
            "ai_variance_matches", "bootstrap", "seed", "level"
        ])
        var m = current
        m.spec.distance = try matching.choice("distance", of: MatchingSpec.Distance.self) ?? m.spec.distance
        m.spec.ratio = try matching.integer("ratio", in: 1...100) ?? m.spec.ratio
        if matching["caliper"]?.scalar?.string.lowercased() == "none" {
            m.spec.caliper = nil
        } else if let caliper = try matching.number("caliper") {
            guard caliper > 0 else {
                throw matching.error("caliper", "expected a positive number of SDs or none, got \(caliper)")
            }
            m.spec.caliper = caliper
        }
        m.spec.caliperSD = try matching.choice("caliper_sd", of: MatchingSpec.CaliperSD.self) ?? m.spec.caliperSD
        m.spec.order = try matching.choice("order", of: MatchingSpec.Order.self) ?? m.spec.order
        m.spec.commonSupport = try matching.bool("common_support") ?? m.spec.commonSupport
        m.spec.replace = try matching.bool("replace") ?? m.spec.replace
        m.spec.varianceMatches = try matching.integer("ai_variance_matches", in: 0...100) ?? m.spec.varianceMatches
        m.bootstrap = try matching.integer("bootstrap", in: 0...10_000_000) ?? m.bootstrap
        m.seed = try matching.integer("seed", in: 0...Int(UInt32.max)).map(UInt32.init) ?? m.seed
        m.level = try matching.number("level") ?? m.level
        do {
            try MatchingOptions.check(m, name: { "matching." + $0.replacingOccurrences(of: "-", with: "_") })
        } catch let error as ValidationError {
            throw yaml.error(nil, error.message, at: yaml["matching"])
        }
        return m
    }
}
