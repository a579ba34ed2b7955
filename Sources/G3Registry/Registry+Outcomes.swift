import Foundation
import GRDB

extension Registry {
    /// Upserts outcome values, keyed by (experiment, unit, metric, period), with the run, all or
    /// nothing. Unknown unit ids are refused before anything is written. Returns the rows written.
    @discardableResult
    public func importOutcomes(_ experimentID: String, _ values: [OutcomeValue], run: RunRecord) throws -> Int {
        try transaction { db in
            try Self.upsertOutcomes(experimentID, values, db)
            try Self.insert(run, db)
            return values.count
        }
    }

    static func upsertOutcomes(_ experimentID: String, _ values: [OutcomeValue], _ db: Database) throws {
        try requireUnits(values.map(\.unitID), of: experimentID, db)
        let upsert = try db.makeStatement(
            sql: """
                INSERT INTO outcome (experiment_id, unit_id, metric, period, value) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (experiment_id, unit_id, metric, period) DO UPDATE SET value = excluded.value
                """)
        for v in values { try upsert.execute(arguments: [experimentID, v.unitID, v.metric, v.period, v.value]) }
    }

    /// Upserts take-up records, all or nothing, refusing unknown unit ids.
    @discardableResult
    public func importTakeup(_ experimentID: String, _ values: [TakeupValue], run: RunRecord) throws -> Int {
        try transaction { db in
            try Self.requireUnits(values.map(\.unitID), of: experimentID, db)
            let upsert = try db.makeStatement(
                sql: """
                    INSERT INTO takeup (experiment_id, unit_id, engaged, engaged_on) VALUES (?, ?, ?, ?)
                    ON CONFLICT (experiment_id, unit_id) DO UPDATE SET engaged = excluded.engaged, engaged_on = excluded.engaged_on
                    """)
            for v in values { try upsert.execute(arguments: [experimentID, v.unitID, v.engaged ? 1 : 0, v.date]) }
            try Self.insert(run, db)
            return values.count
        }
    }

    /// Each assigned unit's arm, stratum and value of `metric` (in `period`, required when the metric
    /// has several), with take-up when recorded. Units without the value are left out.
    public func analysisRows(_ experimentID: String, metric: String, period: String?) throws -> (
        rows: [AnalysisRow], period: String
    ) {
        try database.read { db in
            guard try Self.fetchExperiment(experimentID, db) != nil else {
                throw RegistryError("no experiment '\(experimentID)' in the registry \(path)")
            }
            let periods = try String.fetchAll(
                db, sql: "SELECT DISTINCT period FROM outcome WHERE experiment_id = ? AND metric = ? ORDER BY period",
                arguments: [experimentID, metric])
            guard !periods.isEmpty else {
                let metrics = try String.fetchAll(
                    db, sql: "SELECT DISTINCT metric FROM outcome WHERE experiment_id = ? ORDER BY metric",
                    arguments: [experimentID])
                throw RegistryError(
                    "experiment '\(experimentID)' has no outcomes for metric '\(metric)'"
                        + (metrics.isEmpty
                            ? "; import them with `g3-design outcomes import`"
                            : "; it has \(metrics.joined(separator: ", "))"))
            }
            let chosen: String
            if let period {
                guard periods.contains(period) else {
                    throw RegistryError(
                        "metric '\(metric)' has no period '\(period)'; it has \(periods.joined(separator: ", "))")
                }
                chosen = period
            } else {
                guard periods.count == 1 else {
                    throw RegistryError(
                        "metric '\(metric)' has \(periods.count) periods (\(periods.prefix(5).joined(separator: ", "))))",
                        kind: .periodRequired)
                }
                chosen = periods[0]
            }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.unit_id, a.arm, u.stratum, o.value, t.engaged FROM assignment a
                    JOIN unit u ON u.experiment_id = a.experiment_id AND u.unit_id = a.unit_id
                    JOIN outcome o ON o.experiment_id = a.experiment_id AND o.unit_id = a.unit_id AND o.metric = ? AND o.period = ?
                    LEFT JOIN takeup t ON t.experiment_id = a.experiment_id AND t.unit_id = a.unit_id
                    WHERE a.experiment_id = ? ORDER BY a.unit_id
                    """, arguments: [metric, chosen, experimentID]
            ).map {
                AnalysisRow(
                    unitID: $0["unit_id"], arm: $0["arm"], stratum: $0["stratum"] ?? "", value: $0["value"],
                    engaged: ($0["engaged"] as Int?).map { $0 == 1 })
            }
            return (rows, chosen)
        }
    }

    /// Stores estimates with the run that produced them, in one transaction.
    public func recordEstimates(_ estimates: [EstimateRecord], run: RunRecord) throws {
        try transaction { db in try Self.insertEstimates(estimates, run: run, db) }
    }

    /// Every number stored must be finite: a NaN or infinity would reach `compare`, the report and the JSON.
    static func insertEstimates(_ estimates: [EstimateRecord], run: RunRecord, _ db: Database) throws {
        for e in estimates {
            let numbers =
                [e.estimate] + [e.standardError, e.degreesOfFreedom, e.ciLow, e.ciHigh, e.pValue].compactMap { $0 }
            guard numbers.allSatisfy(\.isFinite) else {
                throw RegistryError(
                    "the \(e.method) estimate of \(e.metric) has a value that is not a finite number; nothing was written"
                )
            }
        }
        let runID = try insert(run, db)
        for e in estimates {
            try db.execute(
                sql: """
                    INSERT INTO estimate (run_id, experiment_id, method, estimand, metric, population, estimate, df, se,
                      ci_low, ci_high, p_value, n_treatment, n_control, diagnostics_json, evidence, shared_units)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    runID, e.experimentID, e.method, e.estimand, e.metric, e.population, e.estimate,
                    e.degreesOfFreedom, e.standardError, e.ciLow, e.ciHigh, e.pValue, e.nTreatment,
                    e.nControl, e.diagnosticsJSON, e.evidence.rawValue, e.sharedUnits
                ])
        }
    }

    private static func requireUnits(_ ids: [String], of experimentID: String, _ db: Database) throws {
        guard try fetchExperiment(experimentID, db) != nil else {
            throw RegistryError("no experiment '\(experimentID)' in the registry")
        }
        let stored = try String.fetchAll(
            db, sql: "SELECT unit_id FROM unit WHERE experiment_id = ?", arguments: [experimentID])
        // SQLite compares bytes, Swift strings compare canonically: match on the UTF-8 bytes.
        let known = Set(stored.map { Array($0.utf8) })
        var unknown: [String] = []
        var seen = Set<[UInt8]>()
        for id in ids where !known.contains(Array(id.utf8)) && seen.insert(Array(id.utf8)).inserted {
            unknown.append(id)
        }
        let canonical = Set(stored)
        if let id = unknown.first(where: canonical.contains) {
            throw RegistryError(
                "unit id '\(id)' is spelled with other Unicode code points (NFC vs NFD) than the experiment's unit of the same look; normalize the file's ids to NFC; nothing was imported"
            )
        }
        guard unknown.isEmpty else {
            throw RegistryError(
                "\(unknown.count) unit id\(unknown.count == 1 ? " is" : "s are") not in experiment '\(experimentID)' (\(unknown.prefix(5).joined(separator: ", "))\(unknown.count > 5 ? ", …" : "")); nothing was imported"
            )
        }
    }
}
