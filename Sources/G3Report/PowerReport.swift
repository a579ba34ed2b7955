import Foundation
import G3Design

/// Renders a power result for people (aligned table) and for scripts (JSON, CSV).
/// `scale` gives the outcome's natural units when the effect was entered as a lift or a difference.
public struct PowerReport {
    public let result: PowerResult
    public let scale: EffectScale?

    public init(result: PowerResult, scale: EffectScale?) {
        self.result = result
        self.scale = scale
    }

    private var design: PowerDesign { result.design }

    /// The test's name as printed and in JSON (`test`).
    public var testName: String {
        switch design.test {
        case .t: return "t"
        case .z: return "z"
        case .proportions(let method): return "proportions-\(method.rawValue)"
        }
    }

    private var testDescription: String {
        switch design.test {
        case .t: return "Two-sample t test (exact noncentral t)"
        case .z: return "Two-sample z test (normal approximation)"
        case .proportions(.arcsine): return "Two proportions, arcsine transform (Cohen's h)"
        case .proportions(.pooled): return "Two proportions, z test with pooled variance"
        case .proportions(.unpooled): return "Two proportions, z test with unpooled variance"
        }
    }

    // MARK: Terminal

    public func table() -> String {
        let solved = " ← solved"
        var rows = AlignedRows()
        rows.add("effect", effectText + (result.solvedFor == .effect ? solved : ""))
        if let itt = result.intentionToTreatEffect {
            rows.add(
                "effect (ITT)",
                "\(standardizedName) = \(Format.fixed(itt.standardized, 4)) after take-up \(Format.fixed(design.compliance!.takeupTreatment, 2)) vs \(Format.fixed(design.compliance!.takeupControl, 2))"
            )
        }
        rows.add("power", Format.fixed(result.power, 4) + (result.solvedFor == .power ? solved : ""))
        let nSuffix = result.solvedFor == .sampleSize ? solved : ""
        rows.add("n treatment", sizeText(result.nTreatment, result.nTreatmentCeil) + nSuffix)
        rows.add(
            "n control",
            sizeText(result.nControl, result.nControlCeil)
                + (design.ratio == 1 ? "" : "  (ratio \(Format.significant(design.ratio)) control per treated)"))
        rows.add("n total", Format.grouped(Double(result.nTreatmentCeil + result.nControlCeil)))
        if let full = result.nTreatmentFullTakeup {
            rows.add(
                "n with full take-up",
                "\(Format.grouped(full, 2)) per treatment arm (ITT); non-compliance multiplies n by \(Format.fixed(result.nTreatment / full, 2))"
            )
        }
        if let cluster = design.cluster, let clusters = result.clustersPerArm {
            rows.add(
                "design effect",
                "\(Format.fixed(design.designEffect, 4)) = 1 + ((CV² + 1)·m − 1)·ICC with m = \(Format.significant(cluster.meanSize)), CV = \(Format.significant(cluster.sizeCV)), ICC = \(Format.significant(cluster.icc))"
            )
            rows.add(
                "clusters per arm",
                "treatment \(Format.grouped(Double(clusters.treatment))), control \(Format.grouped(Double(clusters.control)))"
            )
        }
        if design.covariateR2 > 0 {
            rows.add("covariate adjustment", "variance × (1 − R²) = \(Format.fixed(1 - design.covariateR2, 4))")
        }
        if let repeated = design.repeated {
            rows.add(
                "repeated measures",
                "\(repeated.estimator.rawValue.uppercased()) with \(repeated.baselineRounds) baseline and \(repeated.followUpRounds) follow-up rounds, ρ = \(Format.significant(repeated.autocorrelation)): variance × \(Format.fixed(repeated.varianceFactor, 4)) (McKenzie 2012)"
            )
        }
        if design.varianceFactor != 1 {
            rows.add(
                "variance factor",
                "\(Format.fixed(design.varianceFactor, 4)): n accounts carry the information of n/\(Format.fixed(design.varianceFactor, 4))"
            )
        }
        let header =
            "\(testDescription), \(design.sides == .two ? "two-sided" : "one-sided"), alpha = \(Format.significant(design.alpha))"
        return header + "\n" + rows.render() + "\n"
    }

    private var standardizedName: String { if case .proportions = design.test { return "h" } else { return "d" } }

    private var effectText: String {
        switch result.effect {
        case .standardized(let d):
            var text = "d = \(Format.fixed(d, 4))"
            if let scale {
                let difference = scale.difference(forD: d)
                if let mean = scale.mean, let lift = scale.lift(forD: d) {
                    text +=
                        "  (lift \(Format.percent(lift)) of mean \(Format.grouped(mean)) = \(Format.grouped(difference, 2)); sd \(Format.grouped(scale.sd)), CV \(Format.fixed(scale.sd / mean, 2)))"
                } else {
                    text += "  (difference \(Format.grouped(difference, 4)) with sd \(Format.grouped(scale.sd, 4)))"
                }
            }
            return text
        case .proportions(let p0, let p1):
            return
                "p control \(Format.fixed(p0, 4)), p treatment \(Format.fixed(p1, 4))  (difference \(Format.fixed(p1 - p0, 4)), h = \(Format.fixed(result.effect.standardized, 4)))"
        }
    }

    private func sizeText(_ n: Double, _ ceiling: Int) -> String {
        "\(Format.grouped(n, 2)) → \(Format.grouped(Double(ceiling)))"
    }

    // MARK: Scripts

    /// The documented machine-readable document (docs/commands/power.md, "JSON keys").
    public var document: PowerDocument {
        var d = PowerDocument(
            solvedFor: result.solvedFor.rawValue, test: testName, sides: design.sides.rawValue, alpha: design.alpha,
            power: result.power, effectD: result.effect.standardized, ratio: design.ratio,
            nTreatment: result.nTreatment, nControl: result.nControl, nTotal: result.nTotal,
            nTreatmentCeil: result.nTreatmentCeil, nControlCeil: result.nControlCeil,
            designEffect: design.designEffect, varianceFactor: design.varianceFactor)
        if case .proportions(let p0, let p1) = result.effect {
            d.pControl = p0
            d.pTreatment = p1
        }
        d.clustersPerArm = result.clustersPerArm.map {
            PowerDocument.Clusters(treatment: $0.treatment, control: $0.control)
        }
        if case .standardized(let effect) = result.effect, let scale {
            d.mdeNatural = scale.difference(forD: effect)
            d.lift = scale.lift(forD: effect)
        }
        d.effectIttD = result.intentionToTreatEffect?.standardized
        d.nTreatmentFullTakeup = result.nTreatmentFullTakeup
        return d
    }

    /// One header line and one value line, the keys that apply to this design.
    public func csv() -> String {
        let columns = document.columns.compactMap { key, value in value.map { (key, $0) } }
        return CSV.line(columns.map(\.0)) + "\n" + CSV.line(columns.map(\.1)) + "\n"
    }
}
