import Foundation
import Testing

/// Issue 16, item 3: `diagnose --history` on the skewed, seed-shaped simulated panel: designs side by
/// side, the statement of where simulated and analytic power part, the same output on one thread or
/// many, and one line for each bad flag or design.
@Suite struct DiagnoseHistoryTests {
    static let panel = Workspace.repository("Fixtures/panel/simulated/panel.csv")
    static let rollout = Workspace.repository("designs/g3-rollout-2026.yaml")
    static let window = ["--baseline-months", "6", "--follow-up-months", "6"]

    /// A design stratified by segment, 30% treated, no re-randomization.
    static func plainDesign(_ workspace: Workspace) throws -> String {
        try workspace.write(
            "plain.yaml",
            """
            kind: rct
            id: plain
            title: stratified by segment, 30% treated
            units: {id: sfdc_customer_id}
            strata: [sub_segment]
            arms:
              - {name: control, share: 0.7}
              - {name: g3, share: 0.3}
            seed: 3

            """)
    }

    func diagnose(_ extra: [String], threads: String? = nil) throws -> CLIRun {
        try CLIRun(
            ["diagnose", "--history", Self.panel, "--lift", "0.1", "--replications", "200"] + Self.window + extra,
            environment: threads.map { ["G3_THREADS": $0] } ?? [:])
    }

    @Test func comparesDesignsAndStatesTheGapOnASkewedPanel() throws {
        let workspace = try Workspace()
        let plain = try Self.plainDesign(workspace)
        let run = try diagnose(["--design", Self.rollout, "--design", plain, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let d = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(d["effect_kind"] as? String == "multiplicative" && d["replications"] as? Int == 200)
        let designs = try #require(d["designs"] as? [[String: Any]])
        #expect(designs.map { $0["id"] as? String } == ["g3-rollout-2026", "plain"])
        for design in designs {
            // 576 accounts with the outcome in all 12 months (power --history's count); truth = 10% of their mean.
            #expect(design["eligible_accounts"] as? Int == 576)
            let truth = try #require(design["truth"] as? Double)
            #expect(abs(truth - 0.1 * 1511.597879050926) < 1e-8)
            let rows = try #require(design["estimators"] as? [[String: Any]])
            #expect(
                rows.map { $0["estimator"] as? String } == [
                    "difference-in-means", "difference-in-differences", "cuped", "lin"
                ])
            #expect(
                rows.allSatisfy {
                    $0["power"] is Double && $0["analytic_power"] is Double && $0["power_mc_se"] is Double
                })
        }
        #expect(designs[0]["shares"] as? [Double] == [0.5, 0.5] && designs[1]["shares"] as? [Double] == [0.7, 0.3])
        #expect((designs[0]["mean_draws"] as? Double ?? 0) > 2, "acceptance 0.2: about 5 draws per replication")
        // Skewness 6.4, the top 1% hold 19%: re-randomization on revenue makes the difference in means'
        // Neyman SE conservative, and the adjusted estimators' intervals under-cover.
        let kinds = designs.flatMap { ($0["estimators"] as? [[String: Any]] ?? []) }
            .flatMap { ($0["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String } }
        #expect(kinds.contains("analytic-gap") && kinds.contains("coverage"), "\(kinds)")
        let table = try diagnose(["--design", Self.rollout])
        #expect(table.status == 0)
        #expect(table.stdout.contains("difference-in-means: the simulated power"))
        #expect(table.stdout.contains("the test is conservative; trust the simulation"))
    }

    @Test func sameOutputOnOneThreadOrMany() throws {
        let one = try diagnose(["--design", Self.rollout, "--format", "csv"], threads: "1")
        let many = try diagnose(["--design", Self.rollout, "--format", "csv"], threads: "4")
        #expect(one.status == 0 && !one.stdout.isEmpty)
        #expect(one.stdout == many.stdout)
        #expect(one.stdout.hasPrefix("design,estimator,replications,failures,power,power_mc_se,analytic_power,"))
    }

    @Test func badFlagsAndDesignsAreOneLine() throws {
        let workspace = try Workspace()
        let encouragement = Workspace.repository("designs/g3-encouragement-2026.yaml")
        expectOneLineError(try diagnose([]), "--design", code: 64)
        expectOneLineError(try diagnose(["--design", Self.rollout, "--diff", "5"]), "--lift", "--diff", code: 64)
        expectOneLineError(try diagnose(["--design", Self.rollout, "--engaged", "40"]), "--engaged", code: 64)
        expectOneLineError(try diagnose(["--design", Self.rollout, "--accounts", "2"]), "--accounts", code: 64)
        expectOneLineError(try CLIRun(["diagnose", "--design", Self.rollout]), "--history", code: 64)
        expectOneLineError(try diagnose(["--design", encouragement]), "kind: rct", code: 65)
        let threeArms = try workspace.write(
            "three.yaml",
            "kind: rct\nid: three\ntitle: t\nunits: {id: sfdc_customer_id}\narms:\n  - {name: a, share: 0.4}\n  - {name: b, share: 0.3}\n  - {name: c, share: 0.3}\nseed: 1\n"
        )
        expectOneLineError(try diagnose(["--design", threeArms]), "two arms", code: 65)
        let region = try workspace.write(
            "region.yaml",
            "kind: rct\nid: region\ntitle: t\nunits: {id: sfdc_customer_id}\nstrata: [region]\narms:\n  - {name: a, share: 0.5}\n  - {name: b, share: 0.5}\nseed: 1\n"
        )
        expectOneLineError(try diagnose(["--design", region]), "no column 'region'", code: 65)
        expectOneLineError(
            try CLIRun(["diagnose", "--history", Self.panel, "--design", Self.rollout, "--lift", "0.1"]), "24 months",
            code: 64)
    }
}
