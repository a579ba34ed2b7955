import Foundation
import Testing

/// Issue 14: `analyze` on the analyst's own data: column roles, missing covariates, engagement dates
/// outside the panel, Excel-formatted numbers, and nothing half-written.
@Suite struct PanelInputTrustTests {
    static let panel = Workspace.repository("Fixtures/panel/g3-panel-small.csv")
    /// The quick analysis: no placebo draws, no bootstrap, no follow-ups.
    static let quick = ["--placebo-draws", "0", "--bootstrap", "0", "--skip", "did,event-study,cs,clusters,sensitivity"]

    static func analyze(_ arguments: [String], data: String = panel) throws -> CLIRun {
        try CLIRun(["analyze", "--data", data] + quick + arguments)
    }

    static func json(_ run: CLIRun) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    /// Item 1: incompatible roles are one line naming the column and both roles (exit 64); compatible
    /// ones run, and a text column in --covariates enters one-hot.
    @Test func columnRoles() throws {
        expectOneLineError(
            try Self.analyze(["--outcomes", "sub_segment"]),
            "column 'sub_segment'", "an outcome", "a categorical covariate (default)", code: 64)
        expectOneLineError(
            try Self.analyze(["--month", "ttl_sls_rev"]), "column 'ttl_sls_rev'", "the month", "an outcome", code: 64)
        expectOneLineError(
            try Self.analyze([
                "--covariates", "ttl_security_rev", "--categorical", "ttl_security_rev", "--outcomes", "ttl_sls_rev"
            ]),
            "column 'ttl_security_rev'", "a numeric covariate", "a categorical covariate", code: 64)
        expectOneLineError(
            try Self.analyze(["--categorical", "sub_segment,customer_stage_of_adoption_score__c"]),
            "no column 'customer_stage_of_adoption_score__c' (a categorical column)", code: 65)
        // A count with many levels as categorical separates treated from controls: a clear error, not a trap.
        expectOneLineError(
            try Self.analyze(["--categorical", "security_services_count,sub_segment"]), "did not converge", code: 65)
        for arguments in [
            ["--categorical", "max_aws_support_level,sub_segment"], ["--covariates", "ttl_sls_rev,sub_segment"]
        ] {
            let run = try Self.analyze(arguments + ["--format", "json"])
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
            let balance = try #require(try Self.json(run)["balance"] as? [[String: Any]])
            let terms = balance.compactMap { $0["term"] as? String }
            #expect(terms.contains { $0.hasPrefix("sub_segment") }, "\(terms)")
        }
        let w = try Workspace()
        let design = try w.write(
            "roles.yaml",
            """
            kind: observational
            id: roles
            title: two roles
            outcomes: [ttl_security_rev]
            covariates:
              numeric: [ttl_sls_rev]
              categorical: [ttl_sls_rev]
            """)
        let validate = try CLIRun(["validate", design])
        #expect(validate.status == 65 && validate.stderr.contains("column 'ttl_sls_rev'"), "\(validate.stderr)")
    }

    /// Item 2: no covariate found is refused, not a "PSM" on 0 terms; an outlier rule without its
    /// segment column is refused, not made global.
    @Test func noCovariatesAndNoSegmentAreRefused() throws {
        let w = try Workspace()
        var rows = "id,month,engaged,revenue\n"
        for a in 0..<12 {
            for m in 1...6 { rows += "a\(a),2025-0\(m)-01,\(a < 4 ? "2025-03-01" : ""),\(a * 10 + m)\n" }
        }
        let data = try w.write("renamed.csv", rows)
        let mapping = ["--unit", "id", "--month", "month", "--engagement", "engaged", "--outcomes", "revenue"]
        expectOneLineError(
            try Self.analyze(mapping, data: data), "no baseline covariates for the propensity model", code: 65)
        expectOneLineError(
            try Self.analyze(["--outliers", "remove", "--segment", "region"]),
            "no column 'region' for the outlier segments", code: 65)
    }

    /// Item 6: accounts engaged before the first month, after the last, or on a sentinel date are
    /// excluded, counted and listed, and the analysis goes on.
    @Test func engagementsOutsideThePanelAreExcludedAndListed() throws {
        let w = try Workspace()
        var lines = try String(contentsOfFile: Self.panel, encoding: .utf8).split(separator: "\n").map(String.init)
        let engaged = Array(
            Set(
                lines.dropFirst().compactMap { line -> String? in
                    let f = line.split(separator: ",", omittingEmptySubsequences: false)
                    return f[2].isEmpty ? nil : String(f[0])
                })
        ).sorted().prefix(3)
        let dates = ["2019-06-01", "9999-12-31", "2031-01-01"]
        for i in lines.indices.dropFirst() {
            var f = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if let k = engaged.firstIndex(of: f[0]) { f[2] = dates[k - engaged.startIndex] }
            lines[i] = f.joined(separator: ",")
        }
        let data = try w.write("outside.csv", lines.joined(separator: "\n") + "\n")
        let run = try Self.analyze(["--format", "json", "--out", w.path("out")], data: data)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stderr.contains("3 engaged accounts left out: 1 engaged in or before the panel's first month"),
            "\(run.stderr)")
        let excluded = try #require(try Self.json(run)["excluded_accounts"] as? [[String: Any]])
        #expect(Set(excluded.compactMap { $0["id"] as? String }) == Set(engaged))
        let csv = try String(contentsOfFile: w.path("out/excluded-accounts.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 4 && csv.contains("9999-12"))
    }

    /// Item 12: numbers with thousands separators, as Excel writes them, give the same analysis.
    @Test func excelNumbersGiveTheSameAnswer() throws {
        let w = try Workspace()
        let lines = try String(contentsOfFile: Self.panel, encoding: .utf8).split(separator: "\n").map(String.init)
        let grouped =
            [lines[0]]
            + lines.dropFirst().map { line -> String in
                var f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                if let v = Double(f[5]), v >= 1000 {
                    let formatter = NumberFormatter()
                    formatter.numberStyle = .decimal
                    formatter.locale = Locale(identifier: "en_US")
                    formatter.minimumFractionDigits = 2
                    formatter.maximumFractionDigits = 2
                    f[5] = "\"" + (formatter.string(from: NSNumber(value: v)) ?? f[5]) + "\""
                }
                return f.joined(separator: ",")
            }
        let data = try w.write("excel.csv", grouped.joined(separator: "\n") + "\n")
        let plain = try Self.analyze(["--format", "json"])
        let excel = try Self.analyze(["--format", "json"], data: data)
        #expect(plain.status == 0 && excel.status == 0, "\(excel.stderr)")
        #expect(
            excel.stderr.contains("ttl_security_rev:") && excel.stderr.contains("read with thousands separators"),
            "\(excel.stderr)")
        let a = try #require(try Self.json(plain)["effects"] as? [[String: Any]])
        let b = try #require(try Self.json(excel)["effects"] as? [[String: Any]])
        #expect(a.map { $0["estimate"] as? Double } == b.map { $0["estimate"] as? Double })
        let ambiguous = try w.write(
            "ambiguous.csv",
            "sfdc_customer_id,ar_date,firstactivitydate,ttl_sls_rev,ttl_security_rev\na,2025-01-01,,\"1,234\",2\n")
        expectOneLineError(
            try Self.analyze(["--covariates", "ttl_sls_rev"], data: ambiguous),
            "ambiguous.csv:2: column 'ttl_sls_rev': '1,234' is ambiguous", code: 65)
    }

    /// Item 16: a registry that cannot be used is found before anything is written.
    @Test func aBadRegistryLeavesNoFolder() throws {
        let w = try Workspace()
        let notADatabase = try w.write("not-a-database.sqlite", "this is text, not SQLite\n")
        let run = try Self.analyze(["--out", w.path("out"), "--registry", notADatabase, "--label", "x"])
        #expect(run.status == 65 && run.stderr.contains("cannot open the registry"), "\(run.status) \(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: w.path("out")))
        #expect(try String(contentsOfFile: notADatabase, encoding: .utf8) == "this is text, not SQLite\n")
        let entries = try FileManager.default.contentsOfDirectory(atPath: w.url.path)
        #expect(entries == ["not-a-database.sqlite"], "\(entries)")
        // A folder given as the registry is named before any work; a failed analysis creates no new registry.
        expectOneLineError(try Self.analyze(["--registry", w.url.path, "--label", "x"]), "is a folder", code: 65)
        let empty = try w.write(
            "empty.csv", "sfdc_customer_id,ar_date,firstactivitydate,ttl_sls_rev,ttl_security_rev\na,2025-01-01,,1,2\n")
        expectOneLineError(
            try Self.analyze(["--registry", w.path("new.sqlite"), "--label", "x"], data: empty),
            "no account is engaged", code: 65)
        #expect(!FileManager.default.fileExists(atPath: w.path("new.sqlite")))
    }
}

/// Issue 14, item 7: Callaway & Sant'Anna on an unbalanced panel says how many units it used.
@Suite struct UnbalancedPanelTests {
    @Test func callawaySantAnnaShowsTheUnitsItUsed() throws {
        // The simulated fixture has attrition: some never-engaged accounts are seen for part of the period.
        let w = try Workspace()
        let simulate = try CLIRun([
            "simulate", "--customers", "1200", "--engaged", "60", "--months", "10", "--attrition", "0.3",
            "--out", w.path("sim")
        ])
        #expect(simulate.status == 0, "\(simulate.stderr)")
        let run = try CLIRun([
            "analyze", "--data", w.path("sim/panel.csv"), "--outcomes", "ttl_security_rev", "--placebo-draws", "0",
            "--bootstrap", "0", "--skip", "event-study,clusters,sensitivity", "--format", "json"
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let did = try #require((document["did"] as? [[String: Any]])?.first)
        let cs = try #require(did["cs"] as? [String: Any])
        let dropped = try #require(cs["dropped_unbalanced"] as? Int)
        let used = try #require(cs["units"] as? Int)
        #expect(dropped > 0, "\(cs.keys)")
        let rows = try #require(did["effects"] as? [[String: Any]])
        let simple = try #require(rows.first { $0["method"] as? String == "cs-simple" })
        #expect((simple["n_treated"] as? Int ?? 0) + (simple["n_control"] as? Int ?? 0) == used)
        #expect(run.stderr.contains("Callaway & Sant'Anna uses \(used) of \(used + dropped) units"), "\(run.stderr)")
    }
}

/// Issue 14, item 16: a second run into the same --out folder leaves no stale result of the first.
@Suite struct OutputFolderTests {
    @Test func aRerunRemovesItsOwnStaleChartsOnly() throws {
        let w = try Workspace()
        let out = w.path("out")
        let panel = Workspace.repository("Fixtures/panel/g3-panel-small.csv")
        let quick = ["--placebo-draws", "0", "--bootstrap", "0", "--out", out]
        #expect(try CLIRun(["analyze", "--data", panel, "--skip", "clusters,sensitivity"] + quick).status == 0)
        let charts = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix("event-study-") }
        #expect(!charts.isEmpty)
        try "mine\n".write(toFile: "\(out)/notes.txt", atomically: true, encoding: .utf8)
        #expect(try CLIRun(["analyze", "--data", panel, "--skip", "did,clusters,sensitivity"] + quick).status == 0)
        let after = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(!after.contains { $0.hasPrefix("event-study-") }, "\(after)")
        #expect(after.contains("notes.txt") && after.contains("results.json"))
        #expect(!after.contains { $0.contains(".partial-") })
    }
}
