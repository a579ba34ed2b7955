import Foundation
import G3Design
import G3Registry
import G3Report

/// What `randomize` prints and records: counts per stratum, balance, re-randomization, power.
struct RandomizationSummary {
    let design: ExperimentDesign
    let result: RandomizationResult
    let excluded: Int
    let record: ExperimentRecord
    /// The power each non-reference arm has against each design target, at the sizes drawn.
    let powerChecks: [(target: PowerTarget, arm: String, power: Double, needed: Double?)]

    init(design: ExperimentDesign, result: RandomizationResult, excluded: Int, record: ExperimentRecord) throws {
        self.design = design
        self.result = result
        self.excluded = excluded
        self.record = record
        powerChecks = try Self.powerChecks(design, result)
    }

    var balance: [CovariateBalance] { CovariateBalance.table(result, covariateNames: design.covariates) }

    /// Stored with the experiment (`randomization_json`).
    var recordDocument: RandomizationRecordDocument {
        RandomizationRecordDocument(design: design, result: result, excluded: excluded)
    }

    /// `--format csv`: units per stratum and arm.
    var strataRows: [StratumArmCount] { StratumArmCount.rows(design: design, result: result) }

    func document(written: Bool) -> RandomizationDocument {
        RandomizationDocument(
            design: design, result: result, excluded: excluded, generator: record.generator,
            unitsSHA256: record.unitsSHA256, assignmentSHA256: record.assignmentSHA256, written: written,
            power: powerChecks.map {
                RandomizationDetailsDocument.Power(
                    metric: $0.target.metric, effectD: $0.target.effect, arm: $0.arm, power: $0.power,
                    target: $0.target.power)
            })
    }

    func table(destination: String) -> String {
        var head = AlignedRows()
        head.add(
            "units",
            "\(Format.grouped(Double(result.units.count))) eligible"
                + (excluded > 0 ? " (\(Format.grouped(Double(excluded))) excluded by eligibility rules)" : ""))
        head.add("generator", "\(record.generator ?? "?"), seed \(design.seed)")
        if let m = result.mahalanobis, let a = result.threshold {
            head.add(
                "re-randomization",
                "\(result.draws) draw\(result.draws == 1 ? "" : "s"); M = \(Format.fixed(m, 3)) ≤ \(Format.fixed(a, 3)) (acceptance \(Format.significant(design.rerandomization!.rule.acceptanceProbability)))"
            )
        }
        head.add("unit list SHA-256", record.unitsSHA256 ?? "")
        head.add("assignment SHA-256", record.assignmentSHA256 ?? "")
        head.add("registry", destination)

        var strata = TextTable([("stratum", .left)] + design.arms.map { ($0.name, .right) } + [("total", .right)])
        for s in result.strata {
            strata.add(
                [s.stratum.isEmpty ? "(all)" : s.stratum] + s.perArm.map { Format.grouped(Double($0)) } + [
                    Format.grouped(Double(s.total))
                ])
        }
        strata.add(
            ["total"] + result.totals.map { Format.grouped(Double($0)) } + [Format.grouped(Double(result.units.count))])

        var text =
            "Experiment \(design.id) (\(design.kind.rawValue)): \(design.title)\n\(head.render())\n\nUnits per stratum and arm\n\(strata.render())"
        if !balance.isEmpty {
            var table = TextTable([
                ("covariate", .left), ("arm", .left), ("mean", .right), ("mean \(design.arms[0].name)", .right),
                ("SMD", .right), ("var ratio", .right)
            ])
            var flagged = false
            var undefined = false
            for b in balance {
                let smdOff = b.smd.map { abs($0) >= 0.1 } ?? false
                let ratioOff = b.varianceRatio.map { !(0.5...2).contains($0) } ?? false
                flagged = flagged || smdOff || ratioOff
                undefined = undefined || b.smd == nil
                table.add([
                    b.covariate, b.arm, Format.grouped(b.meanArm, 2), Format.grouped(b.meanReference, 2),
                    b.smd.map { Format.fixed($0, 4) + (smdOff ? " *" : "") } ?? "–",
                    b.varianceRatio.map { Format.fixed($0, 3) + (ratioOff ? " *" : "") } ?? "–"
                ])
            }
            text +=
                "\nBalance (SMD with pooled SD; |SMD| < 0.1 and variance ratio in 0.5–2 are balanced)\n"
                + table.render()
            if flagged {
                text +=
                    "  * outside the usual range; for heavy-tailed covariates (revenue) a few large accounts drive the variance ratio: consider stratifying on size\n"
            }
            if undefined {
                text +=
                    "  – undefined: an arm has fewer than 2 units, or the covariate does not vary; balance cannot be judged\n"
            }
        }
        return text
    }

    static func powerChecks(_ design: ExperimentDesign, _ result: RandomizationResult) throws -> [(
        target: PowerTarget, arm: String, power: Double, needed: Double?
    )] {
        var checks: [(PowerTarget, String, Double, Double?)] = []
        for target in design.powerTargets {
            for k in 1..<design.arms.count {
                let nT = Double(result.totals[k])
                let nC = Double(result.totals[0])
                guard nT >= 2, nC >= 2 else { continue }
                let calculator = PowerCalculator(
                    design: try PowerDesign(alpha: target.alpha, ratio: nC / nT, compliance: design.expectedTakeup))
                let power = try calculator.power(nTreatment: nT, effect: .standardized(target.effect))
                let needed = try? calculator.sampleSize(effect: .standardized(target.effect), power: target.power)
                checks.append((target, design.arms[k].name, power, needed))
            }
        }
        return checks
    }

    var powerWarnings: [String] {
        powerChecks.filter { $0.power < $0.target.power }.map { check in
            let effect =
                check.target.scale.flatMap { $0.lift(forD: check.target.effect) }.map {
                    "a \(Format.percent($0, 1)) lift (d = \(Format.fixed(check.target.effect, 4)))"
                }
                ?? "d = \(Format.fixed(check.target.effect, 4))"
            let needed =
                check.needed.map {
                    "; power \(Format.fixed(check.target.power, 2)) needs \(Format.grouped($0.rounded(.up))) in '\(check.arm)' at this allocation"
                } ?? ""
            return
                "underpowered for \(check.target.metric): '\(check.arm)' vs '\(design.arms[0].name)' has power \(Format.fixed(check.power, 3)) to detect \(effect)\(design.expectedTakeup != nil ? " on those who take up" : "")\(needed)"
        }
    }
}
