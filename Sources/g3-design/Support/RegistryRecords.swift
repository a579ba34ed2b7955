import Foundation
import G3Registry
import G3Stats

/// The text whose SHA-256 an experiment records: one "unit<TAB>arm" line per unit, units in byte order.
func assignmentText(_ pairs: [(unit: String, arm: String)]) -> String {
    pairs.sorted { $0.unit.precedesInByteOrder($1.unit) }.map { "\($0.unit)\t\($0.arm)\n" }.joined()
}

/// The record of this command's run: its arguments, the SHA-256 of its input files, the tool version.
func runRecord(_ command: String, inputs: [String: String], startedAt: Date) throws -> RunRecord {
    let arguments = try JSONSerialization.data(withJSONObject: Array(CommandLine.arguments.dropFirst()))
    let hashes = try JSONSerialization.data(withJSONObject: inputs, options: .sortedKeys)
    return RunRecord(
        command: command, argumentsJSON: String(decoding: arguments, as: UTF8.self),
        inputSHA256JSON: String(decoding: hashes, as: UTF8.self), toolVersion: G3DesignCommand.version,
        startedAt: startedAt, finishedAt: Date())
}

/// A registry row from an estimate object of the shared shape (`outcome, method, estimand, estimate, se,
/// ci_low, ci_high, p_value, n_treated, n_control`, optional `relative` and `df`).
func estimateRecord(
    _ o: [String: Any], population: String, notes: [String], experimentID: String? = nil, sharedUnits: Int? = nil
) throws -> EstimateRecord {
    EstimateRecord(
        experimentID: experimentID, method: try o.field("method", as: String.self),
        estimand: try o.field("estimand", as: String.self),
        metric: try o.field("outcome", as: String.self),
        population: population, estimate: try o.field("estimate", as: Double.self), standardError: o["se"] as? Double,
        degreesOfFreedom: o["df"] as? Double, ciLow: o["ci_low"] as? Double, ciHigh: o["ci_high"] as? Double,
        pValue: o["p_value"] as? Double, nTreatment: o["n_treated"] as? Int, nControl: o["n_control"] as? Int,
        diagnosticsJSON: try jsonText(["relative": o["relative"] ?? NSNull(), "notes": notes], compact: true),
        evidence: .observational, sharedUnits: sharedUnits)
}
