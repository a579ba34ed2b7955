import Foundation
import Testing

/// Issue 15, item 5: one `--format` (table, json, csv) for every command; csv is the JSON's keys as
/// columns, one line per row, the same number of fields on every line.
@Suite struct OutputFormatTests {
    static func repo(_ path: String) -> String { Workspace.repository(path) }

    static let commands: [(name: String, arguments: [String], header: String)] = [
        (
            "match",
            [
                "match", "--data", repo("Fixtures/lalonde/lalonde.csv"), "--treatment", "treat", "--outcome", "re78",
                "--covariates", "age,educ"
            ], "population,outcome,method,estimand,estimate,se,ci_low,ci_high,p_value,n_treated,n_control,relative"
        ),
        (
            "did",
            [
                "did", "--data", repo("Fixtures/did/mpdta.csv"), "--unit", "countyreal", "--time", "year", "--outcome",
                "lemp", "--cohort", "first.treat"
            ], "outcome,method,estimand,estimate,se,ci_low,ci_high,p_value,n_treated,n_control,relative"
        ),
        (
            "iv estimate",
            [
                "iv", "estimate", "--data", repo("Fixtures/iv/mroz.csv"), "--outcome", "lwage", "--endogenous", "educ",
                "--instruments", "fatheduc,motheduc", "--controls", "exper,expersq", "--drop-missing"
            ], "term,estimate,se,t,p,ci_low,ci_high"
        ),
        (
            "iv plan",
            [
                "iv", "plan", "--takeup-treatment", "0.4", "--takeup-control", "0.05", "--effect", "0.2", "--power",
                "0.8"
            ],
            "takeup_treatment,n_late,mde_late,expected_first_stage_f"
        ),
        (
            "diagnose",
            ["diagnose", "--replications", "2", "--customers", "300", "--engaged", "30"],
            "outcome,estimator,replications,mean_truth,bias,bias_mc_se,rmse,coverage,power"
        ),
        (
            "randomize",
            [
                "randomize", repo("designs/g3-rollout-2026.yaml"), "--units", repo("Fixtures/units/g3-accounts.csv"),
                "--dry-run"
            ], "stratum,arm,units"
        )
    ]

    @Test(arguments: commands.map(\.name))
    func csvIsTheDocumentsRows(name: String) throws {
        let command = try #require(Self.commands.first { $0.name == name })
        let run = try CLIRun(command.arguments + ["--format", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.first.map(String.init) == command.header)
        #expect(lines.count > 1)
        // No quoted commas in these rows: every line has as many fields as the header.
        for line in lines where !line.contains("\"") {
            #expect(
                line.split(separator: ",", omittingEmptySubsequences: false).count
                    == command.header.split(separator: ",").count)
        }
        #expect(!run.stdout.contains("nan") && !run.stdout.contains("inf"))
    }

    /// The randomized arms, their ROI and the registry's tables in every format.
    @Test func rctROIAndExportHaveEveryFormat() throws {
        let w = try Workspace()
        let base = ["--registry", w.registry]
        try w.randomizeRollout(importing: ["g3-rollout-outcomes.csv"])
        let rct = try CLIRun(
            ["rct", "analyze", "g3-rollout-2026", "--metric", "ttl_security_rev", "--format", "csv", "--ri-draws", "0"]
                + base)
        #expect(rct.stdout.hasPrefix("population,outcome,method,"), "\(rct.stderr)")
        #expect(rct.stdout.contains("g3 vs control,ttl_security_rev,difference-in-means,ATE,"))
        let roi = try CLIRun(["roi", "--estimate", "1", "--cost", "1000", "--format", "csv"] + base)
        #expect(roi.status == 0 && roi.stdout.split(separator: "\n").count == 2, "\(roi.stderr)")
        let table = try CLIRun(
            ["registry", "export", "g3-rollout-2026", "--table", "estimate", "--format", "table"] + base)
        #expect(table.status == 0 && table.stdout.contains("difference-in-means-pooled"), "\(table.stderr)")
        expectOneLineError(
            try CLIRun(["match", "--data", Self.repo("Fixtures/lalonde/lalonde.csv"), "--format", "xml"]), "--format",
            code: 64)
    }
}
