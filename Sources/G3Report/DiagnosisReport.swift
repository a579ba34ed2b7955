import Foundation
import G3Observational

/// Renders a `DesignDiagnosis`: one row per estimator and outcome.
public struct DiagnosisReport {
    public let diagnosis: DesignDiagnosis
    public let level: Double
    public init(diagnosis: DesignDiagnosis, level: Double) {
        self.diagnosis = diagnosis
        self.level = level
    }

    public func table() -> String {
        var t = TextTable([
            ("outcome", .left), ("estimator", .left), ("mean truth", .right), ("bias", .right), ("(MC SE)", .right),
            ("RMSE", .right), ("\(Format.percent(level, 0)) CI coverage", .right), ("power", .right)
        ])
        for s in diagnosis.summaries {
            t.add([
                s.outcome, s.estimator.rawValue, Format.grouped(s.meanTruth, 1), Format.grouped(s.bias, 1),
                Format.grouped(s.biasStandardError, 1),
                Format.grouped(s.rmse, 1), s.coverage.map { Format.percent($0, 1) } ?? "–",
                s.power.map { Format.percent($0, 1) } ?? "–"
            ])
        }
        return t.render()
            + "bias = mean(estimate − truth) over replications; the matched estimators' truth is the ATT of the engaged accounts the matching kept (\(Format.percent(diagnosis.keptShare, 1)) on average), the naive contrast's that of all engaged; power = share of p < \(Format.fixed(1 - level, 2)); naive has no CI\n"
    }
}
