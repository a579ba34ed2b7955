import ArgumentParser
import Foundation
import G3Data
import G3Design
import G3Registry
import G3Stats

/// `--registry PATH`, else `$G3_REGISTRY`, else `./g3-registry.sqlite`.
struct RegistryOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp("The SQLite registry (default: $G3_REGISTRY, else ./g3-registry.sqlite).", valueName: "path")
    )
    var registry: String?

    var path: String { registry ?? ProcessInfo.processInfo.environment["G3_REGISTRY"] ?? "g3-registry.sqlite" }

    func open() throws -> Registry { try Registry(path: path) }

    /// Opens a registry that must already exist, to write to it.
    func openExisting() throws -> Registry {
        try Self.requireFile(path)
        return try open()
    }

    /// Opens an existing registry read-only: reading commands never create, migrate or change the file.
    func openForReading() throws -> Registry {
        try Self.requireFile(path)
        return try Registry(path: path, access: .readOnly)
    }

    static func requireFile(_ path: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw ValidationError("no registry at \(path); randomize a design first, or pass --registry PATH")
        }
    }

    /// An experiment's record, or an error naming the registry.
    static func experiment(_ id: String, in store: Registry) throws -> ExperimentRecord {
        guard let record = try store.experiment(id) else {
            throw ValidationError(
                "no experiment '\(id)' in the registry \(store.path); `g3-design registry show` lists them")
        }
        return record
    }

    /// The unit ids of experiment `id`, which must exist in the existing registry at `path`.
    static func experimentUnits(_ id: String, registryAt path: String) throws -> Set<String> {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("no registry at \(path); the experiment must be randomized or imported first")
        }
        let store = try Registry(path: path, access: .readOnly)
        _ = try experiment(id, in: store)
        return try store.unitIDs(id)
    }

    /// The existing registry, and the design stored with experiment `id`, whose stored assignment
    /// must still hash to the SHA-256 recorded at randomization.
    func storedDesign(_ id: String) throws -> (store: Registry, design: ExperimentDesign) {
        let store = try openExisting()
        let record = try Self.experiment(id, in: store)
        try Self.verifyAssignment(record, in: store)
        return (store, try DesignFile(text: record.designYAML, path: "\(id) (stored design)").design)
    }

    /// Refuses an experiment whose assignment rows no longer hash to the recorded SHA-256: the audit
    /// trail was altered outside g3-design.
    static func verifyAssignment(_ record: ExperimentRecord, in store: Registry) throws {
        guard let recorded = record.assignmentSHA256 else { return }
        let stored = try store.assignments(record.id).map { ($0.unitID, $0.arm) }
        guard Fingerprint.sha256(assignmentText(stored)) == recorded else {
            throw DataError(
                "\(store.path): the assignment of experiment '\(record.id)' no longer matches the SHA-256 recorded at randomization (\(recorded.prefix(12))…): it was altered outside g3-design"
            )
        }
    }
}

/// The text whose SHA-256 an experiment records: one "unit<TAB>arm" line per unit, units in byte order.
func assignmentText(_ pairs: [(unit: String, arm: String)]) -> String {
    pairs.sorted { $0.unit.precedesInByteOrder($1.unit) }.map { "\($0.unit)\t\($0.arm)\n" }.joined()
}

extension RegistryOptions {
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

/// Prints a warning line on stderr.
func warn(_ message: String) {
    FileHandle.standardError.write(Data("g3-design: warning: \(message)\n".utf8))
}

/// JSON text of a value tree, keys sorted: pretty with a final newline for people, or one compact line to store.
func jsonText(_ object: Any, compact: Bool = false) throws -> String {
    guard JSONSerialization.isValidJSONObject(object),
        let data = try? JSONSerialization.data(
            withJSONObject: object, options: compact ? [.sortedKeys] : [.prettyPrinted, .sortedKeys])
    else {
        throw InternalError(
            "a result is not a finite number (NaN or infinity) and cannot be written as JSON; please report this with the command line"
        )
    }
    return String(decoding: data, as: UTF8.self) + (compact ? "" : "\n")
}

/// A registry row from an estimate object of the shared shape (`outcome, method, estimand, estimate, se,
/// ci_low, ci_high, p_value, n_treated, n_control`, optional `relative` and `df`).
func estimateRecord(
    _ o: [String: Any], population: String, notes: [String], experimentID: String? = nil, sharedUnits: Int? = nil
) throws -> EstimateRecord {
    EstimateRecord(
        experimentID: experimentID, method: o["method"] as! String, estimand: o["estimand"] as! String,
        metric: o["outcome"] as! String,
        population: population, estimate: o["estimate"] as! Double, standardError: o["se"] as? Double,
        degreesOfFreedom: o["df"] as? Double, ciLow: o["ci_low"] as? Double, ciHigh: o["ci_high"] as? Double,
        pValue: o["p_value"] as? Double, nTreatment: o["n_treated"] as? Int, nControl: o["n_control"] as? Int,
        diagnosticsJSON: try jsonText(["relative": o["relative"] ?? NSNull(), "notes": notes], compact: true),
        evidence: .observational, sharedUnits: sharedUnits)
}

/// A defect of g3-design itself (exit 70): a check that should have refused the input earlier did not.
struct InternalError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
