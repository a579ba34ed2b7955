import Foundation
import G3TestSupport
import Testing

/// `g3-design iv estimate` and `iv plan` end to end, the registry path, and the errors.
@Suite struct IVCommandTests {
    static let mroz = [
        "iv", "estimate", "--data", Workspace.repository("Fixtures/iv/mroz.csv"), "--drop-missing", "--outcome", "lwage"
    ]

    func json(_ run: CLIRun) throws -> [String: Any] {
        #expect(run.status == 0, "\(run.stderr)")
        return try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    }

    /// Issue 6, item 1, through the CLI: 0.05917348 (SE 0.03514177, HC1 0.03702965), first-stage F 88.84076.
    @Test func mrozThroughTheCLI() throws {
        let reference = try ReferenceTable("iv/ivreg.csv").rows.filter { $0["model"] == "simple" }
        let educ = reference.first { $0["term"] == "educ" }!
        for (se, key) in [("classical", "se"), ("hc1", "se_hc1")] {
            let run = try CLIRun(
                Self.mroz + ["--endogenous", "educ", "--instruments", "fatheduc", "--se", se, "--format", "json"])
            let document = try json(run)
            let c = (document["coefficients"] as! [String: [String: Any]])["educ"]!
            #expect(abs((c["estimate"] as! Double) / educ.number("estimate")! - 1) < 1e-8)
            #expect(abs((c["se"] as! Double) / educ.number(key)! - 1) < 1e-8)
            let f = (document["first_stage"] as! [[String: Any]])[0]["f"] as! Double
            #expect(abs(f / reference.first { $0["term"] == "weak_instruments_F" }!.number("estimate")! - 1) < 1e-8)
            #expect(run.stderr.contains("dropped 325 rows with a missing value") && document["n"] as? Int == 428)
            #expect((document["anderson_rubin"] as! [String: Any])["kind"] as? String == "interval")
        }
    }

    /// Issue 6, item 4: a simulated encouragement experiment gives the same LATE from the registry as from
    /// its exported analysis table.
    @Test func theRegistryPathEqualsTheExportedTable() throws {
        let w = try Workspace()
        #expect(
            try CLIRun([
                "randomize", ExperimentCommandTests.encouragement, "--units", ExperimentCommandTests.accounts,
                "--registry", w.registry,
                "--out", w.path("a.csv")
            ]).status == 0)
        let rows = try String(contentsOfFile: w.path("a.csv"), encoding: .utf8).split(separator: "\n").dropFirst().map {
            $0.split(separator: ",").map(String.init)
        }
        var outcomes = "sfdc_customer_id,metric,period,value\n"
        var takeup = "sfdc_customer_id,engaged,date\n"
        for (i, row) in rows.enumerated() {
            let engaged = (i * 7919) % 10 < (row[2] == "offer" ? 6 : 1)
            outcomes += "\(row[0]),ttl_security_rev,2026-12,\(Double((i * 104_729) % 5000) + (engaged ? 900 : 0))\n"
            takeup += "\(row[0]),\(engaged ? 1 : 0),\n"
        }
        #expect(
            try CLIRun([
                "outcomes", "import", "g3-encouragement-2026", "--file", try w.write("o.csv", outcomes), "--registry",
                w.registry
            ]).status == 0)
        let experiment = [
            "iv", "estimate", "--experiment", "g3-encouragement-2026", "--metric", "ttl_security_rev", "--registry",
            w.registry
        ]
        expectOneLineError(try CLIRun(experiment), "have no recorded take-up", "g3-design takeup import", code: 65)
        #expect(
            try CLIRun([
                "takeup", "import", "g3-encouragement-2026", "--file", try w.write("t.csv", takeup), "--registry",
                w.registry
            ]).status == 0)
        let fromRegistry = try json(try CLIRun(experiment + ["--format", "json"]))
        let export = try CLIRun([
            "registry", "export", "g3-encouragement-2026", "--table", "analysis", "--metric", "ttl_security_rev",
            "--registry", w.registry
        ])
        let table = try w.write(
            "analysis.csv",
            export.stdout.replacingOccurrences(of: ",offer,", with: ",1,").replacingOccurrences(
                of: ",no-offer,", with: ",0,"))
        let fromData = try json(
            try CLIRun([
                "iv", "estimate", "--data", table, "--outcome", "ttl_security_rev", "--endogenous", "engaged",
                "--instruments", "arm", "--format", "json"
            ]))
        let a = (fromRegistry["coefficients"] as! [String: [String: Any]])["takeup"]!
        let b = (fromData["coefficients"] as! [String: [String: Any]])["engaged"]!
        #expect(
            abs((a["estimate"] as! Double) - (b["estimate"] as! Double)) < 1e-9
                && abs((a["se"] as! Double) - (b["se"] as! Double)) < 1e-9, "\(a) vs \(b)")
        #expect(fromRegistry["n"] as? Int == rows.count)
        let stored = try CLIRun([
            "registry", "export", "g3-encouragement-2026", "--table", "estimate", "--format", "json", "--registry",
            w.registry
        ])
        let estimates = try JSONSerialization.jsonObject(with: Data(stored.stdout.utf8)) as! [[String: Any]]
        #expect(
            estimates.count == 1 && estimates[0]["method"] as? String == "2sls"
                && estimates[0]["estimand"] as? String == "LATE")
        #expect(abs((estimates[0]["estimate"] as! Double) - (a["estimate"] as! Double)) < 1e-12)
    }

    /// Issue 6, items 3 and 5: the planner's 1,396, and bad inputs named.
    @Test func planAndErrors() throws {
        let plan = try json(
            try CLIRun([
                "iv", "plan", "--effect", "0.3", "--share", "0.5", "--takeup-treatment", "0.6", "--takeup-control",
                "0.1",
                "--power", "0.8", "--format", "json"
            ]))
        #expect(
            ((plan["n_late"] as! Double).rounded(.up)) == 1396
                && abs((plan["n_itt"] as! Double) * 4 - (plan["n_late"] as! Double)) < 1e-6)
        let weak = try CLIRun([
            "iv", "plan", "--effect", "0.3", "--takeup-treatment", "0.15", "--takeup-control", "0.1", "--n", "1000"
        ])
        #expect(weak.status == 0 && weak.stderr.contains("< 10: a weak instrument"), "\(weak.stderr)")
        expectOneLineError(
            try CLIRun([
                "iv", "plan", "--effect", "0.3", "--takeup-treatment", "0.6", "--share", "1.2", "--power", "0.8"
            ]),
            "--share must be a number in (0, 1), got 1.2", code: 64)

        let w = try Workspace()
        let base = [
            "iv", "estimate", "--data",
            try w.write("d.csv", "y,d,z,z2,k,m\n1,0,1,2,5,1\n2,1,0,0,5,\n3,1,1,2,5,2\n4,0,0,0,5,3\n5,1,1,2,5,4\n"),
            "--outcome", "y"
        ]
        expectOneLineError(
            try CLIRun(base + ["--endogenous", "d", "--instruments", "z,z2"]),
            "the instrument column 'z2' is collinear with '(Intercept)', 'z'", code: 65)
        expectOneLineError(
            try CLIRun(base + ["--endogenous", "d,z", "--instruments", "z2"]),
            "1 instrument (z2) cannot identify 2 endogenous regressors (d, z)", code: 65)
        expectOneLineError(
            try CLIRun(base + ["--endogenous", "d", "--instruments", "k"]), "the instrument 'k' is constant", code: 65)
        expectOneLineError(
            try CLIRun(base + ["--endogenous", "d", "--instruments", "m"]),
            "d.csv:3: column 'm': missing value; fill it, or pass --drop-missing", code: 65)
        expectOneLineError(
            try CLIRun(base + ["--endogenous", "d", "--instruments", "z", "--se", "cluster"]),
            "--se cluster and --cluster COL go together", code: 64)
    }
}
