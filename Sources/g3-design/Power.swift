import ArgumentParser
import Foundation
import G3Design
import G3Report

/// `g3-design power`: solves for whichever of n, power and effect is left out.
struct Power: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Power, sample size or minimum detectable effect of a two-arm design.",
        discussion: """
            Give two of --n, --power and an effect; the third is solved for.

            Give the effect in the units you have, never a relative lift as d:
              --effect D                              Cohen's d = (mean difference) / SD
              --lift L --baseline-mean M --cv C       relative lift; d = L·M/SD = L/CV
              --lift L --baseline-mean M --baseline-sd S
              --diff X --sd S                         absolute difference; d = X/S
              --p-control P0 --p-treatment P1         two proportions (see --method)

            To solve for the effect, leave out the lift, difference or treatment proportion but \
            keep the baseline (--baseline-mean with --cv or --baseline-sd, --sd, or --p-control): \
            the minimum detectable effect is then also printed in those units.

            n is the size of the treatment arm; the control arm has ratio × n (--ratio). \
            Design adjustments multiply the variance and are reported: cluster randomization \
            (--icc, --cluster-size, --cluster-cv), covariates (--r2), repeated measures (--pre, \
            --post, --autocorr, --estimator) and non-compliance (--takeup-treatment, \
            --takeup-control; the effect is then the effect on those who take up, the LATE).

            Examples:
              g3-design power --effect 0.5 --power 0.8
              g3-design power --lift 0.064 --baseline-mean 46313 --cv 2 --power 0.8
              g3-design power --n 234 --baseline-mean 46313 --cv 2 --power 0.8
              g3-design power --p-control 0.4 --p-treatment 0.5 --power 0.8 --method pooled
            """)

    @OptionGroup(title: "What is given (two of the three)") var given: GivenOptions
    @OptionGroup(title: "Effect") var effect: EffectOptions
    @OptionGroup(title: "Test") var test: TestOptions
    @OptionGroup(title: "Design adjustments") var adjustments: AdjustmentOptions
    @OptionGroup(title: "Output") var output: OutputOptions

    func validate() throws {
        _ = try plan()
        if let points = output.curvePoints, points < 2 || points > 100_000 {
            throw ValidationError("--curve-points must be a whole number from 2 to 100,000, got \(points)")
        }
    }

    func run() throws {
        let (calculator, question, scale) = try plan()
        if let lift = effect.lift, abs(lift) > 1 {
            warn(
                "--lift \(Format.significant(lift)) is a \(Format.significant(lift * 100))% change; a lift is a fraction (6.4% is --lift 0.064)"
            )
        }
        let result: PowerResult
        do { result = try calculator.analyze(question) } catch let error as PowerInputError {
            throw ValidationError(Self.message(for: error))
        }
        let report = PowerReport(result: result, scale: scale)
        let text: String
        switch output.format {
        case .table: text = report.table()
        case .json: text = try jsonText(report.document)
        case .csv: text = report.csv()
        }
        if let path = output.curve {
            let (axis, points) = try calculator.curve(around: result, points: output.curvePoints ?? 200)
            let curve = PowerCurveReport(axis: axis, points: points, result: result)
            try write(path.lowercased().hasSuffix(".svg") ? curve.svg() : curve.csv(), to: path, flag: "--curve")
        }
        print(text, terminator: "")
    }

    /// Turns the flags into a design and a question, or throws a one-sentence ValidationError
    /// that names the flag and what it expects.
    func plan() throws -> (PowerCalculator, PowerQuestion, EffectScale?) {
        let effectInput = try effect.resolve()
        let givenCount = [given.n != nil, given.power != nil, effectInput.effect != nil].filter { $0 }.count
        guard givenCount == 2 else {
            throw ValidationError(
                givenCount == 3
                    ? "--n, --power and the effect are all given: leave out the one to solve for"
                    : "give two of --n, --power and an effect (--effect, --lift, --diff or --p-treatment); the third is solved for"
            )
        }
        let design: PowerDesign
        do {
            design = try PowerDesign(
                test: try test.powerTest(proportions: effectInput.isProportion), alpha: test.alpha,
                sides: test.sides == 1 ? .one : .two, ratio: test.ratio,
                cluster: try adjustments.cluster(), covariateR2: adjustments.r2 ?? 0,
                repeated: try adjustments.repeated(), compliance: try adjustments.compliance())
        } catch let error as PowerInputError {
            throw ValidationError(Self.message(for: error))
        }
        let calculator = PowerCalculator(design: design)
        let question: PowerQuestion
        do {
            switch (given.n, given.power, effectInput.effect) {
            case (let n?, let power?, nil):
                try calculator.validate(power: power)
                try calculator.validate(n: n)
                question = .effect(nTreatment: n, power: power, controlProportion: effectInput.controlProportion)
            case (let n?, nil, let effect?):
                try calculator.validate(n: n)
                question = .power(nTreatment: n, effect: effect)
            case (nil, let power?, let effect?):
                try calculator.validate(power: power)
                question = .sampleSize(effect: effect, power: power)
            default:
                preconditionFailure("exactly two of n, power and effect were checked above")
            }
        } catch let error as PowerInputError {
            throw ValidationError(Self.message(for: error))
        }
        return (calculator, question, effectInput.scale)
    }

    /// "--alpha must be a number in (0, 1), got 1.5".
    static func message(for error: PowerInputError) -> String {
        "\(flag(for: error.parameter)) must be \(error.expected), got \(CSV.number(error.got))"
    }

    static func flag(for parameter: PowerInputError.Parameter) -> String {
        switch parameter {
        case .alpha: return "--alpha"
        case .power: return "--power"
        case .n: return "--n"
        case .ratio: return "--ratio"
        case .effect: return "--effect"
        case .pControl: return "--p-control"
        case .pTreatment: return "--p-treatment"
        case .icc: return "--icc"
        case .clusterSize: return "--cluster-size"
        case .clusterCV: return "--cluster-cv"
        case .r2: return "--r2"
        case .pre: return "--pre"
        case .post: return "--post"
        case .autocorrelation: return "--autocorr"
        case .takeupTreatment: return "--takeup-treatment"
        case .takeupControl: return "--takeup-control"
        case .share: return "--share"
        }
    }
}

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
extension ProportionMethod: ExpressibleByArgument {}
extension RepeatedEstimator: ExpressibleByArgument {}

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
    @Option(help: "Output format.")
    var format: OutputFormat = .table
    @Option(help: "Write the power curve to FILE: CSV, or an SVG chart when FILE ends in .svg.")
    var curve: String?
    @Option(help: "Points on the curve (default 200).")
    var curvePoints: Int?
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, json, csv }
