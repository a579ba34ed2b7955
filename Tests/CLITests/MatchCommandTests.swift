import Foundation
import G3TestSupport
import Testing

/// `g3-design match` end to end on MatchIt's lalonde, and its errors.
@Suite struct MatchCommandTests {
    static let lalonde = Workspace.repository("Fixtures/lalonde/lalonde.csv")
    static let base = [
        "match", "--data", lalonde, "--treatment", "treat", "--outcome", "re78",
        "--covariates", "age,educ,race,married,nodegree,re74,re75", "--id", "id"
    ]

    func json(_ run: CLIRun) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    }

    /// MatchIt 4.7.2 (Fixtures/reference/matching/matchit_4.7.2.csv), through the CLI.
    @Test func lalondeEqualsMatchIt() throws {
        for reference in try ReferenceTable("matching/matchit_4.7.2.csv").rows {
            var arguments = Self.base + ["--format", "json", "--bootstrap", "0", "--distance", reference["distance"]!]
            arguments += ["--caliper", reference["caliper"]!.isEmpty ? "none" : reference["caliper"]!]
            let run = try CLIRun(arguments)
            #expect(run.status == 0, "\(run.stderr)")
            let document = try json(run)
            let effect = (document["effects"] as! [[String: Any]])[0]
            #expect(
                (document["matching"] as! [String: Any])["matched_treated"] as? Int == Int(reference.number("pairs")!))
            #expect(abs((effect["estimate"] as! Double) / reference.number("att")! - 1) < 1e-8)
            #expect(abs((effect["se"] as! Double) / reference.number("se")! - 1) < 1e-8)
            #expect(effect["method"] as? String == "psm" && effect["estimand"] as? String == "ATT")
        }
    }

    @Test func writesTheResultsFolder() throws {
        let w = try Workspace()
        let run = try CLIRun(Self.base + ["--bootstrap", "1000", "--out", w.path("out")])
        #expect(run.status == 0)
        #expect(run.stdout.contains("Effect on the treated"))
        for file in ["results.json", "balance.csv", "pairs.csv", "effects.csv", "love-plot.svg", "overlap.svg"] {
            #expect(FileManager.default.fileExists(atPath: w.path("out/\(file)")), "\(file)")
        }
        let pairs = try String(contentsOfFile: w.path("out/pairs.csv"), encoding: .utf8).split(separator: "\n")
        #expect(pairs.count == 118 && pairs[1].hasPrefix("1,NSW"))
        #expect(run.stderr.contains("68 of 185 treated units found no control within the caliper"))
    }

    @Test func theSameSeedGivesTheSameBootstrap() throws {
        let a = try CLIRun(Self.base + ["--format", "json", "--bootstrap", "500", "--seed", "9"])
        let b = try CLIRun(Self.base + ["--format", "json", "--bootstrap", "500", "--seed", "9"])
        #expect(a.stdout == b.stdout)
    }

    @Test func badInputGetsAClearMessage() throws {
        let w = try Workspace()
        expectOneLineError(
            try CLIRun([
                "match", "--data", Self.lalonde, "--treatment", "treated", "--outcome", "re78", "--covariates", "age"
            ]),
            "lalonde.csv: no column 'treated' (--treatment); the columns are id, treat", code: 65)
        let none = try w.write("none.csv", "treat,x,y\n0,1,2\n0,2,3\n0,3,1\n0,4,5\n")
        expectOneLineError(
            try CLIRun(["match", "--data", none, "--treatment", "treat", "--outcome", "y", "--covariates", "x"]),
            "no treated (engaged) unit is left to match", code: 65)
        let all = try w.write("all.csv", "treat,x,y\n1,1,2\n1,2,3\n1,3,1\n1,4,5\n")
        expectOneLineError(
            try CLIRun(["match", "--data", all, "--treatment", "treat", "--outcome", "y", "--covariates", "x"]),
            "is treated (engaged): there are no controls to compare with", code: 65)
        // Distinct, overlapping x: every treated unit's nearest control is far beyond a caliper of 1e-6 SD.
        let apart = try w.write(
            "apart.csv",
            "treat,x,y\n"
                + [
                    (1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 7), (1, 9), (0, 6), (0, 8), (0, 10),
                    (0, 11), (0, 12), (0, 13), (0, 14)
                ].map { "\($0.0),\($0.1),\($0.1 % 4)\n" }.joined())
        expectOneLineError(
            try CLIRun([
                "match", "--data", apart, "--treatment", "treat", "--outcome", "y", "--covariates", "x", "--caliper",
                "0.000001"
            ]),
            "no treated unit found a control within the caliper", code: 64)
        let separated = try w.write(
            "sep.csv", "treat,x,y\n" + (0..<20).map { "\($0 < 10 ? 1 : 0),\($0),\($0 % 3)\n" }.joined())
        expectOneLineError(
            try CLIRun(["match", "--data", separated, "--treatment", "treat", "--outcome", "y", "--covariates", "x"]),
            "the propensity model did not converge", "separates treated from controls", code: 65)
        let missing = try w.write("missing.csv", "treat,x,y\n1,1,2\n0,NA,3\n0,3,1\n1,4,5\n")
        expectOneLineError(
            try CLIRun(["match", "--data", missing, "--treatment", "treat", "--outcome", "y", "--covariates", "x"]),
            "missing.csv:3: column 'x': missing value; fill it, or pass --drop-missing", code: 65)
        let dose = try w.write("dose.csv", "treat,x,y\n1,1,2\n2,2,3\n")
        expectOneLineError(
            try CLIRun(["match", "--data", dose, "--treatment", "treat", "--outcome", "y", "--covariates", "x"]),
            "dose.csv:3: column 'treat': expected 1 or 0, got '2'", code: 65)
        expectOneLineError(
            try CLIRun(Self.base + ["--caliper", "wide"]),
            "--caliper must be a positive number of SDs or 'none', got 'wide'", code: 64)
    }
}
