import Foundation
import GRDB

/// The SQLite registry shared by the design and evaluation sides. This type owns the database
/// file and its migrations; nothing else in g3-design talks to SQLite.
///
/// The file is opened in WAL mode with foreign keys on and a 5-second busy timeout.
public final class Registry: Sendable {
    public let path: String
    let database: DatabasePool

    /// Opens (creating if needed) the registry at `path` and brings its schema up to date.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        do {
            database = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(database)
        } catch let error as DatabaseError {
            throw RegistryError("cannot open the registry \(path): \(error.message ?? error.description)")
        }
        self.path = path
    }

    /// The names of the migrations applied to this file, oldest first.
    public func appliedMigrations() throws -> [String] {
        try database.read { try Self.migrator.appliedMigrations($0) }
    }

    /// Migrations are append-only: a released one is never edited, a change is a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-schema", migrate: Schema.createVersion1)
        return migrator
    }
}

/// A registry failure, as one sentence.
public struct RegistryError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
