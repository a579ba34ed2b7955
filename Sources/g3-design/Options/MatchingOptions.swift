import ArgumentParser
import G3Observational

/// Everything that decides a matching run: the matcher's spec and the inference settings.
struct MatchingChoices {
    var spec = MatchingSpec()
    var bootstrap = 10_000
    var seed: UInt32 = 20_261_124
    var level = 0.95
}

/// The matching flags `match` and `analyze` share. A flag left out keeps the value of the base
/// (a design file's `matching:` section, else the defaults shown in the help).
struct MatchingOptions: ParsableArguments {
    @Option(help: "Match on the logit of the score or the probability (default: logit).") var distance:
        MatchingSpec.Distance?
    @Option(help: "Controls per treated unit, 1 to 100 (default: 1).") var ratio: Int?
    @Option(help: "Caliper in SDs of the distance, or 'none' (default: 0.2).") var caliper: String?
    @Option(help: "SD for the caliper: all (over all units, MatchIt's default) or pooled (Austin) (default: all).")
    var caliperSD: MatchingSpec.CaliperSD?
    @Option(help: "Order in which treated units choose: largest, smallest, random or data (default: largest).")
    var order: MatchingSpec.Order?
    @Flag(help: "Drop units outside the overlap of the two groups' distances first.") var commonSupport = false
    @Flag(help: "Match with replacement (ties kept); the SE is then Abadie–Imbens and there is no pair bootstrap.")
    var replace = false
    @Option(
        help: ArgumentHelp(
            "With --replace: 0 takes the outcome variance as constant (R Matching's default); J ≥ 1 estimates it from each control's J nearest controls (default: 0).",
            valueName: "J"))
    var aiVarianceMatches: Int?
    @Option(help: "Pair-bootstrap replicates, 0 for none or 100 to 10,000,000 (default: 10000).") var bootstrap: Int?
    @Option(help: "Seed of the bootstrap, the placebo draws and random order (MT19937) (default: 20261124).") var seed:
        UInt32?
    @Option(help: "Confidence level (default: 0.95).") var level: Double?

    func validate() throws { _ = try resolved() }

    /// The flags given over `base`, checked.
    func resolved(over base: MatchingChoices = MatchingChoices()) throws -> MatchingChoices {
        var choices = base
        if let distance { choices.spec.distance = distance }
        if let ratio { choices.spec.ratio = ratio }
        if let caliperSD { choices.spec.caliperSD = caliperSD }
        if let order { choices.spec.order = order }
        if commonSupport { choices.spec.commonSupport = true }
        if replace { choices.spec.replace = true }
        if let aiVarianceMatches { choices.spec.varianceMatches = aiVarianceMatches }
        if let bootstrap { choices.bootstrap = bootstrap }
        if let seed { choices.seed = seed }
        if let level { choices.level = level }
        if let caliper {
            if caliper.lowercased() == "none" {
                choices.spec.caliper = nil
            } else {
                guard let value = Double(caliper), value > 0 else {
                    throw ValidationError("--caliper must be a positive number of SDs or 'none', got '\(caliper)'")
                }
                choices.spec.caliper = value
            }
        }
        try Self.check(choices)
        return choices
    }

    /// The rules a resolved choice must meet, whichever source its values came from.
    /// `name` turns a setting's name into the way the user wrote it (a flag here, a YAML key in a design file).
    static func check(_ choices: MatchingChoices, name: (String) -> String = { "--\($0)" }) throws {
        let spec = choices.spec
        guard (1...100).contains(spec.ratio) else {
            throw ValidationError("\(name("ratio")) must be a whole number from 1 to 100, got \(spec.ratio)")
        }
        guard spec.varianceMatches >= 0 else {
            throw ValidationError("\(name("ai-variance-matches")) must be ≥ 0, got \(spec.varianceMatches)")
        }
        if spec.varianceMatches > 0, !spec.replace {
            throw ValidationError("\(name("ai-variance-matches")) applies only with \(name("replace"))")
        }
        guard choices.bootstrap == 0 || (100...10_000_000).contains(choices.bootstrap) else {
            throw ValidationError(
                "\(name("bootstrap")) must be 0 or from 100 to 10,000,000 replicates, got \(choices.bootstrap)")
        }
        guard choices.level > 0, choices.level < 1 else {
            throw ValidationError("\(name("level")) must be a number in (0, 1), got \(choices.level)")
        }
    }
}

extension MatchingSpec.Distance: ExpressibleByArgument {}
extension MatchingSpec.Order: ExpressibleByArgument {}
extension MatchingSpec.CaliperSD: ExpressibleByArgument {}
