import G3Data
import G3Design
import G3Observational
import G3Stats

/// The accounts of a history that a design would randomize (`diagnose --history`), as its units file
/// would list them at the start of the follow-up: a numeric column's value is the account's baseline
/// mean, a text column's its value in the latest baseline month. The design's eligibility rules
/// apply to those values; an account without a stratum value is left out and counted.
struct DesignAccounts {
    let accounts: SimulationAccounts
    /// The history of the eligible accounts, for the analytic power.
    let history: OutcomeHistory
    let excluded: Int
    let withoutStratum: Int

    /// The numeric and text columns a design needs from the history, besides the outcome.
    static func columns(_ design: ExperimentDesign, linCovariates: [String]) -> (numeric: [String], text: [String]) {
        var numeric = linCovariates + design.covariates
        var text = design.strata
        for rule in design.eligibility {
            switch rule.test {
            case .atLeast, .atMost: numeric.append(rule.column)
            case .oneOf, .noneOf: text.append(rule.column)
            }
        }
        return (uniqueInOrder(numeric), uniqueInOrder(text))
    }

    init(_ input: HistoryInput, design: ExperimentDesign, path: String, linCovariates: [String], baselineMonths: Int)
        throws
    {
        let n = input.series.count
        /// Account i's baseline mean of `name` (every design column was read, so nil only on a defect).
        func numeric(_ name: String, _ i: Int) -> Double? {
            input.covariateNames.firstIndex(of: name).flatMap {
                input.covariates[$0].indices.contains(i) ? input.covariates[$0][i] : nil
            }
        }
        let eligible = (0..<n).filter { i in
            design.eligibility.allSatisfy { rule in
                switch rule.test {
                case .atLeast, .atMost: return rule.admits(nil, number: numeric(rule.column, i))
                case .oneOf, .noneOf: return rule.admits(input.labels[rule.column]?[i] ?? nil, number: nil)
                }
            }
        }
        let strata = eligible.map { i in
            design.strata.map { input.labels[$0]?[i] ?? nil }
        }
        let kept = zip(eligible, strata).filter { $0.1.allSatisfy { $0 != nil } }.map(\.0)
        excluded = n - eligible.count
        withoutStratum = eligible.count - kept.count
        guard kept.count >= 4 else {
            throw DataError(
                "\(path): \(kept.count) accounts of the history are eligible for design '\(design.id)' and have its strata; a simulation needs at least 4"
            )
        }
        let series = kept.map { input.series[$0] }
        let lin = linCovariates.map { name in kept.map { numeric(name, $0) ?? 0 } }
        let balance = (design.rerandomization?.covariates ?? []).map { name in kept.map { numeric(name, $0) ?? 0 } }
        let labels = kept.map { i in design.strata.map { input.labels[$0]?[i] ?? nil }.compactMap { $0 } }
        accounts = try SimulationAccounts(
            series: series, baselineMonths: baselineMonths, covariates: lin,
            strata: labels.map { $0.joined(separator: " / ") }, balance: balance)
        do {
            history = try OutcomeHistory(
                series: series, baselineMonths: baselineMonths, followUpMonths: series[0].count - baselineMonths,
                covariates: lin)
        } catch let error as DomainError {
            throw DataError("\(path): design '\(design.id)': \(error.description)")
        }
    }
}
