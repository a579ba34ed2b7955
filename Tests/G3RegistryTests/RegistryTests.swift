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
        #expect(
            try Registry(path: path).appliedMigrations() == [
                "v1-schema", "v2-evidence", "v3-assignment-replace", "v4-method-spelling"
            ])
        let reopened = try Registry(path: path)
        #expect(
            try reopened.appliedMigrations() == [
                "v1-schema", "v2-evidence", "v3-assignment-replace", "v4-method-spelling"
            ])
        let tables = try reopened.database.read {
            try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        #expect(
            tables.filter { !$0.hasPrefix("grdb_") && !$0.hasPrefix("sqlite_") } == [
                "assignment", "estimate", "experiment", "outcome", "run", "takeup", "unit"
            ])
        let journal = try reopened.database.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
    }

    /// A registry at `path` with experiment 'e' whose unit u1 is assigned to g3.
    func registryWithOneAssignment(_ path: String) throws -> Registry {
        let registry = try Registry(path: path)
        try registry.database.write { db in
            try db.execute(
                sql:
                    "INSERT INTO experiment (id, kind, title, design_yaml, design_sha256, tool_version, created_at) VALUES ('e', 'rct', 't', '', '', '0', '2026-01-01')"
            )
            try db.execute(sql: "INSERT INTO unit (experiment_id, unit_id) VALUES ('e', 'u1')")
            try db.execute(sql: "INSERT INTO assignment VALUES ('e', 'u1', 'g3')")
        }
        return registry
    }

    @Test func assignmentsAreImmutable() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let registry = try registryWithOneAssignment(path)
        #expect(throws: DatabaseError.self) {
            try registry.database.write { try $0.execute(sql: "UPDATE assignment SET arm = 'control'") }
        }
        #expect(throws: DatabaseError.self) {
            try registry.database.write { try $0.execute(sql: "DELETE FROM assignment") }
        }
        #expect(throws: DatabaseError.self) {
            try registry.database.write { try $0.execute(sql: "INSERT INTO assignment VALUES ('e', 'nobody', 'g3')") }
        }
    }

    /// Issue 14, item 17: SQLite skips DELETE triggers on REPLACE; the INSERT trigger still refuses.
    @Test func replaceCannotRewriteAnAssignment() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let registry = try registryWithOneAssignment(path)
        #expect(throws: DatabaseError.self) {
            try registry.database.write { try $0.execute(sql: "REPLACE INTO assignment VALUES ('e', 'u1', 'control')") }
        }
        #expect(throws: DatabaseError.self) {
            try registry.database.write {
                try $0.execute(sql: "INSERT OR REPLACE INTO assignment VALUES ('e', 'u1', 'control')")
            }
        }
        let arm = try registry.database.read { try String.fetchOne($0, sql: "SELECT arm FROM assignment") }
        #expect(arm == "g3")
    }

    /// Issue 14, item 17: reading never writes. An empty file is not a registry (and stays empty); a
    /// rollback-journal file keeps its journal mode and bytes; a read-only file can be read.
    @Test func readingLeavesTheFileAsItWas() throws {
        let empty = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: empty) }
        FileManager.default.createFile(atPath: empty, contents: Data())
        #expect(throws: RegistryError.self) { try Registry(path: empty, access: .readOnly) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: empty)).isEmpty)

        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let registry = try Registry(path: path)
            try registry.database.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = DELETE") }
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        let reader = try Registry(path: path, access: .readOnly)
        #expect(try reader.experiments().isEmpty)
        #expect(try reader.database.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "delete")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    /// Issue 14, item 17: a file from a newer g3-design (an unknown migration) is not written to.
    @Test func aNewerRegistryIsNotWrittenTo() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let registry = try Registry(path: path)
            try registry.database.write {
                try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')")
            }
        }
        #expect(throws: RegistryError.self) { try Registry(path: path) }
        #expect(try Registry(path: path, access: .readOnly).experiments().isEmpty)
    }

    @Test func saysWhyItCannotOpen() {
        #expect(throws: RegistryError.self) { try Registry(path: "/nonexistent-dir/x/registry.sqlite") }
    }
}
