import Foundation
import G3TestSupport
import Testing

/// `g3-design did` end to end, and its errors.
@Suite struct DiDCommandTests {
    static let organ = [
        "did", "--data", Workspace.repository("Fixtures/did/organ_donations.csv"), "--unit", "State", "--time",
        "Quarter_Num", "--outcome", "Rate"
    ]

    func effects(_ run: CLIRun) throws -> [String: [String: Any]] {
        #expect(run.status == 0, "\(run.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        return Dictionary(
            uniqueKeysWithValues: (document["effects"] as! [[String: Any]]).map { ($0["method"] as! String, $0) })
    }

    /// Issue 5, item 1: −0.02245897 with CR1 SE 0.006720766 (lm + vcovCL HC1), and fixest's SE, from either way of giving the treatment.
    @Test func organDonationsThroughTheCLI() throws {
        for treatment in [["--treatment", "Treated"], ["--cohort", "first_treated"]] {
            for (convention, file) in [("lm", "organ_donations_r.csv"), ("fixest", "organ_donations_pyfixest.csv")] {
                let reference = try ReferenceTable("did/\(file)").rows[0]
                let twfe = try #require(
                    try effects(
                        try CLIRun(
                            Self.organ + treatment + [
                                "--estimator", "twfe", "--fe-convention", convention, "--format", "json"
                            ]))["twfe"])
                #expect(abs((twfe["estimate"] as! Double) - reference.number("estimate")!) < 1e-10)
                #expect(abs((twfe["se"] as! Double) / reference.number("se")! - 1) < 1e-8)
            }
        }
    }

    @Test func writesTheEventStudyChart() throws {
        let w = try Workspace()
        let run = try CLIRun([
            "did", "--data", Workspace.repository("Fixtures/did/mpdta.csv"), "--unit", "countyreal", "--time", "year",
            "--outcome", "lemp", "--cohort", "first.treat", "--out", w.path("out")
        ])
        #expect(run.status == 0 && run.stdout.contains("pre-trend test: W = 7.791"), "\(run.stdout)")
        for file in ["results.json", "effects.csv", "event-study.svg"] {
            #expect(FileManager.default.fileExists(atPath: w.path("out/\(file)")), "\(file)")
        }
    }

    /// Everyone treated eventually: not-yet-treated controls; cells without controls are left out, never NaN.
    @Test func notYetTreatedControlsWithoutNeverTreatedUnits() throws {
        let w = try Workspace()
        let data = try w.write(
            "late.csv", "u,t,y,g\na,1,1,2\na,2,3,2\na,3,4,2\nb,1,2,3\nb,2,2,3\nb,3,5,3\nc,1,1,3\nc,2,1.5,3\nc,3,4,3\n")
        let arguments = [
            "did", "--data", data, "--unit", "u", "--time", "t", "--outcome", "y", "--cohort", "g", "--estimator", "cs"
        ]
        expectOneLineError(
            try CLIRun(arguments), "there are no never-treated units; use the not-yet-treated as controls", code: 65)
        let run = try CLIRun(arguments + ["--control", "not-yet", "--format", "json"])
        #expect(run.stderr.contains("no unit is untreated for ATT(g,t) at (2, 3), (3, 2), (3, 3)"))
        // The one cell left: ATT(2,2) = (3 − 1) − mean(2 − 2, 1.5 − 1) = 1.75.
        for (_, e) in try effects(run) { #expect(abs((e["estimate"] as! Double) - 1.75) < 1e-12, "\(e)") }
    }

    @Test func badPanelsGetAClearMessage() throws {
        let w = try Workspace()
        expectOneLineError(
            try CLIRun(Self.organ),
            "give exactly one of --treatment (0/1 per row) and --cohort (first treated period per unit)", code: 64)
        expectOneLineError(
            try CLIRun(Self.organ + ["--treatment", "Treated", "--estimator", "did"]),
            "--estimator: expected twfe, event-study or cs, got 'did'", code: 64)
        let header = "u,t,y,d\n"
        expectOneLineError(
            try CLIRun([
                "did", "--data",
                try w.write("off.csv", header + "a,1,1,0\na,2,2,1\na,3,2,0\nb,1,1,0\nb,2,1,0\nb,3,1,0\n"),
                "--unit", "u", "--time", "t", "--outcome", "y", "--treatment", "d"
            ]),
            "off.csv:4: column 'd': unit 'a' is untreated here after being treated from 2; event-study and cs need treatment that stays on",
            code: 65)
        expectOneLineError(
            try CLIRun([
                "did", "--data", try w.write("twice.csv", header + "a,1,1,0\na,1,2,1\n"), "--unit", "u", "--time", "t",
                "--outcome", "y", "--treatment", "d"
            ]), "twice.csv:3: unit 'a' has a second row for period 1", code: 65)
        expectOneLineError(
            try CLIRun([
                "did", "--data", try w.write("gap.csv", header + "a,1,,0\n"), "--unit", "u", "--time", "t",
                "--outcome", "y", "--treatment", "d"
            ]), "gap.csv:2: column 'y': the outcome is missing", code: 65)
        expectOneLineError(
            try CLIRun([
                "did", "--data", try w.write("never.csv", header + "a,1,1,0\nb,1,2,0\n"), "--unit", "u", "--time", "t",
                "--outcome", "y", "--treatment", "d"
            ]), "no unit is ever treated", code: 65)
    }
}
