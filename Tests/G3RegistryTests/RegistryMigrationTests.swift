import Foundation
import GRDB
import Testing
@testable import G3Registry

/// Issue 15, item 6: a v1 file upgraded by the migrations, and the registry over an in-memory database.
@Suite struct RegistryMigrationTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/registry/v1-registry.sqlite").path

    /// Opening the v1 file read-write upgrades it: v2 backfills the evidence (the estimate linked to an
    /// experiment was written by rct analyze, so it is randomized), v3 adds the REPLACE trigger, v4
    /// hyphenates the method names v1 stored with underscores.
    @Test func aVersionOneFileIsUpgraded() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("v1-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: copy)
        let before = try Data(contentsOf: URL(fileURLWithPath: copy))
        // Reading leaves the old file as it is, through an upgraded copy in memory.
        let reader = try Registry(path: copy, access: .readOnly)
        #expect(try reader.estimates(experimentID: "old", metric: "y").map(\.record.evidence) == [.randomized])
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == before)

        let registry = try Registry(path: copy)
        #expect(
            try registry.appliedMigrations() == [
                "v1-schema", "v2-evidence", "v3-assignment-replace", "v4-method-spelling"
            ])
        let evidence = try registry.database.read {
            try String.fetchAll($0, sql: "SELECT evidence FROM estimate ORDER BY id")
        }
        #expect(evidence == ["randomized", "observational"])
        // v4: one spelling for method names; `psm` was already hyphen-free.
        let methods = try registry.database.read {
            try String.fetchAll($0, sql: "SELECT method FROM estimate ORDER BY id")
        }
        #expect(methods == ["difference-in-means", "psm"])
        #expect(try registry.analysisRows("old", metric: "y", period: nil).rows.count == 4)
        #expect(throws: DatabaseError.self) {
            try registry.database.write { try $0.execute(sql: "REPLACE INTO assignment VALUES ('old', 'u1', 'g3')") }
        }
    }

    /// The same operations run on an in-memory database, with no file.
    @Test func theRegistryRunsInMemory() throws {
        let registry = try Registry(database: try DatabaseQueue())
        #expect(
            try registry.appliedMigrations() == [
                "v1-schema", "v2-evidence", "v3-assignment-replace", "v4-method-spelling"
            ])
        let experiment = ExperimentRecord(
            id: "m", kind: "rct", title: "in memory", designYAML: "kind: rct", designSHA256: "d", seed: 1,
            generator: "test", unitsSHA256: "u", assignmentSHA256: nil, randomizationJSON: nil,
            toolVersion: "test", createdAt: Date(timeIntervalSince1970: 0))
        let run = RunRecord(
            command: "test", argumentsJSON: "[]", inputSHA256JSON: "{}", toolVersion: "test",
            startedAt: Date(timeIntervalSince1970: 0), finishedAt: nil)
        let units = (1...4).map {
            AssignedUnit(unitID: "u\($0)", stratum: "", covariatesJSON: nil, arm: $0 % 2 == 0 ? "g3" : "control")
        }
        #expect(try registry.recordRandomization(experiment, units: units, run: run, mustBeNew: true) == .written)
        #expect(
            try registry.importOutcomes(
                "m", units.map { OutcomeValue(unitID: $0.unitID, metric: "y", period: "1", value: 1) }, run: run) == 4)
        #expect(try registry.armCounts("m").map(\.units) == [2, 2])
        // A newer schema in memory is refused too.
        let newer = try DatabaseQueue()
        _ = try Registry(database: newer)
        try newer.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')") }
        #expect(throws: RegistryError.self) { try Registry(database: newer) }
    }
}
