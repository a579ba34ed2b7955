import Foundation
import G3TestSupport
import Testing

/// `analyze --design` (kind: observational), placebo treatments, the engagement-type breakdown and
/// matching with replacement, end to end.
@Suite struct AnalyzeDesignTests {
    static let panel = Workspace.repository("Fixtures/panel/g3-panel-small.csv")
    static let quick = ["--format", "json", "--bootstrap", "0"]

    func json(_ run: CLIRun) throws -> [String: Any] {
        #expect(run.status == 0, "\(run.stderr)")
        return try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    }

    func estimates(_ document: [String: Any]) -> [String: Double] {
        Dictionary(
            uniqueKeysWithValues: (document["effects"] as! [[String: Any]]).map {
                ($0["outcome"] as! String, $0["estimate"] as! Double)
            })
    }

    /// Another program's column names, mapped by a design file, give the same estimates as the seed schema.
    @Test func aDesignFileMapsOtherColumnNames() throws {
        let w = try Workspace()
        let renames = [
            "sfdc_customer_id": "account", "ar_date": "month", "firstactivitydate": "engaged_on",
            "first_engagement_type": "program",
            "ttl_sls_rev": "revenue", "ttl_security_rev": "security_revenue", "security_services_count": "services",
            "sub_segment": "segment", "max_aws_support_level": "support"
        ]
        var text = try String(contentsOfFile: Self.panel, encoding: .utf8)
        let header = text.prefix { $0 != "\n" }
        text =
            header.split(separator: ",").map { renames[String($0)]! }.joined(separator: ",")
            + text.dropFirst(header.count)
        let data = try w.write("other.csv", text)
        let design = try w.write(
            "study.yaml",
            """
            kind: observational
            id: other-program
            title: The same panel under another program's names
            panel: {unit: account, month: month, engagement: engaged_on, engagement_type: program}
            outcomes: [security_revenue, revenue]
            covariates: {numeric: [revenue, security_revenue, services], categorical: [segment, support]}
            segment: segment
            placebo_draws: 0
            matching: {caliper: 0.2, bootstrap: 0}
            """)
        let mapped = try json(try CLIRun(["analyze", "--data", data, "--design", design, "--format", "json"]))
        let seed = try json(try CLIRun(["analyze", "--data", Self.panel, "--placebo-draws", "0"] + Self.quick))
        let a = estimates(mapped)
        let b = estimates(seed)
        #expect(a["security_revenue"] == b["ttl_security_rev"] && a["revenue"] == b["ttl_sls_rev"], "\(a) vs \(b)")
        #expect(try CLIRun(["validate", design]).stdout.contains("ok (observational 'other-program'"))
        // Flags override the design file.
        let overridden = try json(
            try CLIRun(["analyze", "--data", data, "--design", design, "--caliper", "none", "--format", "json"]))
        #expect((overridden["matching"] as! [String: Any])["caliper"] is NSNull)
    }

    @Test func designFileErrorsNameTheFileLineAndKey() throws {
        let w = try Workspace()
        let bad = try w.write(
            "bad.yaml", "kind: observational\nid: x\ntitle: t\nmatching:\n  ratio: 1\n  order: biggest\n")
        expectOneLineError(
            try CLIRun(["analyze", "--data", Self.panel, "--design", bad]),
            "bad.yaml:6: matching.order: expected one of largest, smallest, random, data, got 'biggest'", code: 65)
        let replaceless = try w.write(
            "j.yaml", "kind: observational\nid: x\ntitle: t\nmatching: {ai_variance_matches: 2}\n")
        expectOneLineError(
            try CLIRun(["validate", replaceless]),
            "j.yaml:4: matching.ai_variance_matches applies only with matching.replace", code: 65)
        expectOneLineError(
            try CLIRun([
                "analyze", "--data", Self.panel, "--design", Workspace.repository("designs/g3-rollout-2026.yaml")
            ]),
            "kind: expected observational for `analyze --design`, got 'rct'", code: 65)
        expectOneLineError(
            try CLIRun(["randomize", Workspace.repository("designs/g3-observational.yaml"), "--units", "x.csv"]),
            "observational designs describe an analysis, not an assignment", code: 65)
    }

    /// Random placebo treatments among the controls: a distribution around 0, and where the real ATT falls.
    @Test func placeboTreatmentsAndEngagementTypes() throws {
        let document = try json(try CLIRun(["analyze", "--data", Self.panel, "--placebo-draws", "100"] + Self.quick))
        let draws = (document["placebo"] as! [String: Any])["random_treatments"] as! [[String: Any]]
        #expect(draws.count == 2)
        for d in draws {
            #expect(d["draws"] as? Int == 100 && d["failed_draws"] as? Int == 0)
            #expect((d["low"] as! Double) < 0 && 0 < (d["high"] as! Double), "\(d)")
            let p = d["p_value"] as! Double
            #expect(p > 0 && p <= 1)
        }
        let types = document["by_engagement_type"] as! [[String: Any]]
        #expect(types.map { $0["type"] as! String } == ["Security Review", "Threat Modeling"])
        let matched = (document["matching"] as! [String: Any])["matched_treated"] as! Int
        #expect(types.map { $0["pairs"] as! Int }.reduce(0, +) == matched)
        // Seeded: the same seed gives the same draws.
        let again = try json(try CLIRun(["analyze", "--data", Self.panel, "--placebo-draws", "100"] + Self.quick))
        #expect(
            ((again["placebo"] as! [String: Any])["random_treatments"] as! [[String: Any]])[0]["mean"] as? Double
                == draws[0]["mean"] as? Double)
    }

    /// `match --replace` through the CLI equals R Matching 4.10-8 (Fixtures/reference/matching/matching_replace.csv, no caliper).
    @Test func matchWithReplacementEqualsRMatching() throws {
        for reference in try ReferenceTable("matching/matching_replace.csv").rows where reference["caliper"]!.isEmpty {
            let run = try CLIRun(
                MatchCommandTests.base + [
                    "--replace", "--caliper", "none", "--ratio", reference["ratio"]!,
                    "--ai-variance-matches", reference["var_matches"]!
                ] + Self.quick)
            let effect = (try json(run)["effects"] as! [[String: Any]])[0]
            #expect(abs((effect["estimate"] as! Double) / reference.number("att")! - 1) < 1e-8)
            #expect(abs((effect["se"] as! Double) / reference.number("se")! - 1) < 1e-8)
            #expect(effect["se_method"] as? String == "abadie-imbens" && effect["df"] is NSNull)
        }
        expectOneLineError(
            try CLIRun(MatchCommandTests.base + ["--ai-variance-matches", "2"]),
            "--ai-variance-matches applies only with --replace", code: 64)
    }
}
