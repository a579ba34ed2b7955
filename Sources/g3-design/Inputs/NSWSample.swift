import ArgumentParser
import Foundation
import G3Data
import G3Design
import G3Observational
import G3Registry
import G3Report
import G3Stats

/// The columns of an NSW-format file (`Fixtures/nsw/README.md`).
struct NSWSample {
    var ids: [String] = [], treated: [Bool] = []
    var numbers: [String: [Double]] = [:]
    static let columns = ["age", "educ", "black", "hisp", "marr", "nodegree", "re74", "re75", "re78"]
    var re78: [Double] { numbers["re78"]! }

    init(path: String) throws {
        let table = try CSVReader.read(path: path).requiringRows()
        let id = try table.column("id")
        let treat = try table.column("treat")
        let indices = try Self.columns.map { try table.column($0) }
        for r in table.rows.indices {
            ids.append(table.rows[r][id])
            treated.append(try table.requiredNumber(row: r, column: treat) == 1)
            for (name, c) in zip(Self.columns, indices) {
                numbers[name, default: []].append(try table.requiredNumber(row: r, column: c))
            }
        }
    }

    private init(ids: [String], treated: [Bool], numbers: [String: [Double]]) {
        self.ids = ids
        self.treated = treated
        self.numbers = numbers
    }

    func subset(_ keep: [Bool]) -> NSWSample {
        let rows = keep.indices.filter { keep[$0] }
        return NSWSample(
            ids: rows.map { ids[$0] }, treated: rows.map { treated[$0] },
            numbers: numbers.mapValues { v in rows.map { v[$0] } })
    }

    func appending(_ other: NSWSample) -> NSWSample {
        NSWSample(
            ids: ids + other.ids, treated: treated + other.treated, numbers: numbers.merging(other.numbers) { $0 + $1 })
    }

    /// Dehejia & Wahba's (1999) terms: age, age², educ, educ², black, hisp, marr, nodegree, re74, re75,
    /// and the indicators of zero earnings in 1974 and 1975.
    var terms: [(name: String, values: [Double])] {
        let n = numbers
        return [
            ("age", n["age"]!), ("age^2", n["age"]!.map { $0 * $0 }), ("educ", n["educ"]!),
            ("educ^2", n["educ"]!.map { $0 * $0 }),
            ("black", n["black"]!), ("hisp", n["hisp"]!), ("marr", n["marr"]!), ("nodegree", n["nodegree"]!),
            ("re74", n["re74"]!), ("re75", n["re75"]!), ("u74", n["re74"]!.map { $0 == 0 ? 1 : 0 }),
            ("u75", n["re75"]!.map { $0 == 0 ? 1 : 0 })
        ]
    }

    /// The naive difference, OLS, matching (with its DiD) and matching with replacement, on re78.
    func observationalEstimates(metric: String) throws -> [(estimate: EstimateDocument, notes: [Diagnostic])] {
        let naive = try ArmComparison.differenceInMeans(outcome: re78, treated: treated)
        var naiveEstimate = EstimateDocument(naive, outcome: metric, estimand: "difference in means")
        naiveEstimate.method = EstimateMethod.naive.rawValue
        let ols = try RegressionAdjustment(outcome: re78, treated: treated, covariates: terms)
        var estimates: [(estimate: EstimateDocument, notes: [Diagnostic])] = [
            (naiveEstimate, []),
            (
                EstimateDocument(
                    outcome: metric, method: .ols, estimand: "ATE (linear model)", estimate: ols.estimate,
                    se: ols.standardError, df: ols.degreesOfFreedom, ciLow: ols.ciLow, ciHigh: ols.ciHigh,
                    pValue: ols.pValue, nTreated: ols.nTreated, nControl: ols.nControl, seMethod: "classical"), []
            )
        ]
        let covariates = terms.map { Covariate.numeric(name: $0.name, values: $0.values) }
        let gain = zip(re78, numbers["re75"]!).map { $0 - $1 }
        let pairs = try MatchingAnalysis(
            covariates: covariates, treated: treated, outcomes: [("re78", re78), ("re78 - re75", gain)],
            exact: nil, spec: MatchingSpec(), bootstrap: 0, random: MersenneTwister(seed: 1))
        var withReplacement = MatchingSpec()
        withReplacement.replace = true
        withReplacement.caliper = nil
        let replaced = try MatchingAnalysis(
            covariates: covariates, treated: treated, outcomes: [("re78", re78)], exact: nil,
            spec: withReplacement, bootstrap: 0, random: MersenneTwister(seed: 1))
        let matched: [(EstimateMethod, String, MatchedEffect, MatchingAnalysis)] = [
            (.psm, "ATT", pairs.effects[0], pairs),
            (.psmDiD, "ATT (matched change since 1975)", pairs.effects[1], pairs),
            (.psmReplace, "ATT", replaced.effects[0], replaced)
        ]
        for (method, estimand, effect, analysis) in matched {
            var estimate = EstimateDocument(effect, method: method)
            estimate.outcome = metric
            estimate.estimand = estimand
            estimates.append((estimate, analysis.diagnostics))
        }
        return estimates
    }
}
