import Foundation
import GRDB
import Testing
@testable import G3Registry

@Suite struct RegistryTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("g3-\(UUID().uuidString).sqlite").path
    }

    @Test func createsTheSchemaOnceAndReopens() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try Registry(path: path).appliedMigrations() == ["v1-schema", "v2-evidence"])
        let reopened = try Registry(path: path)
        #expect(try reopened.appliedMigrations() == ["v1-schema", "v2-evidence"])
        let tables = try reopened.database.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") }
        #expect(tables.filter { !$0.hasPrefix("grdb_") && !$0.hasPrefix("sqlite_") } == ["assignment", "estimate", "experiment", "outcome", "run", "takeup", "unit"])
        let journal = try reopened.database.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
    }

    @Test func assignmentsAreImmutable() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let registry = try Registry(path: path)
        try registry.database.write { db in
            try db.execute(sql: "INSERT INTO experiment (id, kind, title, design_yaml, design_sha256, tool_version, created_at) VALUES ('e', 'rct', 't', '', '', '0', '2026-01-01')")
            try db.execute(sql: "INSERT INTO unit (experiment_id, unit_id) VALUES ('e', 'u1')")
            try db.execute(sql: "INSERT INTO assignment VALUES ('e', 'u1', 'g3')")
        }
        #expect(throws: DatabaseError.self) { try registry.database.write { try $0.execute(sql: "UPDATE assignment SET arm = 'control'") } }
        #expect(throws: DatabaseError.self) { try registry.database.write { try $0.execute(sql: "DELETE FROM assignment") } }
        #expect(throws: DatabaseError.self) {
            try registry.database.write { try $0.execute(sql: "INSERT INTO assignment VALUES ('e', 'nobody', 'g3')") }
        }
    }

    @Test func saysWhyItCannotOpen() {
        #expect(throws: RegistryError.self) { try Registry(path: "/nonexistent-dir/x/registry.sqlite") }
    }
}
