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
    @OptionGroup(title: "Plan from the accounts' history") var historyOptions: HistoryOptions

    func validate() throws {
        if historyOptions.history != nil { return try validateHistory() }
        _ = try plan()
        if let points = output.curvePoints, points < 2 || points > 100_000 {
            throw ValidationError("--curve-points must be a whole number from 2 to 100,000, got \(points)")
        }
    }

    func run() throws {
        if let path = historyOptions.history { return try runHistory(path: path) }
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
