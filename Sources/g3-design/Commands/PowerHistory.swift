import ArgumentParser
import G3Data
import G3Design
import G3Report
import G3Stats

extension Power {
    /// `power --history`: the flags that go with it; the effect is a --lift of the follow-up mean or a
    /// --diff, and exactly one of --power and --n is given.
    func validateHistory() throws {
        let e = effect
        guard e.baselineMean == nil, e.cv == nil, e.baselineSd == nil, e.sd == nil else {
            throw ValidationError(
                "--history estimates the mean and the SD from the panel: leave out --baseline-mean, --cv, --baseline-sd and --sd"
            )
        }
        guard e.effect == nil, e.pControl == nil, e.pTreatment == nil, (e.lift == nil) != (e.diff == nil) else {
            throw ValidationError("--history takes the effect as --lift (of the follow-up mean) or --diff, one of them")
        }
        guard (given.power == nil) != (given.n == nil) else {
            throw ValidationError("--history: give --power (to solve for n per arm) or --n (for power), not both")
        }
        try historyOptions.validateWindow()
    }

    func runHistory(path: String) throws {
        let h = historyOptions
        let metric = h.metric ?? SeedSchema.securityRevenue
        let covariateNames = h.covariates.map(columnList) ?? [metric]
        let input = try HistoryInput(
            options: h, path: path, metric: metric, covariateNames: covariateNames,
            labels: [h.cluster].compactMap { $0 })
        let history: OutcomeHistory
        do {
            history = try OutcomeHistory(
                series: input.series, baselineMonths: h.baselineMonths, followUpMonths: h.followUpMonths,
                covariates: input.covariates, clusters: h.cluster.map { input.labels[$0]?.map { $0 ?? "" } ?? [] })
        } catch let error as DomainError {
            throw DataError("--history: \(path): \(error.description)")
        }
        let absolute = effect.diff ?? (effect.lift ?? 0) * history.mean
        let design = try PowerDesign(alpha: test.alpha, sides: test.sides == 1 ? .one : .two, ratio: test.ratio)
        let plan = try HistoryPlan(
            history: history, effect: absolute, targetPower: given.power, nPerArm: given.n, design: design)
        if input.leftOut > 0 {
            warn(
                "\(input.leftOut) accounts without \(metric) in every month of \(input.window.first) to \(input.window.last) are left out"
            )
        }
        let document = HistoryPlanDocument(
            metric: metric, window: input.window, baselineMonths: h.baselineMonths, followUpMonths: h.followUpMonths,
            covariates: covariateNames, cluster: h.cluster, history: history, plan: plan)
        switch output.format {
        case .table: print(document.table(), terminator: "")
        case .json: print(try jsonText(document), terminator: "")
        case .csv: print(try csvText(document.estimators), terminator: "")
        }
    }
}
