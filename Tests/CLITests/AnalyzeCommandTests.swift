import Foundation
import G3Registry
import Testing

/// `g3-design analyze` on the simulated panel with a known effect (Fixtures/panel/truth.json:
/// +1,500 security revenue and +3,000 total revenue per post-engagement month).
@Suite struct AnalyzeCommandTests {
    static let panel = Workspace.repository("Fixtures/panel/g3-panel-small.csv")

    @Test func recoversTheKnownEffectWhereTheNaiveComparisonIsBiased() throws {
        let truth =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: Workspace.repository("Fixtures/panel/truth.json"))))
            as! [String: Any]
        let att = truth["att"] as! [String: Double]
        let run = try CLIRun(["analyze", "--data", Self.panel, "--format", "json", "--bootstrap", "1000"])
        #expect(run.status == 0, "\(run.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let effects = document["effects"] as! [[String: Any]]
        let naive = document["naive"] as! [[String: Any]]
        let placebo = (document["placebo"] as! [String: Any])["preperiod"] as! [[String: Any]]
        for (outcome, truth) in att {
            let effect = effects.first { $0["outcome"] as? String == outcome }!
            #expect(
                (effect["ci_low"] as! Double) < truth && truth < (effect["ci_high"] as! Double), "\(outcome): \(effect)"
            )
            let pre = placebo.first { $0["outcome"] as? String == outcome }!
            #expect((pre["ci_low"] as! Double) < 0 && 0 < (pre["ci_high"] as! Double), "placebo \(outcome): \(pre)")
            let biased = naive.first { $0["outcome"] as? String == outcome }!["difference"] as! Double
            #expect(biased > 4 * truth, "naive \(outcome): \(biased)")
        }
        // Every coercion of the dirty total-revenue column is counted.
        #expect(run.stderr.contains("coerced to missing: ttl_sls_rev: 28 empty, 24 NULL, 24 nan"))
        #expect((document["data"] as! [String: Any])["engaged"] as? Int == 60)
    }

    @Test func storesTheEstimatesWhenAsked() throws {
        let w = try Workspace()
        let run = try CLIRun([
            "analyze", "--data", Self.panel, "--bootstrap", "0", "--registry", w.registry, "--label",
            "simulated G3 panel"
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let stored = try Registry(path: w.registry).estimates(population: "simulated G3 panel")
        #expect(
            stored.map(\.method) == [
                "naive", "naive", "psm", "psm", "did-2x2", "twfe", "cs-simple", "event-study-post",
                "did-2x2", "twfe", "cs-simple", "event-study-post"
            ])
        // The naive contrast is stored for `compare`, without a standard error (it has none).
        #expect(stored.allSatisfy { ($0.se != nil || $0.method == "naive") && $0.estimate.isFinite })
    }

    @Test func badPanelsGetAClearMessage() throws {
        let w = try Workspace()
        let header = "sfdc_customer_id,ar_date,firstactivitydate,ttl_sls_rev,ttl_security_rev\n"
        expectOneLineError(
            try CLIRun([
                "analyze", "--data", try w.write("nodate.csv", "sfdc_customer_id,firstactivitydate,ttl_sls_rev\na,,1\n")
            ]),
            "nodate.csv: no column 'ar_date' (the month of each row)", code: 65)
        expectOneLineError(
            try CLIRun([
                "analyze", "--data", try w.write("baddate.csv", header + "a,2025-01-01,,1,2\na,Jan 2025,,1,2\n")
            ]),
            "baddate.csv:3: column 'ar_date': expected a date like 2025-03-01 or 2025-03, got 'Jan 2025'", code: 65)
        expectOneLineError(
            try CLIRun([
                "analyze", "--data", try w.write("none.csv", header + "a,2025-01-01,,1,2\nb,2025-01-01,,3,4\n"),
                "--covariates", "ttl_sls_rev"
            ]),
            "no account is engaged: the engagement date column is empty everywhere", code: 65)
        let months = ["2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"]
        let allEngaged = months.map { "a,\($0),2025-03-01,1,2\nb,\($0),2025-02-01,3,4\n" }.joined()
        expectOneLineError(
            try CLIRun(["analyze", "--data", try w.write("all.csv", header + allEngaged), "--covariates", "ttl_sls_rev"]
            ),
            "every account is engaged: there are no never-engaged accounts to compare with", code: 65)
        // Issue 14, items 6 and 18: a one-month panel (or a mistyped year) says why, not "every account is engaged".
        expectOneLineError(
            try CLIRun([
                "analyze", "--data",
                try w.write("onemonth.csv", header + "a,2025-01-01,2025-03-01,1,2\nb,2025-01-01,,3,4\n"),
                "--covariates", "ttl_sls_rev"
            ]),
            "onemonth.csv: no account is engaged inside the panel's months 2025-01…2025-01",
            "a one-month panel or a mistyped year?", code: 65)
        expectOneLineError(
            try CLIRun([
                "analyze", "--data", try w.write("twice.csv", header + "a,2025-01-01,,1,2\na,2025-01-15,,1,2\n")
            ]),
            "twice.csv:3: account 'a' has a second row for 2025-01 (first on line 2)", code: 65)
        // Out of order (accounts counted into place, then each sorted by month), the first row in the
        // file is still the first, and the error names the earliest duplicate in panel order.
        let scrambled =
            header + "b,2025-02-01,,1,2\na,2025-03-01,,1,2\nb,2025-01-01,,1,2\na,2025-02-01,,5,6\n"
            + "a,2025-01-01,,1,2\nb,2025-01-15,,1,2\na,2025-02-15,,1,2\n"
        expectOneLineError(
            try CLIRun(["analyze", "--data", try w.write("scrambled.csv", scrambled)]),
            "scrambled.csv:8: account 'a' has a second row for 2025-02 (first on line 5)", code: 65)
        expectOneLineError(
            try CLIRun(["analyze", "--data", Self.panel, "--baseline-end", "June"]),
            "--baseline-end must be a month like 2025-06, got 'June'", code: 64)
    }

    /// A warehouse export with upper-case names (Snowflake's) is told that names are case-sensitive and
    /// which of its columns were meant.
    @Test func upperCaseNamesAreHinted() throws {
        let w = try Workspace()
        let file = try w.write(
            "upper.csv", "SFDC_CUSTOMER_ID,AR_DATE,FIRSTACTIVITYDATE,TTL_SLS_REV,SUB_SEGMENT\na,2025-01-01,,1,SMB\n")
        expectOneLineError(
            try CLIRun(["analyze", "--data", file]),
            "names are case-sensitive, and the header has 'TTL_SLS_REV', 'SUB_SEGMENT'; name them with --covariates",
            code: 65)
        expectOneLineError(
            try CLIRun(["analyze", "--data", file, "--covariates", "TTL_SLS_REV", "--outliers", "none"]),
            "no column 'sfdc_customer_id'", "names are case-sensitive, and the header has 'SFDC_CUSTOMER_ID'", code: 65)
    }

    /// Counts beyond any use are refused before the work starts (a trillion placebo draws or bootstrap
    /// replicates trapped allocating them; a ratio of a billion controls spun a billion empty rounds).
    @Test func countsBeyondTheirRangeAreRefused() throws {
        for (flag, value, expected) in [
            ("--placebo-draws", "1000000000000", "--placebo-draws must be from 0 to 1,000,000, got 1000000000000"),
            ("--bootstrap", "1000000000000", "--bootstrap must be 0 or from 100 to 10,000,000 replicates"),
            ("--ratio", "1000000000", "--ratio must be a whole number from 1 to 100, got 1000000000")
        ] {
            expectOneLineError(try CLIRun(["analyze", "--data", Self.panel, flag, value]), expected, code: 64)
        }
    }

    /// Issue 17: the keys pass notes its problems as the records stream by and reports the first of
    /// the first kind, in a fixed order whatever their order in the file: a month that is not a date,
    /// an engagement date that is not one, a missing month, a missing id. A month-major file (each
    /// account's rows in month order, accounts interleaved) names a duplicate's lines as any other.
    @Test func keyProblemsAreReportedInAFixedOrder() throws {
        let w = try Workspace()
        let header = "sfdc_customer_id,ar_date,firstactivitydate,ttl_sls_rev,ttl_security_rev\n"
        let rows = [
            "a,2025-01-01,,1,2", "a,2025-02-01,soon,1,2", ",2025-03-01,,1,2", "b,,,1,2", "b,2025-13-01,,1,2"
        ]
        let messages = [
            "k.csv:6: column 'ar_date': expected a date like 2025-03-01 or 2025-03, got '2025-13-01'",
            "k.csv:3: column 'firstactivitydate': expected a date like 2025-03-01 or 2025-03, got 'soon'",
            "k.csv:5: column 'ar_date': the month is missing",
            "k.csv:4: column 'sfdc_customer_id': the account id is missing"
        ]
        // Each problem mended in turn (the last row, then the second, …) leaves the next kind first.
        var fixed = rows
        let mended = [4: "b,2025-04-01,,1,2", 1: "a,2025-02-01,,1,2", 3: "b,2025-03-01,,1,2"]
        for (k, message) in messages.enumerated() {
            let file = try w.write("k.csv", header + fixed.joined(separator: "\n") + "\n")
            expectOneLineError(try CLIRun(["analyze", "--data", file]), message, code: 65)
            if let row = [4, 1, 3].dropFirst(k).first, let text = mended[row] { fixed[row] = text }
        }
        let monthMajor =
            header + "a,2025-01-01,,1,2\nb,2025-01-01,,1,2\na,2025-02-01,,1,2\nb,2025-02-01,,1,2\na,2025-02-20,,1,2\n"
        expectOneLineError(
            try CLIRun(["analyze", "--data", try w.write("major.csv", monthMajor)]),
            "major.csv:6: account 'a' has a second row for 2025-02 (first on line 4)", code: 65)
    }
}
