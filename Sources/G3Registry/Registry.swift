import Foundation
import GRDB

/// The SQLite registry shared by the design and evaluation sides. This type owns the database
/// file and its migrations; nothing else in g3-design talks to SQLite.
///
/// The file is opened in WAL mode with foreign keys on and a long busy timeout (`busyTimeout`), through one
/// serial connection (a `DatabaseQueue`: a command-line run needs no concurrent readers, and unlike a
/// pool it never writes to a file it only reads).
public final class Registry: Sendable {
    public let path: String
    /// A queue on the file for commands; any `DatabaseWriter` (an in-memory queue) for unit tests.
    let database: any DatabaseWriter

    /// How a command uses the registry.
    public enum Access: Sendable {
        /// Creates the file if needed, switches it to WAL and brings its schema up to date.
        case readWrite
        /// Opens an existing file read-only: never creates, migrates or switches its journal mode, so
        /// the file stays byte for byte as it was (and a read-only file can be read). A file of an
        /// older schema is read through an in-memory copy brought up to date.
        case readOnly
    }

    /// Opens the registry at `path`: read-write (the default) or read-only.
    public convenience init(path: String, access: Access) throws {
        try Self.refuseFolder(path)
        switch access {
        case .readWrite: try self.init(path: path)
        case .readOnly: self.init(path: path, database: try Self.openForReading(path))
        }
    }

    private init(path: String, database: any DatabaseWriter) {
        self.path = path
        self.database = database
    }

    /// A registry over an open database, e.g. `DatabaseQueue()` in memory for unit tests: the same
    /// migrations (a newer schema is refused) and the same typed operations, no file.
    public convenience init(database: any DatabaseWriter, name: String = ":memory:") throws {
        self.init(path: name, database: try Self.migrated(database, name: name))
    }

    /// Opens (creating if needed) the registry at `path` and brings its schema up to date. A file
    /// written by a newer g3-design (migrations this version does not know) is refused.
    public init(path: String) throws {
        try Self.refuseFolder(path)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.prepareDatabase { db in
            // WAL is a property of the file: set once, kept by later opens, and a no-op when already set.
            guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
                throw DatabaseError(message: "could not switch the registry to WAL mode")
            }
        }
        // Two processes creating the same file at once can see SQLITE_BUSY while the other switches it
        // to WAL or migrates it (SQLite skips the busy handler where waiting could deadlock): retry
        // within the busy timeout.
        let deadline = Date().addingTimeInterval(Self.busyTimeout)
        while true {
            do {
                database = try Self.openAndMigrate(path, configuration)
                break
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                usleep(20_000)
            } catch let error as DatabaseError {
                throw RegistryError("cannot open the registry \(path): \(error.message ?? error.description)")
            }
        }
        self.path = path
    }

    /// How long a writer waits for another writer's transaction: long enough that a loser of a race
    /// always waits for the winner and then gets the real answer ("recorded by another process"),
    /// never "database is locked", however loaded the machine (issue 14, item 20). Writers are
    /// g3-design processes whose transactions are bounded by their own work.
    static let busyTimeout: TimeInterval = 600

    /// A folder where the registry file belongs is a mistake worth naming (SQLite says "disk I/O error").
    static func refuseFolder(_ path: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw RegistryError(
                "the registry \(path) is a folder; give the registry's file, e.g. \(path)/g3-registry.sqlite")
        }
    }

    private static func openForReading(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        do {
            let file = try DatabaseQueue(path: path, configuration: configuration)
            let tables = try file.read {
                try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            guard tables.contains("experiment"), tables.contains("grdb_migrations") else {
                throw RegistryError(
                    "\(path) is not a g3-design registry (\(tables.isEmpty ? "an empty file" : "no registry tables")); randomize a design or run analyze --registry to create one"
                )
            }
            if try file.read(migrator.hasCompletedMigrations) { return file }
            // An older schema: read it through an up-to-date copy in memory, leaving the file untouched.
            let memory = try DatabaseQueue()
            try file.backup(to: memory)
            try migrator.migrate(memory)
            return memory
        } catch let error as DatabaseError {
            throw RegistryError("cannot open the registry \(path): \(error.message ?? error.description)")
        }
    }

    private static func openAndMigrate(_ path: String, _ configuration: Configuration) throws -> DatabaseQueue {
        try migrated(try DatabaseQueue(path: path, configuration: configuration), name: path)
    }

    /// Brings `database` up to date, refusing a schema from a newer g3-design. Another process may be
    /// creating or migrating the same new file at the same moment: its tables appear between our check
    /// and our statement ("no such table: grdb_migrations", "table … already exists", a UNIQUE
    /// grdb_migrations row; each migration is its own transaction, so ours rolled back cleanly), and we
    /// try again, 20 ms later, for what is still missing. A failure stands after 50 attempts in
    /// a row during which the schema stood still (1 s: a file that is not a registry but has its
    /// tables); each other attempt needs a migration applied by someone, so the loop ends.
    private static func migrated<Writer: DatabaseWriter>(_ database: Writer, name path: String) throws -> Writer {
        var still = 0
        while true {
            let version = try schemaVersion(database)
            do {
                try migrateOnce(database, name: path)
                return database
            } catch let error as DatabaseError {
                still = try schemaVersion(database) == version ? still + 1 : 0
                guard still < 50 else { throw error }
                usleep(20_000)
            }
        }
    }

    private static func schemaVersion(_ database: some DatabaseWriter) throws -> Int {
        try database.read { try Int.fetchOne($0, sql: "PRAGMA schema_version") ?? 0 }
    }

    private static func migrateOnce(_ database: some DatabaseWriter, name path: String) throws {
        if try database.read(migrator.hasBeenSuperseded) {
            throw RegistryError(
                "the registry \(path) was written by a newer g3-design (its schema has migrations this version does not know); upgrade g3-design before writing to it"
            )
        }
        // Migrating an up-to-date file still touches its schema cookie: only migrate when needed,
        // so that reading commands leave the file byte for byte as it was.
        let complete = try database.read(migrator.hasCompletedMigrations)
        if !complete { try migrator.migrate(database) }
    }

    /// Runs `body` in one IMMEDIATE transaction: it takes the write lock at once, so concurrent
    /// writers wait (up to the busy timeout) instead of failing half-way. Any error rolls back all.
    func transaction<T>(_ body: (Database) throws -> T) throws -> T {
        var result: T?
        do {
            try database.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
            }
        } catch let error as DatabaseError {
            throw RegistryError(
                "the registry \(path) refused the write: \(error.message ?? error.description); nothing was written")
        }
        return result!
    }

    /// The names of the migrations applied to this file, oldest first.
    public func appliedMigrations() throws -> [String] {
        try database.read { try Self.migrator.appliedMigrations($0) }
    }

    /// Migrations are append-only: a released one is never edited, a change is a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-schema", migrate: Schema.createVersion1)
        migrator.registerMigration("v2-evidence", migrate: Schema.addEvidence)
        migrator.registerMigration("v3-assignment-replace", migrate: Schema.guardAssignmentReplace)
        migrator.registerMigration("v4-method-spelling", migrate: Schema.hyphenateMethods)
        return migrator
    }
}

/// A registry failure, as one sentence, with a kind that tells the caller what to change.
public struct RegistryError: Error, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The file, its contents or the request cannot be used as they are.
        case data
        /// The metric has several periods and the request named none; the CLI names the flag.
        case periodRequired
    }
    public let kind: Kind
    public let description: String

    public init(_ description: String, kind: Kind = .data) {
        self.kind = kind
        self.description = description
    }
}

extension Registry {
    /// `PRAGMA integrity_check`: "ok" for a sound file.
    public func integrityCheck() throws -> String {
        try database.read { try String.fetchAll($0, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }
}

extension Registry {
    /// Runs raw SQL in one transaction, for tests of the schema's guards; commands use the typed operations.
    func execute(_ sql: String) throws {
        try transaction { try $0.execute(sql: sql) }
    }
}
