import ArgumentParser
import Foundation
import G3Design
import G3Report
import G3Stats

/// `g3-design iv plan`: sample size, MDE and power of an encouragement design.
struct IVPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract:
            "Plan an encouragement design: N, MDE and power for the ITT and the LATE, and the expected first stage.",
        discussion: """
            A random share of accounts (--share) is offered the engagement; --takeup-treatment of \
            them and --takeup-control of the others take it up. The effect (--effect in SDs, or \
            --lift/--diff as in `g3-design power`) is the effect on those who take up. Give \
            --power to solve for N (total accounts), or --n for the power and the MDEs.

            ITT = (c − s)·LATE, so N_LATE = N_ITT/(c − s)²: low take-up is paid for quadratically. \
            The expected first-stage F is 1 + N P(1−P)(c−s)²/σ_v². Below 10 the instrument is weak \
            (Staiger & Stock 1997); honest 5% t-tests need F ≥ 104.7 (Lee, McCrary, Moreira & \
            Porter 2022), else report the Anderson–Rubin set.

            Example: g3-design iv plan --effect 0.3 --share 0.5 --takeup-treatment 0.6 --takeup-control 0.1 --power 0.8
            """)

    @OptionGroup(title: "Effect on those who take up") var effect: EffectOptions
    @Option(help: "Share of accounts offered the engagement (P).") var share = 0.5
    @Option(help: "Take-up among the offered (c, in (0, 1]).") var takeupTreatment: Double
    @Option(help: "Take-up among those not offered (s, in [0, c)).") var takeupControl = 0.0
    @Option(help: "Significance level.") var alpha = 0.05
    @Option(help: "Target power (solve for N).") var power: Double?
    @Option(help: "Total accounts (solve for power and the MDEs).") var n: Double?
    @Option(help: "R² of baseline covariates in the outcome model, in [0, 1).") var r2 = 0.0
    @Option(help: "Intra-cluster correlation, when whole clusters are offered.") var icc: Double?
    @Option(help: "Mean accounts per cluster; needs --icc.") var clusterSize: Double?
    @Option(help: "Test: z (normal, the textbook formula) or t.") var test: PlanTest = .z
    @Option(help: "Take-up rates c for the table and chart, comma-separated (default 0.2 to 1 by 0.1).") var takeupGrid:
        String?
    @Option(help: "Write the chart of N against take-up (SVG) to this file.") var chart: String?
    @Option(help: OutputFormat.help) var format: OutputFormat = .table

    enum PlanTest: String, ExpressibleByArgument, CaseIterable { case z, t }

    func validate() throws {
        guard (power == nil) != (n == nil) else {
            throw ValidationError("give --power (to solve for N) or --n (for power and MDEs), not both")
        }
        if let n, n < 4 { throw ValidationError("--n must be at least 4 accounts, got \(n)") }
        if (icc == nil) != (clusterSize == nil) { throw ValidationError("--icc and --cluster-size go together") }
        _ = try grid()
    }

    func grid() throws -> [Double] {
        guard let takeupGrid else {
            return stride(from: 0.2, through: 1.0001, by: 0.1).map { ($0 * 10).rounded() / 10 }
        }
        return try columnList(takeupGrid).map { text in
            guard let c = Double(text), c > takeupControl, c <= 1 else {
                throw ValidationError("--takeup-grid: expected take-up rates in (\(takeupControl), 1], got '\(text)'")
            }
            return c
        }
    }

    func plan(takeup c: Double) throws -> EncouragementPlan {
        do {
            return try EncouragementPlan(
                share: share, compliance: Compliance(takeupTreatment: c, takeupControl: takeupControl),
                test: test == .z ? .z : .t, alpha: alpha, covariateR2: r2,
                cluster: icc.map { ClusterDesign(icc: $0, meanSize: clusterSize!, sizeCV: 0) })
        } catch let error as PowerInputError {
            throw ValidationError(Power.message(for: error))
        }
    }

    /// The steps: the plan at the expected take-up → the take-up grid → weak-instrument notes → output.
    func run() throws {
        let resolved = try effect.resolve()
        guard !resolved.isProportion else {
            throw ValidationError("iv plan takes the effect in SDs (--effect, --lift or --diff), not proportions")
        }
        guard let d = resolved.effect?.standardized, d != 0 else {
            throw ValidationError("give the effect on those who take up: --effect, --lift or --diff")
        }
        var (lines, result, total) = try summary(effect: d, scale: resolved.scale)
        let grid = try takeupGrid(effect: d, total: total)
        result.takeupGrid = grid.rows
        let notes = Self.firstStageNotes(expectedF: result.expectedFirstStageF)
        result.diagnostics = notes
        for note in notes { warn(note) }
        let text: String
        switch format {
        case .table:
            text =
                "Encouragement design: \(Format.percent(share, 0)) offered, take-up \(Format.percent(takeupTreatment, 0)) offered vs \(Format.percent(takeupControl, 0)) not, α = \(alpha), \(test.rawValue) test\n"
                + lines.render()
                + "\nBy take-up among the offered (N for the LATE at power \(Format.percent(power ?? 0.8, 0)); MDE and F at \(Format.grouped(total)) accounts)\n"
                + grid.table.render()
        case .json: text = try jsonText(result)
        case .csv: text = try csvText(result.takeupGrid)
        }
        if let chart { try write(chartSVG(grid.points), to: chart, flag: "--chart") }
        print(text, terminator: "")
    }

    /// The plan at the expected take-up: N (or power), the MDE and the expected first stage.
    func summary(effect d: Double, scale: EffectScale?) throws -> (AlignedRows, IVPlanDocument, total: Double) {
        let main = try plan(takeup: takeupTreatment)
        var result = IVPlanDocument(
            effectD: d, share: share, takeupTreatment: takeupTreatment, takeupControl: takeupControl, alpha: alpha,
            test: test.rawValue, power: power ?? 0)
        var lines = AlignedRows()
        lines.add(
            "effect on those who take up",
            "d = \(Format.fixed(d, 4))" + (scale.map { " (\(Format.grouped($0.sd * d, 2)) in outcome units)" } ?? ""))
        lines.add(
            "first stage",
            "c − s = \(Format.fixed(takeupTreatment - takeupControl, 3)): the offer moves take-up by that much, so ITT = \(Format.fixed(d * (takeupTreatment - takeupControl), 4)) SD"
        )
        let total: Double
        if let power {
            let sizes = try main.sampleSize(effect: d, power: power)
            total = sizes.late.rounded(.up)
            lines.add(
                "N for the LATE",
                "\(Format.grouped(total)) accounts (\(Format.grouped((total * share).rounded(.up))) offered) for power \(Format.percent(power, 0))"
            )
            lines.add(
                "N for the ITT",
                "\(Format.grouped(sizes.itt.rounded(.up))) accounts, if \(Format.fixed(d, 4)) SD were the effect of the offer itself (N_LATE = N_ITT/(c − s)²)"
            )
            result.nLate = sizes.late
            result.nItt = sizes.itt
        } else {
            guard let n else { throw ValidationError("give --n or --power") }
            total = n
            let achieved = try main.power(total: total, effect: d)
            lines.add(
                "power of the Wald/2SLS test", "\(Format.percent(achieved, 1)) with \(Format.grouped(total)) accounts")
            result.n = total
            result.power = achieved
        }
        let mde = try main.minimumDetectableEffect(total: total, power: power ?? 0.8)
        lines.add(
            "MDE at \(Format.grouped(total)) accounts",
            "LATE \(Format.fixed(mde.late, 4)) SD, ITT \(Format.fixed(mde.itt, 4)) SD (power \(Format.percent(power ?? 0.8, 0)))"
        )
        let mu2 = main.concentration(total: total)
        lines.add(
            "expected first stage",
            "F ≈ \(Format.fixed(1 + mu2, 1)) (concentration parameter μ² = \(Format.fixed(mu2, 1)))")
        result.mdeLate = mde.late
        result.mdeItt = mde.itt
        result.expectedFirstStageF = 1 + mu2
        result.concentration = mu2
        return (lines, result, total)
    }

    /// N for the LATE, the MDE and the expected F across take-up among the offered.
    func takeupGrid(effect d: Double, total: Double) throws
        -> (table: TextTable, rows: [IVPlanDocument.GridRow], points: [LineChart.Point])
    {
        var table = TextTable([
            ("take-up c", .right), ("N for the LATE", .right), ("MDE (LATE, SD)", .right), ("expected F", .right)
        ])
        var rows: [IVPlanDocument.GridRow] = []
        var points: [LineChart.Point] = []
        for c in try grid() {
            let p = try plan(takeup: c)
            let size = try? p.sampleSize(effect: d, power: power ?? 0.8).late.rounded(.up)
            let detectable = try p.minimumDetectableEffect(total: total, power: power ?? 0.8).late
            table.add([
                Format.fixed(c, 2), size.map { Format.grouped($0) } ?? "–", Format.fixed(detectable, 4),
                Format.fixed(1 + p.concentration(total: total), 1)
            ])
            rows.append(
                IVPlanDocument.GridRow(
                    takeupTreatment: c, nLate: size, mdeLate: detectable,
                    expectedFirstStageF: 1 + p.concentration(total: total)))
            if let size { points.append(.init(x: c, y: size)) }
        }
        return (table, rows, points)
    }

    /// Weak-instrument warnings for the expected first-stage F (Staiger & Stock 1997; Lee et al. 2022).
    static func firstStageNotes(expectedF f: Double) -> [Diagnostic] {
        if f < 10 {
            return [
                Diagnostic(
                    .weakInstrument, .warning,
                    "the expected first-stage F is \(Format.fixed(f, 1)) < 10: a weak instrument; 2SLS is biased toward OLS and its t-tests over-reject. Raise take-up among the offered or N, and report the Anderson–Rubin set"
                )
            ]
        }
        if f < 104.7 {
            return [
                Diagnostic(
                    .weakInstrument, .info,
                    "the expected first-stage F is \(Format.fixed(f, 1)): honest 5% t-tests need F ≥ 104.7 (Lee et al. 2022); plan to report the Anderson–Rubin set"
                )
            ]
        }
        return []
    }

    /// The chart of N for the LATE against take-up, the expected take-up marked.
    func chartSVG(_ points: [LineChart.Point]) -> String {
        var line = LineChart(
            title:
                "Accounts needed for the LATE against take-up among the offered (power \(Format.percent(power ?? 0.8, 0)))",
            xLabel: "take-up among the offered (c)", yLabel: "total accounts", points: points)
        line.marked = points.first { abs($0.x - takeupTreatment) < 1e-9 }.map {
            ($0, "c = \(Format.fixed(takeupTreatment, 2))")
        }
        return line.svg()
    }
}
