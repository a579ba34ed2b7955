import Foundation
import GRDB
import Testing

/// The connection string of the throwaway server `make test` starts; nil when tests run without it.
let testPostgres = ProcessInfo.processInfo.environment["G3_TEST_POSTGRES"]

/// Issue 17, items 3 and 6: `--source` against a real PostgreSQL server, the throwaway one that
/// `make test` starts (Tests/with-postgres.sh sets G3_TEST_POSTGRES and its password). The same rows
/// give the same JSON as the CSV path; bad connection strings, an unreachable server, a wrong
/// password, a missing table and a query with the wrong columns each get one line.
@Suite(.enabled(if: testPostgres != nil, "make test starts the server (Tests/with-postgres.sh)"))
struct PostgresSourceTests {
    static let server = testPostgres
    static let password = ProcessInfo.processInfo.environment["G3_TEST_POSTGRES_PASSWORD"] ?? ""
    static let panel = Workspace.repository("Fixtures/panel/g3-panel-small.csv")
    static let columns = [
        "sfdc_customer_id", "ar_date", "firstactivitydate", "first_engagement_type", "ttl_sls_rev", "ttl_security_rev",
        "security_services_count", "sub_segment", "max_aws_support_level"
    ]

    var conninfo: String { Self.server ?? "" }
    var login: [String: String] { ["PGPASSWORD": Self.password] }

    /// Runs SQL (psql commands included) on the test server; each statement must succeed.
    func psql(_ commands: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [conninfo, "-q", "-v", "ON_ERROR_STOP=1"] + commands.flatMap { ["-c", $0] }
        process.environment = ProcessInfo.processInfo.environment.merging(login) { $1 }
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "psql: \(commands)")
    }

    /// A fresh table name, so that tests running side by side do not meet.
    func tableName(_ stem: String) -> String { "\(stem)_\(UUID().uuidString.prefix(8).lowercased())" }

    /// The fixture panel as text columns: the very rows of the CSV file.
    func loadTextPanel() throws -> String {
        let table = tableName("panel")
        try psql(
            "CREATE TABLE \(table) (\(Self.columns.map { "\($0) text" }.joined(separator: ", ")))",
            "\\copy \(table) FROM '\(Self.panel)' WITH (FORMAT csv, HEADER true)")
        return table
    }

    let analyzeFlags = ["--placebo-draws", "20", "--bootstrap", "200", "--format", "json"]

    @Test func analyzeReadsTheSameRowsAsTheCSVPath() throws {
        let table = try loadTextPanel()
        let fromCSV = try CLIRun(["analyze", "--data", Self.panel] + analyzeFlags)
        let fromServer = try CLIRun(
            ["analyze", "--source", conninfo, "--table", table] + analyzeFlags, environment: login)
        #expect(fromCSV.status == 0 && fromServer.status == 0, "\(fromServer.stderr)")
        #expect(fromServer.stdout == fromCSV.stdout)
        #expect(fromServer.stderr == fromCSV.stderr)
        let everyRow = try CLIRun(
            ["analyze", "--source", conninfo, "--table", table, "--no-pushdown"] + analyzeFlags, environment: login)
        #expect(everyRow.status == 0 && everyRow.stdout == fromCSV.stdout && everyRow.stderr == fromCSV.stderr)
    }

    /// The fixture with typed columns (dates, float8 with NULLs, integers), as a warehouse holds it.
    func loadTypedPanel(from text: String) throws -> String {
        let typed = tableName("typed")
        let number = { (c: String) in "CASE WHEN \(c) ~ '^-?[0-9]+([.][0-9]+)?$' THEN \(c)::float8 END AS \(c)" }
        try psql(
            """
            CREATE TABLE \(typed) AS SELECT sfdc_customer_id AS account, ar_date::date AS ar_date,
              NULLIF(firstactivitydate, '')::date AS firstactivitydate, first_engagement_type,
              \(number("ttl_sls_rev")), \(number("ttl_security_rev")),
              security_services_count::integer AS security_services_count, sub_segment, max_aws_support_level
            FROM \(text)
            """)
        return typed
    }

    /// Issue 17, item 3: the baselines reduced in the database (float8 sums in month order, NULLs,
    /// labels, the control reference) give the very bytes the CSV path prints for the same rows, under
    /// each missing-value policy and with a baseline end; --no-pushdown gives them too.
    @Test func baselinesReducedInTheDatabaseEqualTheCSVPath() throws {
        let typed = try loadTypedPanel(from: try loadTextPanel())
        // The same panel with the engagement date missing from every account's first month, so that a
        // row's own date no longer gives its account's reference month (the query takes the earliest).
        let mixed = tableName("mixed")
        try psql(
            "CREATE TABLE \(mixed) AS SELECT * FROM \(typed)",
            "UPDATE \(mixed) SET firstactivitydate = NULL WHERE ar_date = (SELECT MIN(ar_date) FROM \(mixed))")
        // The dates as text beside typed numbers: the months and engagements are read from their text.
        let textDates = tableName("textdates")
        try psql(
            "CREATE TABLE \(textDates) AS SELECT * FROM \(typed)",
            "ALTER TABLE \(textDates) ALTER COLUMN ar_date TYPE text, ALTER COLUMN firstactivitydate TYPE text")
        let base = [
            "--unit", "account", "--outcomes", "ttl_security_rev", "--covariates",
            "ttl_sls_rev,security_services_count",
            "--placebo-draws", "20", "--format", "json"
        ]
        let workspace = try Workspace()
        for table in [typed, mixed, textDates] {
            try psql("\\copy \(table) TO '\(workspace.path("\(table).csv"))' WITH (FORMAT csv, HEADER true)")
            for extra in [[], ["--missing", "zero"], ["--baseline-end", "2025-02"], ["--missing", "drop-row"]] {
                let flags = base + extra
                let fromCSV = try CLIRun(["analyze", "--data", workspace.path("\(table).csv")] + flags)
                let fromServer = try CLIRun(
                    ["analyze", "--source", conninfo, "--table", table] + flags, environment: login)
                #expect(fromCSV.status == 0 && fromServer.status == 0, "\(table) \(extra): \(fromServer.stderr)")
                #expect(fromServer.stdout == fromCSV.stdout, "\(table) \(extra)")
                #expect(fromServer.stderr == fromCSV.stderr, "\(table) \(extra)")
            }
        }
        let explain = try CLIRun(
            ["analyze", "--source", conninfo, "--table", typed, "--explain"] + base, environment: login)
        #expect(explain.status == 0)
        #expect(
            explain.stdout.contains(
                "COPY (SELECT \"account\", \"ar_date\", \"firstactivitydate\", \"first_engagement_type\", \"ttl_security_rev\" FROM (SELECT * FROM \"\(typed)\") AS g3_source) TO STDOUT"
            ), "\(explain.stdout)")
        #expect(explain.stdout.contains("CAST(\"ttl_sls_rev\" AS DOUBLE PRECISION) AS g3_n1"))
        #expect(explain.stdout.contains("MIN(g3_engagement) OVER g3_months AS g3_engaged"))
        #expect(explain.stdout.contains("SELECT pg_export_snapshot();\n"))
        #expect(
            explain.stdout.contains(
                "SELECT \"firstactivitydate\", MIN(\"ar_date\"), MAX(\"ar_date\"), COUNT(*) - COUNT(CAST(")
                && explain.stdout.contains(
                    "AS g3_largest1 FROM (SELECT * FROM \"\(typed)\") AS g3_source GROUP BY \"firstactivitydate\";\n"),
            "\(explain.stdout)")
        #expect(explain.stdout.contains("AS g3_largest1 FROM (SELECT * FROM \"\(typed)\") AS g3_source;\nCOMMIT;\n"))
    }

    /// Where no second connection can read the first one's snapshot (a role that may not call
    /// `pg_export_snapshot`, or one thread), the reduction runs after the rows on the one connection,
    /// with the same bytes as the CSV path.
    @Test func withoutASnapshotTheReductionFollowsTheRows() throws {
        let typed = try loadTypedPanel(from: try loadTextPanel())
        let role = tableName("reader")
        let password = UUID().uuidString
        // Revoked from PUBLIC for the test's length: the tests' own role is the superuser, which keeps it.
        try psql(
            "CREATE ROLE \(role) LOGIN PASSWORD '\(password)'", "GRANT SELECT ON \(typed) TO \(role)",
            "REVOKE EXECUTE ON FUNCTION pg_export_snapshot() FROM PUBLIC")
        defer {
            try? psql(
                "GRANT EXECUTE ON FUNCTION pg_export_snapshot() TO PUBLIC", "DROP OWNED BY \(role)", "DROP ROLE \(role)"
            )
        }
        let workspace = try Workspace()
        try psql("\\copy \(typed) TO '\(workspace.path("typed.csv"))' WITH (FORMAT csv, HEADER true)")
        let flags = ["--unit", "account", "--placebo-draws", "20", "--format", "json"]
        let fromCSV = try CLIRun(["analyze", "--data", workspace.path("typed.csv")] + flags)
        let runs = [
            (conninfo + " user=\(role)", ["PGPASSWORD": password]),
            (conninfo, login.merging(["G3_THREADS": "1"]) { $1 })
        ]
        for (source, environment) in runs {
            let fromServer = try CLIRun(
                ["analyze", "--source", source, "--table", typed] + flags, environment: environment)
            #expect(fromCSV.status == 0 && fromServer.status == 0, "\(fromServer.stderr)")
            #expect(fromServer.stdout == fromCSV.stdout)
            #expect(fromServer.stderr == fromCSV.stderr)
        }
    }

    /// With `--registry`, the run records the SHA-256 of what the server sent (the rows, then the
    /// reduction's rows), the same whether the reduction ran beside the rows or after them.
    @Test func theRegistryRecordsWhatTheServerSent() throws {
        let typed = try loadTypedPanel(from: try loadTextPanel())
        let workspace = try Workspace()
        let flags = ["--unit", "account", "--placebo-draws", "0", "--label", "seed", "--format", "json"]
        var fingerprints: [String] = []
        for (k, threads) in ["2", "1"].enumerated() {
            let registry = workspace.path("r\(k).sqlite")
            let run = try CLIRun(
                ["analyze", "--source", conninfo, "--table", typed, "--registry", registry] + flags,
                environment: login.merging(["G3_THREADS": threads]) { $1 })
            #expect(run.status == 0, "\(run.stderr)")
            let inputs = try DatabaseQueue(path: registry).read { db in
                try String.fetchOne(db, sql: "SELECT input_sha256_json FROM run")
            }
            let recorded = try JSONDecoder().decode([String: String].self, from: Data((inputs ?? "").utf8))
            fingerprints.append(recorded["postgresql table \(typed)"] ?? "")
        }
        #expect(fingerprints[0].count == 64 && fingerprints[0].allSatisfy(\.isHexDigit), "\(fingerprints)")
        #expect(fingerprints[0] == fingerprints[1])
    }

    /// Column names with spaces and double quotes are quoted as identifiers in every statement.
    @Test func oddColumnNamesAreQuoted() throws {
        let typed = try loadTypedPanel(from: try loadTextPanel())
        let odd = tableName("odd")
        try psql(
            "CREATE TABLE \(odd) AS SELECT account AS \"account id\", ar_date, firstactivitydate, first_engagement_type, ttl_sls_rev, ttl_security_rev, security_services_count AS \"services \"\"count\"\"\", sub_segment AS \"sub segment\" FROM \(typed)"
        )
        let workspace = try Workspace()
        try psql("\\copy \(odd) TO '\(workspace.path("odd.csv"))' WITH (FORMAT csv, HEADER true)")
        let flags = [
            "--unit", "account id", "--covariates", "services \"count\"", "--categorical", "sub segment", "--segment",
            "sub segment", "--placebo-draws", "0", "--format", "json"
        ]
        let fromCSV = try CLIRun(["analyze", "--data", workspace.path("odd.csv")] + flags)
        let fromServer = try CLIRun(["analyze", "--source", conninfo, "--table", odd] + flags, environment: login)
        #expect(fromCSV.status == 0 && fromServer.status == 0, "\(fromCSV.stderr) \(fromServer.stderr)")
        #expect(fromServer.stdout == fromCSV.stdout)
    }

    /// Dates the SQL cannot compare as YYYY-MM text, and NaN in a reduced column, are one-line errors
    /// that name the way out, not baselines over other months.
    @Test func whatThePushdownCannotReduceIsRefused() throws {
        let text = try loadTextPanel()
        let slashes = tableName("slashes")
        try psql(
            "CREATE TABLE \(slashes) AS SELECT * FROM \(text)",
            "UPDATE \(slashes) SET ar_date = REPLACE(ar_date, '-', '/')")
        expectOneLineError(
            try CLIRun(["analyze", "--source", conninfo, "--table", slashes], environment: login),
            "postgresql table \(slashes)", "differently from its rows", "--no-pushdown", code: 65)
        let everyRow = try CLIRun(
            ["analyze", "--source", conninfo, "--table", slashes, "--no-pushdown", "--format", "json"],
            environment: login)
        #expect(everyRow.status == 0, "\(everyRow.stderr)")
        let typed = try loadTypedPanel(from: text)
        try psql("UPDATE \(typed) SET ttl_sls_rev = 'NaN' WHERE account = (SELECT MIN(account) FROM \(typed))")
        expectOneLineError(
            try CLIRun(
                [
                    "analyze", "--source", conninfo, "--table", typed, "--unit", "account", "--outcomes",
                    "ttl_security_rev",
                    "--covariates", "ttl_sls_rev"
                ], environment: login),
            "column 'ttl_sls_rev'", "NaN", code: 65)
    }

    /// Typed columns (dates, float8, integers, NULLs): the server's rows against its own CSV export.
    @Test func typedColumnsAndAQueryFile() throws {
        let typed = try loadTypedPanel(from: try loadTextPanel())
        let workspace = try Workspace()
        try psql("\\copy \(typed) TO '\(workspace.path("typed.csv"))' WITH (FORMAT csv, HEADER true)")
        let query = try workspace.write(
            "panel.sql",
            "-- the panel, in account order\nSELECT * FROM \(typed) ORDER BY account, ar_date -- by month\n;\n")
        let flags = ["--unit", "account"] + analyzeFlags
        let fromCSV = try CLIRun(["analyze", "--data", workspace.path("typed.csv")] + flags)
        let fromServer = try CLIRun(["analyze", "--source", conninfo, "--query", query] + flags, environment: login)
        #expect(fromCSV.status == 0 && fromServer.status == 0, "\(fromServer.stderr)")
        #expect(fromServer.stdout == fromCSV.stdout)
        let explain = try CLIRun(
            ["analyze", "--source", conninfo, "--query", query, "--explain"] + flags, environment: login)
        #expect(explain.status == 0)
        #expect(
            explain.stdout.contains(
                "FROM (-- the panel, in account order\nSELECT * FROM \(typed) ORDER BY account, ar_date -- by month\n) AS g3_source"
            ), "\(explain.stdout)")
        #expect(
            explain.stdout.hasPrefix(
                "-- on every connection first\nSET client_encoding = 'UTF8'; SET DateStyle = ISO; SET extra_float_digits = 3;\nSTART TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY;\n"
            ))
    }

    /// randomize --units and outcomes import from the server record the same assignment as from files.
    @Test func randomizeAndImportFromTheServer() throws {
        let units = tableName("units")
        let outcomes = tableName("outcomes")
        try psql(
            "CREATE TABLE \(units) (sfdc_customer_id text, sub_segment text, max_aws_support_level text, account_phase__c text, ttl_sls_rev float8, ttl_security_rev float8, security_services_count integer)",
            "\\copy \(units) FROM '\(Workspace.repository("Fixtures/units/g3-accounts.csv"))' WITH (FORMAT csv, HEADER true)",
            "CREATE TABLE \(outcomes) (sfdc_customer_id text, period text, ttl_security_rev float8, ttl_sls_rev float8)",
            "\\copy \(outcomes) FROM '\(Workspace.repository("Fixtures/units/g3-rollout-outcomes.csv"))' WITH (FORMAT csv, HEADER true)"
        )
        let design = Workspace.repository("designs/g3-rollout-2026.yaml")
        let fromFile = try CLIRun(
            ["randomize", design, "--units", Workspace.repository("Fixtures/units/g3-accounts.csv"), "--dry-run"])
        let fromServer = try CLIRun(
            ["randomize", design, "--source", conninfo, "--table", units, "--dry-run"], environment: login)
        #expect(fromFile.status == 0 && fromServer.status == 0, "\(fromServer.stderr)")
        #expect(fromServer.stdout == fromFile.stdout)
        // The same experiment stored twice: from the server, and from the files.
        let workspace = try Workspace()
        let registries = [workspace.path("server.sqlite"), workspace.path("files.sqlite")]
        let sources = [
            (["--source", conninfo, "--table", units], ["--source", conninfo, "--table", outcomes]),
            (
                ["--units", Workspace.repository("Fixtures/units/g3-accounts.csv")],
                ["--file", Workspace.repository("Fixtures/units/g3-rollout-outcomes.csv")]
            )
        ]
        var imports: [String] = []
        for (registry, (unitFlags, outcomeFlags)) in zip(registries, sources) {
            let assign = try CLIRun(["randomize", design] + unitFlags + ["--registry", registry], environment: login)
            #expect(assign.status == 0, "\(assign.stderr)")
            let imported = try CLIRun(
                ["outcomes", "import", "g3-rollout-2026", "--registry", registry] + outcomeFlags, environment: login)
            #expect(imported.status == 0, "\(imported.stderr)")
            imports.append(imported.stdout)
        }
        #expect(imports[0] == imports[1] && imports[0].hasPrefix("imported "), "\(imports)")
        let rows = ["registry", "export", "g3-rollout-2026", "--table", "analysis", "--metric", "ttl_security_rev"]
        let exported = try registries.map { try CLIRun(rows + ["--registry", $0]).stdout }
        #expect(exported[0] == exported[1] && !exported[0].isEmpty)
    }

    /// A session whose defaults send dates as `01/03/2025` and floats with 15 digits (libpq's
    /// `options`, as a role's or a database's settings would) gives the same JSON: the connection sets
    /// ISO dates and every float's digits itself.
    @Test func theServersDefaultsDoNotChangeTheResult() throws {
        let typed = try loadTypedPanel(from: try loadTextPanel())
        let flags = ["--table", typed, "--unit", "account"] + analyzeFlags
        let usual = try CLIRun(["analyze", "--source", conninfo] + flags, environment: login)
        let odd = conninfo + " options='-c DateStyle=SQL,DMY -c extra_float_digits=0'"
        #expect(usual.status == 0, "\(usual.stderr)")
        for pushdown in [[], ["--no-pushdown"]] {
            let run = try CLIRun(["analyze", "--source", odd] + flags + pushdown, environment: login)
            #expect(run.status == 0 && run.stdout == usual.stdout, "\(run.stderr)")
        }
    }

    /// A bad value in the server's rows is named by the row's key, which a `WHERE` finds, not by a line.
    @Test func errorsNameTheRowsKey() throws {
        let table = try loadTextPanel()
        try psql(
            "UPDATE \(table) SET ar_date = '2025-13-45' WHERE sfdc_customer_id = '001B00049' AND ar_date = '2025-01-01'"
        )
        for flags in [[], ["--no-pushdown"]] {
            expectOneLineError(
                try CLIRun(["analyze", "--source", conninfo, "--table", table] + flags, environment: login),
                "postgresql table \(table), row sfdc_customer_id = '001B00049', ar_date = '2025-13-45' (line ",
                " of the rows sent): column 'ar_date': expected a date", code: 65)
        }
        let units = tableName("units")
        try psql(
            "CREATE TABLE \(units) AS SELECT DISTINCT sfdc_customer_id, sub_segment, max_aws_support_level FROM \(table)",
            "INSERT INTO \(units) SELECT * FROM \(units) WHERE sfdc_customer_id = '001B00007'")
        let workspace = try Workspace()
        let design = try workspace.write(
            "d.yaml",
            "kind: rct\nid: key\ntitle: key\nunits: {id: sfdc_customer_id}\nstrata: [sub_segment]\narms:\n  - {name: control, share: 0.5}\n  - {name: g3, share: 0.5}\nseed: 1\n"
        )
        expectOneLineError(
            try CLIRun(["randomize", design, "--source", conninfo, "--table", units, "--dry-run"], environment: login),
            "postgresql table \(units), row sfdc_customer_id = '001B00007' (line ", "duplicate id '001B00007'", code: 65
        )
    }

    @Test func badSourcesAreOneLine() throws {
        let table = try loadTextPanel()
        expectOneLineError(
            try CLIRun(["analyze", "--source", "host", "--table", table]), "--source", "missing \"=\"", code: 64)
        expectOneLineError(
            try CLIRun(["analyze", "--source", "postgresql://g3@127.0.0.1:1/postgres", "--table", table]),
            "cannot connect", "Connection refused", code: 69)
        expectOneLineError(
            try CLIRun(["analyze", "--source", conninfo, "--table", table], environment: ["PGPASSWORD": "wrong"]),
            "password authentication failed", code: 69)
        expectOneLineError(
            try CLIRun(["analyze", "--source", conninfo, "--table", "no_such_table"], environment: login),
            "relation \"no_such_table\" does not exist", code: 65)
        let workspace = try Workspace()
        let query = try workspace.write("q.sql", "SELECT sfdc_customer_id, ttl_sls_rev FROM \(table)")
        expectOneLineError(
            try CLIRun(["analyze", "--source", conninfo, "--query", query], environment: login),
            "postgresql query \(query)", "no column 'ar_date'", code: 65)
        expectOneLineError(
            try CLIRun(["analyze", "--source", conninfo, "--data", Self.panel, "--table", table]), "not both", code: 64)
        expectOneLineError(try CLIRun(["analyze", "--source", conninfo]), "--table", "--query", code: 64)
        expectOneLineError(try CLIRun(["analyze", "--table", table]), "go with --source", code: 64)
    }
}
