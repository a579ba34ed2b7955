import GRDB

/// The registry's tables (ARCHITECTURE.md, "Registry").
enum Schema {
    /// v1: the experiment and its units and assignments (`createDesignTables`), then what happens to
    /// them: take-up, outcomes, runs and estimates (`createResultTables`).
    static func createVersion1(_ db: Database) throws {
        try createDesignTables(db)
        try createResultTables(db)
    }

    static func createDesignTables(_ db: Database) throws {
        try db.create(table: "experiment") { t in
            t.primaryKey("id", .text)
            t.column("kind", .text).notNull().check { ["rct", "encouragement", "observational"].contains($0) }
            t.column("title", .text).notNull()
            t.column("design_yaml", .text).notNull()
            t.column("design_sha256", .text).notNull()
            t.column("seed", .integer)
            t.column("generator", .text)
            t.column("units_sha256", .text)
            t.column("assignment_sha256", .text)
            t.column("randomization_json", .text)
            t.column("tool_version", .text).notNull()
            t.column("status", .text).notNull().defaults(to: "randomized")
            t.column("created_at", .datetime).notNull()
        }
        try db.create(table: "unit") { t in
            t.column("experiment_id", .text).notNull().references("experiment", onDelete: .cascade)
            t.column("unit_id", .text).notNull()
            t.column("stratum", .text)
            t.column("covariates_json", .text)
            t.primaryKey(["experiment_id", "unit_id"])
        }
        try db.create(table: "assignment") { t in
            t.column("experiment_id", .text).notNull()
            t.column("unit_id", .text).notNull()
            t.column("arm", .text).notNull()
            t.primaryKey(["experiment_id", "unit_id"])
            t.foreignKey(["experiment_id", "unit_id"], references: "unit")
        }
        try db.create(index: "assignment_by_arm", on: "assignment", columns: ["experiment_id", "arm"])
        // Assignments are the audit trail of a randomization: once written they never change.
        try db.execute(
            sql: """
                CREATE TRIGGER assignment_no_update BEFORE UPDATE ON assignment
                BEGIN SELECT RAISE(ABORT, 'assignments are immutable once written'); END;
                CREATE TRIGGER assignment_no_delete BEFORE DELETE ON assignment
                BEGIN SELECT RAISE(ABORT, 'assignments are immutable once written'); END;
                """)
    }

    static func createResultTables(_ db: Database) throws {
        try db.create(table: "takeup") { t in
            t.column("experiment_id", .text).notNull()
            t.column("unit_id", .text).notNull()
            t.column("engaged", .integer).notNull().check { $0 == 0 || $0 == 1 }
            t.column("engaged_on", .date)
            t.primaryKey(["experiment_id", "unit_id"])
            t.foreignKey(["experiment_id", "unit_id"], references: "unit")
        }
        try db.create(table: "outcome") { t in
            t.column("experiment_id", .text).notNull()
            t.column("unit_id", .text).notNull()
            t.column("metric", .text).notNull()
            t.column("period", .text).notNull()
            t.column("value", .double).notNull()
            t.primaryKey(["experiment_id", "unit_id", "metric", "period"])
            t.foreignKey(["experiment_id", "unit_id"], references: "unit")
        }
        try db.create(table: "run") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("command", .text).notNull()
            t.column("arguments_json", .text).notNull()
            t.column("input_sha256_json", .text).notNull()
            t.column("tool_version", .text).notNull()
            t.column("started_at", .datetime).notNull()
            t.column("finished_at", .datetime)
        }
        try db.create(table: "estimate") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("run_id", .integer).notNull().references("run")
            t.column("experiment_id", .text).references("experiment")
            t.column("method", .text).notNull()
            t.column("estimand", .text).notNull()
            t.column("metric", .text).notNull()
            t.column("population", .text).notNull()
            t.column("estimate", .double).notNull()
            t.column("df", .double)
            t.column("se", .double)
            t.column("ci_low", .double)
            t.column("ci_high", .double)
            t.column("p_value", .double)
            t.column("n_treatment", .integer)
            t.column("n_control", .integer)
            t.column("diagnostics_json", .text)
        }
    }

    /// v2: whether an estimate comes from randomized arms or from observational data, and how many of
    /// its units are also units of the experiment it is linked to (for `compare`). Estimates stored
    /// with an experiment before v2 were all written by `rct analyze` or `iv estimate --experiment`.
    static func addEvidence(_ db: Database) throws {
        try db.alter(table: "estimate") { t in
            t.add(column: "evidence", .text).notNull().defaults(to: "observational")
                .check { ["randomized", "observational"].contains($0) }
            t.add(column: "shared_units", .integer)
        }
        try db.execute(sql: "UPDATE estimate SET evidence = 'randomized' WHERE experiment_id IS NOT NULL")
    }

    /// v3: `REPLACE INTO assignment` deletes the old row without firing DELETE triggers (SQLite skips
    /// them on REPLACE unless recursive triggers are on), so v1's immutability could be bypassed. An
    /// INSERT trigger refuses a second row for the same unit before the conflict resolution runs.
    static func guardAssignmentReplace(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TRIGGER assignment_no_replace BEFORE INSERT ON assignment
                WHEN EXISTS (SELECT 1 FROM assignment WHERE experiment_id = NEW.experiment_id AND unit_id = NEW.unit_id)
                BEGIN SELECT RAISE(ABORT, 'assignments are immutable once written'); END;
                """)
    }

    /// v4: one spelling for method names (result schema 2): the randomized methods that v1–v3 stored
    /// with underscores (`difference_in_means`) take the hyphens every other method has.
    static func hyphenateMethods(_ db: Database) throws {
        try db.execute(
            sql: """
                UPDATE estimate SET method = replace(method, '_', '-')
                WHERE method IN ('difference_in_means', 'difference_in_means_pooled', 'itt_takeup')
                """)
    }
}
