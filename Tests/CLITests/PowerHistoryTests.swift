import Foundation
import Testing

/// Issue 16, item 2: `power --history` on the simulated panel (Fixtures/reference/history: the estimates
/// equal pandas there): the table, the JSON keys, and one line for each bad flag.
@Suite struct PowerHistoryTests {
    static let panel = Workspace.repository("Fixtures/panel/simulated/panel.csv")
    static let window = ["--baseline-months", "6", "--follow-up-months", "6"]

    @Test func plansEveryEstimatorFromTheHistory() throws {
        let run = try CLIRun(
            [
                "power", "--history", Self.panel, "--lift", "0.1", "--power", "0.8", "--cluster", "sub_segment",
                "--format", "json"
            ]
                + Self.window)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("24 accounts without ttl_security_rev in every month of 2025-02 to 2026-01"))
        let d = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        // history.csv: 576 accounts, mean 1,511.598, SD 3,861.302, r = 0.99375.
        #expect(d["accounts"] as? Int == 576)
        #expect(abs((d["mean"] as? Double ?? 0) - 1511.597879050926) < 1e-8)
        #expect(abs((d["baseline_correlation"] as? Double ?? 0) - 0.9937470496551704) < 1e-10)
        let rows = try #require(d["estimators"] as? [[String: Any]])
        #expect(
            rows.map { $0["estimator"] as? String } == [
                "post only", "difference in differences", "ANCOVA / CUPED", "Lin (baseline covariates)"
            ])
        let n = rows.compactMap { $0["n_per_arm"] as? Double }
        #expect(n.count == 4 && n[0] > 30 * n[2], "ANCOVA needs a small fraction of post-only's n: \(n)")
        #expect(d["recommended"] as? String == "ANCOVA / CUPED")
        let table = try CLIRun(["power", "--history", Self.panel, "--lift", "0.1", "--n", "200"] + Self.window)
        #expect(table.stdout.contains("pre-register ANCOVA / CUPED") && table.stdout.contains("heavy-tailed"))
    }

    @Test func badFlagsAreOneLine() throws {
        expectOneLineError(
            try CLIRun(["power", "--history", Self.panel, "--lift", "0.1", "--power", "0.8"]), "24 months", code: 64)
        expectOneLineError(
            try CLIRun(
                ["power", "--history", Self.panel, "--lift", "0.1", "--cv", "2", "--power", "0.8"] + Self.window),
            "leave out --baseline-mean", code: 64)
        expectOneLineError(
            try CLIRun(
                ["power", "--history", Self.panel, "--lift", "0.1", "--power", "0.8", "--n", "100"] + Self.window),
            "not both", code: 64)
        expectOneLineError(
            try CLIRun(
                ["power", "--history", Self.panel, "--metric", "revenue", "--lift", "0.1", "--power", "0.8"]
                    + Self.window),
            "revenue", code: 65)
        expectOneLineError(
            try CLIRun(["power", "--history", "/nonexistent.csv", "--lift", "0.1", "--power", "0.8"] + Self.window),
            "/nonexistent.csv", code: 65)
    }
}
