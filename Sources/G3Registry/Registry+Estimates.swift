import Foundation
import GRDB

/// An estimate as read back, with the run that wrote it.
public struct StoredEstimate: Equatable, Sendable {
    public let id: Int64
    public let runID: Int64
    public let command: String
    public let recordedAt: Date
    public let record: EstimateRecord
}

extension Registry {
    /// The estimates of one metric linked to an experiment, oldest first.
    public func estimates(experimentID: String, metric: String) throws -> [StoredEstimate] {
        try database.read { db in
            guard try Self.fetchExperiment(experimentID, db) != nil else {
                throw RegistryError("no experiment '\(experimentID)' in the registry \(path)")
            }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT e.*, r.command, r.started_at FROM estimate e JOIN run r ON r.id = e.run_id
                    WHERE e.experiment_id = ? AND e.metric = ? ORDER BY e.id
                    """, arguments: [experimentID, metric]
            ).map(Self.storedEstimate)
        }
    }

    /// The metrics with estimates linked to an experiment, for error messages.
    public func estimatedMetrics(experimentID: String) throws -> [String] {
        try database.read { db in
            try String.fetchAll(
                db, sql: "SELECT DISTINCT metric FROM estimate WHERE experiment_id = ? ORDER BY metric",
                arguments: [experimentID])
        }
    }

    /// Links the observational estimates of run `runID` to an experiment, so that `compare` lays
    /// them beside its randomized estimates. One transaction; returns the number of estimates linked.
    /// A run's estimates that are already linked to another experiment, or are randomized, are refused.
    public func link(runID: Int64, to experimentID: String, sharedUnits: Int?) throws -> Int {
        try transaction { db in
            guard try Self.fetchExperiment(experimentID, db) != nil else {
                throw RegistryError("no experiment '\(experimentID)' in the registry \(path)")
            }
            let rows = try Row.fetchAll(
                db, sql: "SELECT experiment_id, evidence FROM estimate WHERE run_id = ?", arguments: [runID])
            guard !rows.isEmpty else {
                throw RegistryError(
                    "run \(runID) stored no estimates in the registry \(path); `g3-design registry runs` lists the runs"
                )
            }
            if rows.contains(where: { ($0["evidence"] as String) == Evidence.randomized.rawValue }) {
                throw RegistryError("run \(runID) holds randomized estimates, which belong to their own experiment")
            }
            let others = Set(rows.compactMap { $0["experiment_id"] as String? }).subtracting([experimentID])
            if let other = others.sorted().first {
                throw RegistryError("run \(runID)'s estimates are already linked to experiment '\(other)'")
            }
            // Without a count the measured one stays (COALESCE): a link never erases what analyze counted.
            try db.execute(
                sql: "UPDATE estimate SET experiment_id = ?, shared_units = COALESCE(?, shared_units) WHERE run_id = ?",
                arguments: [experimentID, sharedUnits, runID])
            return db.changesCount
        }
    }

    /// The runs that stored estimates, newest first, for `registry runs`.
    public func estimateRuns() throws -> [(
        runID: Int64, command: String, startedAt: Date, estimates: Int, experiments: [String]
    )] {
        try database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT r.id, r.command, r.started_at, COUNT(e.id) AS n, GROUP_CONCAT(DISTINCT e.experiment_id) AS experiments
                    FROM run r JOIN estimate e ON e.run_id = r.id GROUP BY r.id ORDER BY r.id DESC
                    """
            ).map { row in
                (
                    row["id"], row["command"], row["started_at"], row["n"],
                    ((row["experiments"] as String?) ?? "").split(separator: ",").map(String.init).sorted()
                )
            }
        }
    }

    /// The unit ids of an experiment, to count how many units an observational analysis shares with it.
    public func unitIDs(_ experimentID: String) throws -> Set<String> {
        try database.read { db in
            Set(
                try String.fetchAll(
                    db, sql: "SELECT unit_id FROM unit WHERE experiment_id = ?", arguments: [experimentID]))
        }
    }

    static func storedEstimate(_ row: Row) -> StoredEstimate {
        StoredEstimate(
            id: row["id"], runID: row["run_id"], command: row["command"], recordedAt: row["started_at"],
            record: EstimateRecord(
                experimentID: row["experiment_id"], method: row["method"], estimand: row["estimand"],
                metric: row["metric"],
                population: row["population"], estimate: row["estimate"], standardError: row["se"],
                degreesOfFreedom: row["df"],
                ciLow: row["ci_low"], ciHigh: row["ci_high"], pValue: row["p_value"], nTreatment: row["n_treatment"],
                nControl: row["n_control"], diagnosticsJSON: row["diagnostics_json"],
                evidence: Evidence(rawValue: row["evidence"]) ?? .observational, sharedUnits: row["shared_units"]))
    }
}

extension Registry {
    /// One stored estimate by id, with its run.
    public func estimate(id: Int64) throws -> StoredEstimate? {
        try database.read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT e.*, r.command, r.started_at FROM estimate e JOIN run r ON r.id = e.run_id WHERE e.id = ?",
                arguments: [id]
            ).map(Self.storedEstimate)
        }
    }
}
