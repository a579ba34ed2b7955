import Foundation
import GRDB

/// What `recordRandomization` did.
public enum RandomizationWrite: Equatable, Sendable {
    case written
    /// The same design and units were randomized before: nothing was written.
    case alreadyRecorded(ExperimentRecord)
}

extension Registry {
    /// The experiment with this id, if any.
    public func experiment(_ id: String) throws -> ExperimentRecord? {
        try database.read { try Self.fetchExperiment(id, $0) }
    }

    /// Every experiment, oldest first.
    public func experiments() throws -> [ExperimentRecord] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM experiment ORDER BY created_at, id").map(Self.experiment(from:))
        }
    }

    /// Writes an experiment, its units and assignments and the run that made them, in one
    /// transaction. If the experiment exists with the same design and unit list, nothing is written
    /// (`.alreadyRecorded`); with a different design or unit list, or when `mustBeNew` and it
    /// appeared while this process was randomizing, the write is refused.
    public func recordRandomization(
        _ experiment: ExperimentRecord, units: [AssignedUnit], run: RunRecord,
        mustBeNew: Bool
    ) throws -> RandomizationWrite {
        try transaction { db in
            if let existing = try Self.fetchExperiment(experiment.id, db) {
                if mustBeNew {
                    throw RegistryError(
                        "experiment '\(experiment.id)' was recorded by another process while this one was randomizing; nothing was written (see `g3-design registry show \(experiment.id)`)"
                    )
                }
                try Self.checkSameInputs(existing, experiment)
                return .alreadyRecorded(existing)
            }
            try Self.insertExperiment(experiment, units: units, db)
            try Self.insert(run, db)
            return .written
        }
    }

    /// Writes a study that arrives whole (an imported experiment, its outcomes and the estimates of
    /// each run) in one transaction: a kill or a failure at any point leaves none of it. Refuses an
    /// experiment that already exists.
    public func recordStudy(
        _ experiment: ExperimentRecord, units: [AssignedUnit], outcomes: [OutcomeValue], run: RunRecord,
        estimates: [(run: RunRecord, estimates: [EstimateRecord])]
    ) throws {
        try transaction { db in
            guard try Self.fetchExperiment(experiment.id, db) == nil else {
                throw RegistryError(
                    "experiment '\(experiment.id)' is already in the registry \(path); nothing was written")
            }
            try Self.insertExperiment(experiment, units: units, db)
            try Self.upsertOutcomes(experiment.id, outcomes, db)
            try Self.insert(run, db)
            for group in estimates { try Self.insertEstimates(group.estimates, run: group.run, db) }
        }
    }

    static func insertExperiment(_ experiment: ExperimentRecord, units: [AssignedUnit], _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO experiment (id, kind, title, design_yaml, design_sha256, seed, generator, units_sha256,
                  assignment_sha256, randomization_json, tool_version, status, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                experiment.id, experiment.kind, experiment.title, experiment.designYAML, experiment.designSHA256,
                experiment.seed, experiment.generator, experiment.unitsSHA256, experiment.assignmentSHA256,
                experiment.randomizationJSON, experiment.toolVersion, experiment.status, experiment.createdAt
            ])
        let insertUnit = try db.makeStatement(
            sql: "INSERT INTO unit (experiment_id, unit_id, stratum, covariates_json) VALUES (?, ?, ?, ?)")
        let insertArm = try db.makeStatement(
            sql: "INSERT INTO assignment (experiment_id, unit_id, arm) VALUES (?, ?, ?)")
        for unit in units {
            try insertUnit.execute(arguments: [experiment.id, unit.unitID, unit.stratum, unit.covariatesJSON])
            try insertArm.execute(arguments: [experiment.id, unit.unitID, unit.arm])
        }
    }

    /// Checks, before any work, whether randomizing `experiment` again would be a no-op (returns
    /// the stored record), new (nil), or a conflict (throws).
    public func priorRandomization(of experiment: ExperimentRecord) throws -> ExperimentRecord? {
        guard let existing = try self.experiment(experiment.id) else { return nil }
        try Self.checkSameInputs(existing, experiment)
        return existing
    }

    private static func checkSameInputs(_ existing: ExperimentRecord, _ new: ExperimentRecord) throws {
        if existing.designSHA256 != new.designSHA256 {
            throw RegistryError(
                "experiment '\(existing.id)' was randomized from a different design (SHA-256 \(existing.designSHA256.prefix(12))…, now \(new.designSHA256.prefix(12))…); assignments are immutable: give the new design a new id"
            )
        }
        if existing.unitsSHA256 != new.unitsSHA256 {
            throw RegistryError(
                "experiment '\(existing.id)' was randomized from a different unit list (SHA-256 \((existing.unitsSHA256 ?? "").prefix(12))…, now \((new.unitsSHA256 ?? "").prefix(12))…); assignments are immutable: give the new design a new id"
            )
        }
    }

    /// The units of an experiment with their arms and strata, in unit id order.
    public func assignments(_ experimentID: String) throws -> [AssignedUnit] {
        try database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT u.unit_id, u.stratum, u.covariates_json, a.arm FROM unit u
                    JOIN assignment a ON a.experiment_id = u.experiment_id AND a.unit_id = u.unit_id
                    WHERE u.experiment_id = ? ORDER BY u.unit_id
                    """, arguments: [experimentID]
            ).map {
                AssignedUnit(
                    unitID: $0["unit_id"], stratum: $0["stratum"] ?? "", covariatesJSON: $0["covariates_json"],
                    arm: $0["arm"])
            }
        }
    }

    static func fetchExperiment(_ id: String, _ db: Database) throws -> ExperimentRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM experiment WHERE id = ?", arguments: [id]).map(experiment(from:))
    }

    static func experiment(from row: Row) -> ExperimentRecord {
        ExperimentRecord(
            id: row["id"], kind: row["kind"], title: row["title"], designYAML: row["design_yaml"],
            designSHA256: row["design_sha256"], seed: row["seed"], generator: row["generator"],
            unitsSHA256: row["units_sha256"], assignmentSHA256: row["assignment_sha256"],
            randomizationJSON: row["randomization_json"], toolVersion: row["tool_version"],
            status: row["status"], createdAt: row["created_at"])
    }

    @discardableResult
    static func insert(_ run: RunRecord, _ db: Database) throws -> Int64 {
        try db.execute(
            sql: """
                INSERT INTO run (command, arguments_json, input_sha256_json, tool_version, started_at, finished_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                run.command, run.argumentsJSON, run.inputSHA256JSON, run.toolVersion, run.startedAt,
                run.finishedAt ?? Date()
            ])
        return db.lastInsertedRowID
    }
}
