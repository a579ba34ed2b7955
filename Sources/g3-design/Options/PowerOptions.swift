import ArgumentParser
import Foundation
import G3Design
import G3Report

struct GivenOptions: ParsableArguments {
    @Option(name: .customLong("n"), help: "Accounts in the treatment arm (≥ 2; may be fractional).")
    var n: Double?

    @Option(help: "Target power, in (alpha, 1).")
    var power: Double?
}

struct TestOptions: ParsableArguments {
    @Option(help: "Significance level, in (0, 1).")
    var alpha: Double = 0.05

    @Option(help: "1 or 2: one-sided (in the direction of the effect) or two-sided.")
    var sides: Int = 2

    @Option(help: "Allocation ratio: control accounts per treated account.")
    var ratio: Double = 1

    @Option(help: "For a continuous outcome: t (exact noncentral t) or z (normal approximation).")
    var test: ContinuousTest?

    @Option(help: "For two proportions: arcsine (Cohen's h, as pwr), pooled (as power.prop.test, G*Power) or unpooled.")
    var method: ProportionMethod?

    func validate() throws {
        guard sides == 1 || sides == 2 else { throw ValidationError("--sides must be 1 or 2, got \(sides)") }
    }

    func powerTest(proportions: Bool) throws -> PowerTest {
        if proportions {
            if test != nil { throw ValidationError("--test is for a continuous effect; two proportions take --method") }
            return .proportions(method ?? .arcsine)
        }
        if method != nil { throw ValidationError("--method is for two proportions (--p-control, --p-treatment)") }
        return test == .z ? .z : .t
    }
}

enum ContinuousTest: String, ExpressibleByArgument, CaseIterable { case t, z }

struct AdjustmentOptions: ParsableArguments {
    @Option(help: "Intra-cluster correlation ρ in [0, 1): randomize whole clusters.")
    var icc: Double?
    @Option(help: "Mean accounts per cluster (m ≥ 1); needs --icc.")
    var clusterSize: Double?
    @Option(help: "Coefficient of variation of cluster sizes (Eldridge 2006); default 0.")
    var clusterCV: Double?
    @Option(help: "R² of baseline covariates in the outcome model, in [0, 1): variance × (1 − R²).")
    var r2: Double?
    @Option(help: "Baseline rounds m (McKenzie 2012); default 1 when repeated measures are used.")
    var pre: Int?
    @Option(help: "Follow-up rounds r; default 1.")
    var post: Int?
    @Option(help: "Autocorrelation of the outcome between rounds, in [0, 1).")
    var autocorr: Double?
    @Option(help: "Estimator using the rounds: post, did or ancova (default).")
    var estimator: RepeatedEstimator?
    @Option(help: "Take-up among those assigned to treatment (c, in (0, 1]).")
    var takeupTreatment: Double?
    @Option(help: "Take-up among controls (s, in [0, c)); default 0.")
    var takeupControl: Double?

    func cluster() throws -> ClusterDesign? {
        guard let icc else {
            if clusterSize != nil || clusterCV != nil {
                throw ValidationError("--cluster-size and --cluster-cv need --icc")
            }
            return nil
        }
        guard let clusterSize else { throw ValidationError("--icc needs --cluster-size (mean accounts per cluster)") }
        return ClusterDesign(icc: icc, meanSize: clusterSize, sizeCV: clusterCV ?? 0)
    }

    func repeated() throws -> RepeatedMeasures? {
        guard pre != nil || post != nil || autocorr != nil || estimator != nil else { return nil }
        guard let autocorr else {
            throw ValidationError("--pre, --post and --estimator need --autocorr (correlation between rounds)")
        }
        return RepeatedMeasures(
            baselineRounds: pre ?? 1, followUpRounds: post ?? 1, autocorrelation: autocorr,
            estimator: estimator ?? .ancova)
    }

    func compliance() throws -> Compliance? {
        guard let takeupTreatment else {
            if takeupControl != nil { throw ValidationError("--takeup-control needs --takeup-treatment") }
            return nil
        }
        return Compliance(takeupTreatment: takeupTreatment, takeupControl: takeupControl ?? 0)
    }
}

struct OutputOptions: ParsableArguments {
    @Option(help: OutputFormat.help)
    var format: OutputFormat = .table
    @Option(help: "Write the power curve to FILE: CSV, or an SVG chart when FILE ends in .svg.")
    var curve: String?
    @Option(help: "Points on the curve (default 200).")
    var curvePoints: Int?
}

extension ProportionMethod: ExpressibleByArgument {}

extension RepeatedEstimator: ExpressibleByArgument {}
