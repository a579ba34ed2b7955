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
