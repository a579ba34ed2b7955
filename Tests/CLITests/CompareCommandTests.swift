import Foundation
import G3TestSupport
import Testing

/// `g3-design example nsw`, `compare` and `registry link|runs` end to end (issue 8, item 1).
@Suite struct CompareCommandTests {
    func json(_ run: CLIRun) throws -> [String: Any] {
        #expect(run.status == 0, "\(run.stderr)")
        return try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    }

    /// The NSW experiment's estimate and the observational estimates against R (Fixtures/reference/nsw/nsw.R:
    /// lm, estimatr::difference_in_means, sandwich HC1, Matching::Match) to 1e-8; the comparison's bias,
    /// ratio and equality test follow from them.
    @Test func theNSWExampleAgainstR() throws {
        let w = try Workspace()
        let reference = try ReferenceTable("nsw/nsw.csv").rows
        func expected(_ group: String, _ method: String) -> (estimate: Double, se: Double) {
            let row = reference.first { $0["group"] == group && $0["method"] == method }!
            return (row.number("estimate")!, row.number("se")!)
        }
        let document = try json(
            try CLIRun(["example", "nsw", "--registry", w.registry, "--format", "json", "--chart", w.path("forest.svg")]
            ))
        let randomized = document["randomized"] as! [[String: Any]]
        // The registry spells methods with hyphens (schema 2); nsw.R names them as estimatr does.
        for (method, rName) in [
            ("difference-in-means", "difference_in_means"), ("difference-in-means-pooled", "difference_in_means_pooled")
        ] {
            let e = randomized.first { $0["method"] as? String == method }!
            let r = expected("experiment", rName)
            #expect(
                abs((e["estimate"] as! Double) - r.estimate) < 1e-8 && abs((e["se"] as! Double) / r.se - 1) < 1e-8,
                "\(method): \(e)")
        }
        // The numbers: 1794.342 (SE 632.853 pooled; 670.997 HC2).
        #expect(
            String(format: "%.3f %.3f", randomized[0]["estimate"] as! Double, randomized[0]["se"] as! Double)
                == "1794.342 670.997")
        #expect(String(format: "%.3f", randomized[1]["se"] as! Double) == "632.853")
        let benchmark = randomized.first { $0["estimate_id"] as? Int == document["benchmark_estimate_id"] as? Int }!
        #expect(benchmark["method"] as? String == "difference-in-means")

        let observational = document["observational"] as! [[String: Any]]
        #expect(observational.count == 10)
        for o in observational {
            let group = (o["population"] as! String).contains("CPS") ? "cps" : "psid"
            let method = o["method"] as! String
            if ["naive", "ols", "psm-replace"].contains(method) {
                let r = expected(group, method)
                #expect(
                    abs((o["estimate"] as! Double) / r.estimate - 1) < 1e-8
                        && abs((o["se"] as! Double) / r.se - 1) < 1e-8, "\(group) \(method): \(o)")
            }
            let bias = (o["estimate"] as! Double) - (benchmark["estimate"] as! Double)
            #expect(abs((o["bias"] as! Double) - bias) < 1e-9)
            #expect(abs((o["bias_in_randomized_se"] as! Double) - bias / (benchmark["se"] as! Double)) < 1e-9)
            let z =
                bias
                / ((o["se"] as! Double) * (o["se"] as! Double) + (benchmark["se"] as! Double)
                    * (benchmark["se"] as! Double))
                .squareRoot()
            #expect(abs((o["z"] as! Double) - z) < 1e-9)
            #expect(o["shared_units"] as? Int == 185)
        }
        // LaLonde's finding: the naive CPS contrast is off by more than $10,000, far outside the experiment's interval.
        let naive = observational.first {
            $0["method"] as? String == "naive" && ($0["population"] as! String).contains("CPS")
        }!
        #expect((naive["bias"] as! Double) < -10_000 && naive["ci_overlap"] as? Bool == false)
        #expect(
            (document["diagnostics"] as! [[String: Any]]).contains {
                let message = $0["message"] as? String ?? ""
                return message.contains("shares 185 units") && message.contains("conservative")
            }
        )
        let svg = try String(contentsOfFile: w.path("forest.svg"), encoding: .utf8)
        #expect(
            svg.hasPrefix("<svg") && svg.contains("randomized: difference-in-means")
                && svg.contains("psm-replace · NSW treated vs PSID controls"))

        // compare reads the same estimates back; a second run of the example changes nothing.
        let before = try w.registryChecksum()
        let again = try CLIRun(["example", "nsw", "--registry", w.registry, "--format", "json"])
        #expect(again.status == 0 && again.stderr.contains("already in"))
        #expect(try w.registryChecksum() == before)
        let compare = try json(
            try CLIRun(["compare", "nsw", "--metric", "re78", "--registry", w.registry, "--format", "json"]))
        #expect(NSDictionary(dictionary: compare) == NSDictionary(dictionary: document))
        let pooled = try json(
            try CLIRun([
                "compare", "nsw", "--metric", "re78", "--benchmark", "difference_in_means_pooled", "--registry",
                w.registry, "--format", "json"
            ]))
        let first = (pooled["observational"] as! [[String: Any]])[0]
        #expect(
            abs(
                (first["bias_in_randomized_se"] as! Double) - (first["bias"] as! Double)
                    / expected("experiment", "difference_in_means_pooled").se) < 1e-9)
        let csv = try CLIRun(["compare", "nsw", "--metric", "re78", "--registry", w.registry, "--format", "csv"])
        #expect(csv.stdout.split(separator: "\n").count == 1 + 2 + 10)
        #expect(csv.stdout.hasPrefix("estimate_id,run_id,evidence,benchmark,method,"))
        let table = try CLIRun(["compare", "nsw", "--metric", "re78", "--registry", w.registry])
        #expect(table.stdout.contains("bias/SE_rct") && table.stdout.contains("-10,291.86"))
    }

    @Test func compareErrors() throws {
        let w = try Workspace()
        #expect(try CLIRun(["example", "nsw", "--registry", w.registry, "--format", "csv"]).status == 0)
        let before = try w.registryChecksum()
        expectOneLineError(
            try CLIRun(["compare", "nope", "--metric", "re78", "--registry", w.registry]), "no experiment 'nope'",
            code: 64)
        expectOneLineError(
            try CLIRun(["compare", "nsw", "--metric", "re75", "--registry", w.registry]),
            "no randomized estimate of 're75'", "rct analyze", "re78", code: 64)
        expectOneLineError(
            try CLIRun(["compare", "nsw", "--metric", "re78", "--benchmark", "late", "--registry", w.registry]),
            "--benchmark", "difference-in-means, difference-in-means-pooled", code: 64)
        expectOneLineError(
            try CLIRun(["compare", "nsw", "--metric", "re78", "--registry", w.path("missing.sqlite")]),
            "no registry at", code: 64)
        expectOneLineError(
            try CLIRun([
                "compare", "nsw", "--metric", "re78", "--registry", w.registry, "--chart", "/nonexistent/dir/f.svg"
            ]), "--chart", "/nonexistent/dir/f.svg", code: 73)
        expectOneLineError(
            try CLIRun(["registry", "link", "999", "--experiment", "nsw", "--registry", w.registry]),
            "run 999 stored no estimates", code: 65)
        expectOneLineError(
            try CLIRun(["registry", "link", "2", "--experiment", "nsw", "--registry", w.registry]),
            "randomized estimates", code: 65)
        expectOneLineError(
            try CLIRun(["example", "nsw", "--registry", w.registry, "--fixtures", w.url.path]), "--fixtures", "nsw.csv",
            code: 64)
        #expect(try w.registryChecksum() == before)
    }

    /// analyze --experiment links its estimates (with the count of shared units); registry link does it afterwards.
    @Test func analyzeEstimatesAreLinkedToAnExperiment() throws {
        let w = try Workspace()
        #expect(try CLIRun(["example", "nsw", "--registry", w.registry, "--format", "csv"]).status == 0)
        let panel = Workspace.repository("Fixtures/panel/g3-panel-small.csv")
        let base = [
            "analyze", "--data", panel, "--outcomes", "ttl_security_rev", "--skip",
            "event-study,cs,clusters,sensitivity",
            "--placebo-draws", "0", "--registry", w.registry, "--label", "panel", "--format", "json"
        ]
        expectOneLineError(try CLIRun(base + ["--experiment", "nope"]), "no experiment 'nope'", code: 64)
        #expect(try CLIRun(base).status == 0)
        #expect(try CLIRun(base + ["--experiment", "nsw"]).status == 0)
        let runs = try CLIRun(["registry", "runs", "--registry", w.registry])
        #expect(runs.stdout.contains("analyze") && runs.stdout.contains("nsw"))
        // The example wrote runs 1–4 in one transaction; the unlinked analyze run (5) is linked afterwards. Both then appear with
        // metric ttl_security_rev, which nsw never measured.
        let linked = try CLIRun([
            "registry", "link", "5", "--experiment", "nsw", "--shared-units", "0", "--registry", w.registry
        ])
        #expect(linked.stdout == "linked 4 estimates of run 5 to experiment nsw\n", "\(linked.stdout) \(linked.stderr)")
        expectOneLineError(
            try CLIRun(["compare", "nsw", "--metric", "ttl_security_rev", "--registry", w.registry]),
            "no randomized estimate", code: 64)
        let estimates = try CLIRun([
            "registry", "export", "nsw", "--table", "estimate", "--format", "json", "--registry", w.registry
        ])
        let rows = try JSONSerialization.jsonObject(with: Data(estimates.stdout.utf8)) as! [[String: Any]]
        let panelRows = rows.filter { $0["metric"] as? String == "ttl_security_rev" }
        #expect(Set(panelRows.map { $0["run_id"] as! Int }) == [5, 6])
        #expect(panelRows.allSatisfy { $0["shared_units"] as? Int == 0 })  // no panel account is an NSW unit
        #expect(Set(panelRows.map { $0["method"] as! String }) == ["naive", "psm", "did-2x2", "twfe"])
    }

    /// The demo's path (issue 8, `make demo`): the simulated rollout outcomes belong to the current assignment,
    /// the randomized interval covers the true +1,500, and compare and report read the linked panel estimates.
    @Test func theDemoPipeline() throws {
        let w = try Workspace()
        let randomize = try CLIRun([
            "randomize", Workspace.repository("designs/g3-rollout-2026.yaml"), "--units",
            Workspace.repository("Fixtures/units/g3-accounts.csv"), "--registry", w.registry, "--out", w.path("a.csv")
        ])
        #expect(randomize.status == 0)
        let outcomes = Workspace.repository("Fixtures/units/g3-rollout-outcomes.csv")
        let assigned = try String(contentsOfFile: w.path("a.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",")[0] }
        let simulated = try String(contentsOfFile: outcomes, encoding: .utf8).split(separator: "\n").dropFirst().map {
            $0.split(separator: ",")[0]
        }
        #expect(assigned == simulated, "re-run Fixtures/units/make_rollout_outcomes.py on the new assignment")
        #expect(
            try CLIRun(["outcomes", "import", "g3-rollout-2026", "--file", outcomes, "--registry", w.registry]).status
                == 0)
        #expect(
            try CLIRun([
                "rct", "analyze", "g3-rollout-2026", "--metric", "ttl_security_rev", "--ri-draws", "0", "--registry",
                w.registry
            ])
            .status == 0)
        #expect(
            try CLIRun([
                "analyze", "--data", Workspace.repository("Fixtures/panel/g3-panel-small.csv"), "--design",
                Workspace.repository("designs/g3-observational.yaml"), "--placebo-draws", "0", "--registry", w.registry,
                "--experiment", "g3-rollout-2026"
            ]).status == 0)
        let document = try json(
            try CLIRun([
                "compare", "g3-rollout-2026", "--metric", "ttl_security_rev", "--registry", w.registry, "--format",
                "json"
            ]))
        let benchmark = (document["randomized"] as! [[String: Any]]).first {
            $0["estimate_id"] as? Int == document["benchmark_estimate_id"] as? Int
        }!
        #expect(benchmark["method"] as? String == "lin")  // the estimator the design pre-registers (analysis: block)
        #expect((benchmark["ci_low"] as! Double) < 1500 && 1500 < (benchmark["ci_high"] as! Double))
        let methods = (document["observational"] as! [[String: Any]]).map { $0["method"] as! String }
        #expect(methods == ["naive", "psm", "did-2x2", "twfe", "cs-simple", "event-study-post"])
        #expect((document["observational"] as! [[String: Any]]).allSatisfy { $0["shared_units"] as? Int == 0 })
        let report = try CLIRun([
            "report", "--registry", w.registry, "--experiment", "g3-rollout-2026", "--out", w.path("r.html")
        ])
        #expect(report.stdout.hasSuffix("(1 chart)\n"), "\(report.stdout)\(report.stderr)")
    }
}
