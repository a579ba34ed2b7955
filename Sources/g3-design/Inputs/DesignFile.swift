import Foundation
import G3Data
import G3Design
import G3Stats

/// A design file: its text, its SHA-256 and the experiment it declares. Format: docs/design-files.md.
struct DesignFile {
    let path: String
    let text: String
    let sha256: String
    let design: ExperimentDesign

    static let topKeys = [
        "kind", "id", "title", "units", "strata", "arms", "seed", "balance", "rerandomize",
        "metrics", "power", "takeup", "analysis"
    ]

    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DesignFileError("\(path): cannot read the file")
        }
        try self.init(text: String(decoding: data, as: UTF8.self), path: path)
    }

    /// A design from its text, e.g. as stored with an experiment in the registry.
    init(text: String, path: String) throws {
        self.path = path
        self.text = text
        self.sha256 = Fingerprint.sha256(text)
        self.design = try Self.parse(YAMLObject(text: text, file: path))
    }

    static func parse(_ yaml: YAMLObject) throws -> ExperimentDesign {
        let kindText = try yaml.requiredString("kind")
        if kindText == "observational" {
            throw yaml.error(
                "kind",
                "observational designs describe an analysis, not an assignment: use them with `g3-design analyze --design`",
                at: yaml["kind"])
        }
        try yaml.rejectUnknownKeys(topKeys)
        guard let kind = ExperimentDesign.Kind(rawValue: kindText) else {
            throw yaml.error(
                "kind",
                "expected one of \(ExperimentDesign.Kind.allCases.map(\.rawValue).joined(separator: ", ")), got '\(kindText)'",
                at: yaml["kind"])
        }
        let id = try yaml.requiredString("id")
        guard id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw yaml.error("id", "expected letters, digits, '-', '_' or '.', got '\(id)'", at: yaml["id"])
        }
        let title = try yaml.requiredString("title")
        guard let units = try yaml.object("units") else {
            throw yaml.error("units", "is required (at least `id: COLUMN`)")
        }
        try units.rejectUnknownKeys(["id", "eligible"])
        let unitID = try units.requiredString("id")
        let eligibility = try (units.objects("eligible") ?? []).map(parseEligibility)
        let strata = try yaml.strings("strata") ?? []
        guard let armObjects = try yaml.objects("arms") else {
            throw yaml.error("arms", "is required: a list of {name, share}")
        }
        let arms = try armObjects.map { arm -> ArmShare in
            try arm.rejectUnknownKeys(["name", "share"])
            guard let share = try arm.number("share") else { throw arm.error("share", "is required") }
            return ArmShare(name: try arm.requiredString("name"), share: share)
        }
        guard let seed = try yaml.integer("seed", in: 0...Int(UInt32.max)) else {
            throw yaml.error("seed", "is required: a whole number from 0 to 4294967295")
        }
        var rerandomization: (covariates: [String], rule: RerandomizationRule)?
        if let rerandomize = try yaml.object("rerandomize") {
            try rerandomize.rejectUnknownKeys(["covariates", "acceptance", "max_draws"])
            guard let covariates = try rerandomize.strings("covariates"), !covariates.isEmpty else {
                throw rerandomize.error("covariates", "is required: the columns whose balance decides acceptance")
            }
            guard let acceptance = try rerandomize.number("acceptance") else {
                throw rerandomize.error("acceptance", "is required: the acceptance probability in (0, 1]")
            }
            let maxDraws = try rerandomize.integer("max_draws", in: 1...10_000_000) ?? 1000
            rerandomization = (covariates, RerandomizationRule(acceptanceProbability: acceptance, maxDraws: maxDraws))
        }
        do { _ = try StratifiedRandomizer(arms: arms, rerandomization: rerandomization?.rule) } catch let error
            as RandomizationError
        {
            throw yaml.error(
                rerandomization != nil && arms.count != 2 ? "rerandomize" : "arms", error.description, at: yaml["arms"])
        }
        let takeup = try parseTakeup(yaml, kind: kind)
        let targets = try (yaml.objects("power") ?? []).map(parsePowerTarget)
        var design = ExperimentDesign(
            kind: kind, id: id, title: title, unitIDColumn: unitID, eligibility: eligibility, strata: strata,
            arms: arms,
            seed: UInt32(seed), balance: try yaml.strings("balance") ?? [], rerandomization: rerandomization,
            metrics: try yaml.strings("metrics") ?? [], powerTargets: targets, expectedTakeup: takeup)
        design.analysis = try yaml.object("analysis").map { try parseAnalysis($0, covariates: design.covariates) }
        return design
    }

    /// `takeup: {offered, not_offered}`: required for, and only for, encouragement designs.
    private static func parseTakeup(_ yaml: YAMLObject, kind: ExperimentDesign.Kind) throws -> Compliance? {
        guard let object = try yaml.object("takeup") else {
            guard kind != .encouragement else {
                throw yaml.error("takeup", "is required for kind: encouragement ({offered: c, not_offered: s})")
            }
            return nil
        }
        guard kind == .encouragement else {
            throw yaml.error("takeup", "belongs to kind: encouragement designs", at: yaml["takeup"])
        }
        try object.rejectUnknownKeys(["offered", "not_offered"])
        guard let offered = try object.number("offered"), offered > 0, offered <= 1 else {
            throw object.error("offered", "is required: expected take-up among those offered, in (0, 1]")
        }
        let notOffered = try object.number("not_offered") ?? 0
        guard notOffered >= 0, notOffered < offered else {
            throw object.error("not_offered", "expected a number in [0, offered), got \(notOffered)")
        }
        return Compliance(takeupTreatment: offered, takeupControl: notOffered)
    }

    /// `analysis: {estimator, covariates, pre_period, alpha, sides}`: the pre-registered analysis.
    private static func parseAnalysis(_ a: YAMLObject, covariates recorded: [String]) throws -> AnalysisPlan {
        try a.rejectUnknownKeys(["estimator", "covariates", "pre_period", "alpha", "sides"])
        let names = AnalysisPlan.estimators.map(\.rawValue)
        let text = try a.requiredString("estimator")
        guard let estimator = EstimateMethod(name: text), AnalysisPlan.estimators.contains(estimator) else {
            throw a.error(
                "estimator", "expected one of \(names.joined(separator: ", ")), got '\(text)'", at: a["estimator"])
        }
        let covariates = try a.strings("covariates") ?? []
        if let missing = covariates.first(where: { !recorded.contains($0) }) {
            throw a.error(
                "covariates",
                "'\(missing)' is not recorded at randomization (the design's balance and rerandomize columns: \(recorded.isEmpty ? "none" : recorded.joined(separator: ", ")))",
                at: a["covariates"])
        }
        guard estimator != .lin || !covariates.isEmpty else {
            throw a.error("covariates", "is required for estimator: lin")
        }
        let prePeriod = try a.string("pre_period")
        guard estimator != .cuped || prePeriod != nil else {
            throw a.error("pre_period", "is required for estimator: cuped")
        }
        let alpha = try a.number("alpha") ?? 0.05
        guard alpha > 0, alpha < 1 else {
            throw a.error("alpha", "expected a number in (0, 1), got \(alpha)", at: a["alpha"])
        }
        guard try a.integer("sides", in: 1...2) ?? 2 == 2 else {
            throw a.error("sides", "rct analyze reports two-sided tests and intervals: expected 2", at: a["sides"])
        }
        return AnalysisPlan(estimator: estimator, covariates: covariates, prePeriod: prePeriod, alpha: alpha)
    }

    private static func parseEligibility(_ rule: YAMLObject) throws -> EligibilityRule {
        try rule.rejectUnknownKeys(["column", "in", "not_in", "min", "max"])
        let column = try rule.requiredString("column")
        let tests: [EligibilityRule.Test] = [
            try rule.strings("in").map { .oneOf($0) }, try rule.strings("not_in").map { .noneOf($0) },
            try rule.number("min").map { .atLeast($0) }, try rule.number("max").map { .atMost($0) }
        ].compactMap { $0 }
        guard tests.count == 1 else { throw rule.error(nil, "give exactly one of in, not_in, min, max") }
        return EligibilityRule(column: column, test: tests[0])
    }

    /// {metric, alpha, power} and the effect as `effect: d`, `lift` + `baseline_mean` + (`cv` | `baseline_sd`),
    /// or `diff` + `sd`: the forms of `g3-design power`.
    private static func parsePowerTarget(_ target: YAMLObject) throws -> PowerTarget {
        try target.rejectUnknownKeys([
            "metric", "alpha", "power", "effect", "lift", "baseline_mean", "cv", "baseline_sd", "diff", "sd"
        ])
        let alpha = try target.number("alpha") ?? 0.05
        guard alpha > 0, alpha < 1 else { throw target.error("alpha", "expected a number in (0, 1), got \(alpha)") }
        let power = try target.number("power") ?? 0.8
        guard power > alpha, power < 1 else {
            throw target.error("power", "expected a number in (alpha, 1), got \(power)")
        }
        let metric = try target.requiredString("metric")
        if let d = try target.number("effect") {
            return PowerTarget(metric: metric, effect: d, scale: nil, alpha: alpha, power: power)
        }
        if let lift = try target.number("lift") {
            guard let mean = try target.number("baseline_mean"), mean > 0 else {
                throw target.error("baseline_mean", "is required with lift: a positive number")
            }
            let sd: Double
            switch (try target.number("cv"), try target.number("baseline_sd")) {
            case (let cv?, nil) where cv > 0: sd = cv * mean
            case (nil, let s?) where s > 0: sd = s
            default: throw target.error(nil, "give the spread as exactly one positive cv or baseline_sd")
            }
            return PowerTarget(
                metric: metric, effect: lift * mean / sd, scale: EffectScale(sd: sd, mean: mean), alpha: alpha,
                power: power)
        }
        if let diff = try target.number("diff") {
            guard let sd = try target.number("sd"), sd > 0 else {
                throw target.error("sd", "is required with diff: a positive number")
            }
            return PowerTarget(
                metric: metric, effect: diff / sd, scale: EffectScale(sd: sd), alpha: alpha, power: power)
        }
        throw target.error(
            nil, "give the effect as effect (Cohen's d), lift with baseline_mean and cv or baseline_sd, or diff with sd"
        )
    }
}
