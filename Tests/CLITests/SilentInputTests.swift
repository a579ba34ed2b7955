import Foundation
import GRDB
import Testing
@testable import G3Registry

/// Issue 14, items 14, 16, 17 and 18: input that used to be ignored or mangled, writes that were
/// half done, and registry promises, through the binary.
@Suite struct SilentInputTests {
    static let accounts = Workspace.repository("Fixtures/units/g3-accounts.csv")
    static let encouragement = Workspace.repository("designs/g3-encouragement-2026.yaml")

    /// A randomized encouragement experiment and its first units.
    static func experiment(_ w: Workspace) throws -> [String] {
        #expect(
            try CLIRun([
                "randomize", encouragement, "--units", accounts, "--registry", w.registry, "--out", w.path("a.csv")
            ]).status == 0)
        return try String(contentsOfFile: w.path("a.csv"), encoding: .utf8).split(separator: "\n").dropFirst().map {
            String($0.split(separator: ",")[0])
        }
    }

    /// A rerun of randomize --out writes the stored assignment, byte for byte the first file.
    @Test func anIdempotentRerunWritesTheStoredAssignment() throws {
        let w = try Workspace()
        _ = try Self.experiment(w)
        let again = try CLIRun([
            "randomize", Self.encouragement, "--units", Self.accounts, "--registry", w.registry, "--out",
            w.path("b.csv")
        ])
        #expect(again.status == 0 && again.stdout.contains("the stored assignment is written to"), "\(again.stderr)")
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: w.path("a.csv")))
                == Data(contentsOf: URL(fileURLWithPath: w.path("b.csv"))))
    }

    /// Long-format outcomes: --period beside a period column, an empty metric and an unknown --metrics
    /// are refused; --metrics filters; take-up dates are parsed; non-UTF-8 and NFD ids are named.
    @Test func importsRefuseWhatTheyUsedToIgnore() throws {
        let w = try Workspace()
        let units = try Self.experiment(w)
        let before = try w.registryChecksum()
        let long =
            "sfdc_customer_id,metric,period,value\n\(units[0]),ttl_security_rev,2026-12,5\n\(units[1]),ttl_sls_rev,2026-12,7\n"
        let file = try w.write("long.csv", long)
        let base = ["outcomes", "import", "g3-encouragement-2026", "--file", file, "--registry", w.registry]
        expectOneLineError(
            try CLIRun(base + ["--period", "2027-01"]), "--period 2027-01", "has a 'period' column", code: 64)
        expectOneLineError(try CLIRun(base + ["--metrics", "arr"]), "--metrics", "no rows of metric 'arr'", code: 64)
        let empty = try w.write("empty.csv", "sfdc_customer_id,metric,period,value\n\(units[0]),,2026-12,5\n")
        expectOneLineError(
            try CLIRun(["outcomes", "import", "g3-encouragement-2026", "--file", empty, "--registry", w.registry]),
            "empty.csv:2: column 'metric': the metric name is missing", code: 65)
        let date = try w.write("date.csv", "sfdc_customer_id,engaged,date\n\(units[0]),1,March 3\n")
        expectOneLineError(
            try CLIRun(["takeup", "import", "g3-encouragement-2026", "--file", date, "--registry", w.registry]),
            "date.csv:2: column 'date': expected a date like 2026-03-15, got 'March 3'", code: 65)
        var bytes = Array("sfdc_customer_id,engaged\n".utf8) + Array(units[0].utf8) + [0xFF] + Array(",1\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: w.path("latin1.csv")))
        expectOneLineError(
            try CLIRun([
                "takeup", "import", "g3-encouragement-2026", "--file", w.path("latin1.csv"), "--registry", w.registry
            ]),
            "latin1.csv:2: field 1 is not valid UTF-8", code: 65)
        #expect(try w.registryChecksum() == before)
        let filtered = try CLIRun(base + ["--metrics", "ttl_sls_rev"])
        #expect(
            filtered.status == 0 && filtered.stdout.hasPrefix("imported 1 outcome values"),
            "\(filtered.stdout) \(filtered.stderr)")
        bytes = Array("sfdc_customer_id,engaged,date\n".utf8) + Array("\(units[0]),1,2026/03/05\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: w.path("slash.csv")))
        #expect(
            try CLIRun([
                "takeup", "import", "g3-encouragement-2026", "--file", w.path("slash.csv"), "--registry", w.registry
            ]).status == 0)
        let export = try CLIRun([
            "registry", "export", "g3-encouragement-2026", "--table", "takeup", "--registry", w.registry
        ])
        #expect(export.stdout.contains("2026-03-05"), "\(export.stdout)")
    }

    /// NFD spellings of NFC ids get a message about normalization, not "FOREIGN KEY constraint failed".
    @Test func normalizationFormsAreNamed() throws {
        let w = try Workspace()
        let design = try w.writeTwoArmDesign("d.yaml", id: "accents")
        let nfc = "Caf\u{E9}"
        let nfd = "Cafe\u{301}"
        let units = try w.write("u.csv", "id\n" + ([nfc] + (1...9).map { "u\($0)" }).joined(separator: "\n") + "\n")
        #expect(try CLIRun(["randomize", design, "--units", units, "--registry", w.registry]).status == 0)
        let outcomes = try w.write("o.csv", "id,y\n\(nfd),1\n")
        expectOneLineError(
            try CLIRun(["outcomes", "import", "accents", "--file", outcomes, "--period", "1", "--registry", w.registry]
            ),
            "NFC vs NFD", code: 65)
    }

    /// Outcomes too large for a finite variance are refused before anything is stored; take-up equal
    /// to the offer keeps the ITT with a note.
    @Test func rctAnalyzeStoresOnlyWhatItCanPrint() throws {
        let w = try Workspace()
        let units = try Self.experiment(w)
        let arms = try String(contentsOfFile: w.path("a.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
            .map { String($0.split(separator: ",").last ?? "") }
        let before = try w.registryChecksum()
        // Values whose square overflows never get in: the import names the first, and nothing is written.
        let huge = try w.write(
            "huge.csv",
            "sfdc_customer_id,y\n"
                + units.enumerated().map { "\($1),\($0 % 2 == 0 ? "1e300" : "-1e300")" }.joined(separator: "\n") + "\n")
        expectOneLineError(
            try CLIRun([
                "outcomes", "import", "g3-encouragement-2026", "--file", huge, "--period", "1", "--registry", w.registry
            ]),
            "huge.csv:2: column 'y': '1e300' is too large", code: 65)
        #expect(try w.registryChecksum() == before)
        let plain = try w.write(
            "plain.csv",
            "sfdc_customer_id,z\n" + units.enumerated().map { "\($1),\($0 % 7)" }.joined(separator: "\n") + "\n")
        let takeup = try w.write(
            "t.csv",
            "sfdc_customer_id,engaged\n"
                + zip(units, arms).map { "\($0),\($1 == "offer" ? 1 : 0)" }.joined(separator: "\n") + "\n")
        #expect(
            try CLIRun([
                "outcomes", "import", "g3-encouragement-2026", "--file", plain, "--period", "1", "--registry",
                w.registry
            ]).status == 0)
        #expect(
            try CLIRun(["takeup", "import", "g3-encouragement-2026", "--file", takeup, "--registry", w.registry]).status
                == 0)
        let run = try CLIRun([
            "rct", "analyze", "g3-encouragement-2026", "--metric", "z", "--format", "json", "--ri-draws", "0",
            "--registry", w.registry
        ])
        #expect(run.status == 0 && run.stderr.contains("take-up equals the offer"), "\(run.stderr)")
    }

    /// example nsw writes in one transaction: a truncated fixture leaves no experiment behind.
    @Test func exampleNSWIsAllOrNothing() throws {
        let w = try Workspace()
        let folder = w.path("nsw")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in ["nsw.csv", "cps_controls.csv", "nsw-design.yaml"] {
            try FileManager.default.copyItem(
                atPath: Workspace.repository("Fixtures/nsw/\(name)"), toPath: "\(folder)/\(name)")
        }
        let psid = try String(contentsOfFile: Workspace.repository("Fixtures/nsw/psid_controls.csv"), encoding: .utf8)
        try String(psid.prefix(psid.count / 2)).write(
            toFile: "\(folder)/psid_controls.csv", atomically: true, encoding: .utf8)
        let run = try CLIRun(["example", "nsw", "--fixtures", folder, "--registry", w.registry])
        #expect(run.status == 65, "\(run.status) \(run.stderr)")
        let registry = try Registry(path: w.registry, access: .readOnly)
        #expect(try registry.experiments().isEmpty)
        #expect(try registry.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM run") } == 0)
    }

    /// registry link without --shared-units keeps the count analyze measured; an altered assignment is refused.
    @Test func registryPromises() throws {
        let w = try Workspace()
        #expect(try CLIRun(["example", "nsw", "--registry", w.registry, "--format", "csv"]).status == 0)
        let panel = Workspace.repository("Fixtures/panel/g3-panel-small.csv")
        #expect(
            try CLIRun([
                "analyze", "--data", panel, "--outcomes", "ttl_security_rev", "--skip",
                "did,event-study,cs,clusters,sensitivity",
                "--placebo-draws", "0", "--registry", w.registry, "--label", "panel", "--experiment", "nsw"
            ]).status == 0)
        let relink = try CLIRun(["registry", "link", "5", "--experiment", "nsw", "--registry", w.registry])
        #expect(relink.status == 0, "\(relink.stderr)")
        let registry = try Registry(path: w.registry)
        let shared = try registry.database.read {
            try Int?.fetchAll($0, sql: "SELECT shared_units FROM estimate WHERE run_id = 5")
        }
        #expect(!shared.isEmpty && shared.allSatisfy { $0 == 0 }, "\(shared)")
        try registry.database.write { db in
            try db.execute(sql: "DROP TRIGGER assignment_no_update")
            try db.execute(
                sql:
                    "UPDATE assignment SET arm = CASE arm WHEN 'treated' THEN 'control' ELSE 'treated' END WHERE unit_id IN (SELECT unit_id FROM assignment LIMIT 2)"
            )
        }
        expectOneLineError(
            try CLIRun(["rct", "analyze", "nsw", "--metric", "re78", "--registry", w.registry]),
            "no longer matches the SHA-256 recorded at randomization", code: 65)
    }
}
