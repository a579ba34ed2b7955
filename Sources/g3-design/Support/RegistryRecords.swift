import Foundation
import G3Design
import G3Registry
import G3Report
import G3Stats

/// The text whose SHA-256 an experiment records: one "unit<TAB>arm" line per unit, units in byte order.
func assignmentText(_ pairs: [(unit: String, arm: String)]) -> Data {
    let order = ByteOrder.sortedIndices(pairs.map(\.unit))
    return assignmentText(count: pairs.count) { pairs[order[$0]] }
}

/// The same text for units already in byte order of their ids, as a `RandomizationResult` holds them.
func assignmentText(sorted units: [RandomizationUnit], arms: [Int], names: [String]) -> Data {
    assignmentText(count: units.count) { (units[$0].id, names[arms[$0]]) }
}

/// "unit<TAB>arm" lines for the pairs 0..<count in their order, written into one buffer.
private func assignmentText(count: Int, _ pair: (Int) -> (unit: String, arm: String)) -> Data {
    var text: [UInt8] = []
    text.reserveCapacity(count * 32)
    for i in 0..<count {
        var (unit, arm) = pair(i)
        unit.withUTF8 { text.append(contentsOf: $0) }
        text.append(UInt8(ascii: "\t"))
        arm.withUTF8 { text.append(contentsOf: $0) }
        text.append(UInt8(ascii: "\n"))
    }
    return Data(text)
}

/// The record of this command's run: its arguments, the SHA-256 of its input files, the tool version.
func runRecord(_ command: String, inputs: [String: String], startedAt: Date) throws -> RunRecord {
    return RunRecord(
        command: command, argumentsJSON: try jsonText(Array(CommandLine.arguments.dropFirst()), compact: true),
        inputSHA256JSON: try jsonText(inputs, compact: true), toolVersion: G3DesignCommand.version,
        startedAt: startedAt, finishedAt: Date())
}

/// A registry row from an estimate of the shared shape, with what the row keeps beside it.
func estimateRecord(
    _ e: EstimateDocument, population: String, notes: EstimateNotesDocument, experimentID: String? = nil,
    evidence: Evidence = .observational, sharedUnits: Int? = nil
) throws -> EstimateRecord {
    EstimateRecord(
        experimentID: experimentID, method: e.method, estimand: e.estimand, metric: e.outcome, population: population,
        estimate: e.estimate, standardError: e.se, degreesOfFreedom: e.df, ciLow: e.ciLow, ciHigh: e.ciHigh,
        pValue: e.pValue, nTreatment: e.nTreated, nControl: e.nControl,
        diagnosticsJSON: try jsonText(notes, compact: true), evidence: evidence, sharedUnits: sharedUnits)
}
