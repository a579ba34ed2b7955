import ArgumentParser
import G3Observational

/// The matching flags `match` and `analyze` share.
struct MatchingOptions: ParsableArguments {
    @Option(help: "Match on the logit of the score (default) or the probability.") var distance: MatchingSpec.Distance = .logit
    @Option(help: "Controls per treated unit.") var ratio = 1
    @Option(help: "Caliper in SDs of the distance, or 'none'.") var caliper = "0.2"
    @Option(help: "SD for the caliper: all (over all units, MatchIt's default) or pooled (Austin).") var caliperSD: MatchingSpec.CaliperSD = .all
    @Option(help: "Order in which treated units choose: largest, smallest, random or data.") var order: MatchingSpec.Order = .largest
    @Flag(help: "Drop units outside the overlap of the two groups' distances first.") var commonSupport = false
    @Option(help: "Pair-bootstrap replicates (0 for none).") var bootstrap = 10_000
    @Option(help: "Seed of the bootstrap and of random order (MT19937).") var seed: UInt32 = 20_261_124
    @Option(help: "Confidence level.") var level = 0.95

    func validate() throws {
        guard ratio >= 1 else { throw ValidationError("--ratio must be a whole number ≥ 1, got \(ratio)") }
        guard bootstrap >= 0 else { throw ValidationError("--bootstrap must be ≥ 0, got \(bootstrap)") }
        if bootstrap > 0, bootstrap < 100 { throw ValidationError("--bootstrap must be 0 or at least 100 replicates, got \(bootstrap)") }
        guard level > 0, level < 1 else { throw ValidationError("--level must be a number in (0, 1), got \(level)") }
        _ = try spec()
    }

    func spec() throws -> MatchingSpec {
        var spec = MatchingSpec()
        spec.distance = distance; spec.ratio = ratio; spec.caliperSD = caliperSD; spec.order = order; spec.commonSupport = commonSupport
        if caliper.lowercased() == "none" {
            spec.caliper = nil
        } else {
            guard let value = Double(caliper), value > 0 else { throw ValidationError("--caliper must be a positive number of SDs or 'none', got '\(caliper)'") }
            spec.caliper = value
        }
        return spec
    }
}

extension MatchingSpec.Distance: ExpressibleByArgument {}
extension MatchingSpec.Order: ExpressibleByArgument {}
extension MatchingSpec.CaliperSD: ExpressibleByArgument {}
