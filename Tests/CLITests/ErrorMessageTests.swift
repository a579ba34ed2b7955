import Foundation
import Testing

/// Issue 14, item 18: errors that did not say what is wrong now name the file, line, column or key.
@Suite struct ErrorMessageTests {
    @Test func errorsSayWhatIsWrong() throws {
        let w = try Workspace()
        let yaml = try w.write("dup.yaml", "kind: rct\nid: a\ntitle: t\nid: b\n")
        let validate = try CLIRun(["validate", yaml])
        #expect(
            validate.status == 65
                && validate.stderr
                    == "g3-design: error: \(yaml):4: duplicate key 'id' (first on line 2); each key may appear once\n",
            "\(validate.stderr)")
        let header = try w.write("header.csv", "unit,period,y,treat\n")
        expectOneLineError(
            try CLIRun([
                "did", "--data", header, "--unit", "unit", "--time", "period", "--outcome", "y", "--treatment", "treat"
            ]),
            "header.csv: no data rows after the header", code: 65)
        let ivHeader = try w.write("iv.csv", "y,d,z\n")
        expectOneLineError(
            try CLIRun([
                "iv", "estimate", "--data", ivHeader, "--outcome", "y", "--endogenous", "d", "--instruments", "z"
            ]),
            "iv.csv: no data rows after the header", code: 65)
        let lalonde = Workspace.repository("Fixtures/lalonde/lalonde.csv")
        expectOneLineError(
            try CLIRun([
                "match", "--data", lalonde, "--treatment", "treat", "--outcome", "re78", "--covariates", "age,age"
            ]),
            "--covariates names 'age' twice", code: 64)
        var rows = "id,treat,y,flat,x\n"
        for i in 0..<40 { rows += "\(i),\(i % 2),\(i),7,\(i % 5)\n" }
        let flat = try w.write("flat.csv", rows)
        expectOneLineError(
            try CLIRun(["match", "--data", flat, "--treatment", "treat", "--outcome", "y", "--covariates", "x,flat"]),
            "the covariate term 'flat' has the same value (7.0) for every unit", code: 65)
        let panel = Workspace.repository("Fixtures/panel/g3-panel-small.csv")
        expectOneLineError(
            try CLIRun(["analyze", "--data", panel, "--covariates", "ttl_sls_rev,ttl_sls_rev"]),
            "column 'ttl_sls_rev' is listed twice in the numeric covariates", code: 64)
        var opportunities = "opportunity_id,engagement_type,is_won,arr\n"
        for i in 0..<10 { opportunities += "o\(i),T,1,1.7e308\n" }
        expectOneLineError(
            try CLIRun(["engagements", "--data", try w.write("opp.csv", opportunities)]),
            "opp.csv:2: column 'arr': '1.7e308' is too large", code: 65)
        let out = w.path("results")
        #expect(
            try CLIRun(["analyze", "--data", panel, "--placebo-draws", "0", "--bootstrap", "0", "--out", out]).status
                == 0)
        try Data([0xFF, 0xFE, 0x3C]).write(to: URL(fileURLWithPath: "\(out)/love-plot.svg"))
        expectOneLineError(
            try CLIRun(["report", "--results", out, "--out", w.path("r.html")]),
            "\(out)/love-plot.svg is not an SVG chart in UTF-8", code: 65)
        #expect(!FileManager.default.fileExists(atPath: w.path("r.html")))
    }

    /// Item 11: degenerate inputs give a diagnostic, never a number that looks fine.
    @Test func degenerateInputsCarryTheirDiagnostic() throws {
        let w = try Workspace()
        let design = try w.writeTwoArmDesign("one.yaml", id: "one", extra: "balance: [x]\n")
        let one = try CLIRun([
            "randomize", design, "--units", try w.write("one.csv", "id,x\na,1\n"), "--dry-run", "--format", "json"
        ])
        #expect(one.status == 0, "\(one.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [String: Any])
        let balance = try #require((json["balance"] as? [[String: Any]])?.first)
        #expect(balance["smd"] is NSNull && balance["mean_reference"] is NSNull, "\(balance)")
        expectOneLineError(
            try CLIRun(["diagnose", "--customers", "12", "--engaged", "5", "--replications", "3", "--months", "6"]),
            "only 0 of 3 replications could be analyzed", code: 65)
        // n = 1,569,772,102.83 must round up, not down (the rounding allowance no longer grows with n).
        let power = try CLIRun(["power", "--effect", "0.0001", "--power", "0.8", "--format", "json"])
        let solved = try #require(try JSONSerialization.jsonObject(with: Data(power.stdout.utf8)) as? [String: Any])
        let n = try #require(solved["n_treatment"] as? Double)
        let ceil = try #require(solved["n_treatment_ceil"] as? Int)
        #expect(Double(ceil) >= n && Double(ceil) - n < 1, "\(n) → \(ceil)")
        let y = (0..<30).map { "\($0 % 2),\(Double($0) * 1.5),\(Double($0) * 1.5)" }.joined(separator: "\n")
        let copy = try w.write("copy.csv", "z,d,y\n" + y + "\n")
        expectOneLineError(
            try CLIRun(["iv", "estimate", "--data", copy, "--outcome", "y", "--endogenous", "d", "--instruments", "z"]),
            "is an exact linear function of the regressors", code: 65)
    }
}

/// Issue 14, item 9: the report's bottom line never presents an estimate whose own checks fail as
/// settled, and each sensitivity figure names its estimate.
@Suite struct ReportHeadlineTests {
    @Test func theHeadlineCarriesTheFailedCheck() throws {
        let w = try Workspace()
        let out = w.path("results")
        let panel = Workspace.repository("Fixtures/panel/g3-panel-small.csv")
        #expect(
            try CLIRun([
                "analyze", "--data", panel, "--placebo-draws", "0", "--bootstrap", "0", "--skip", "clusters,cs",
                "--out", out
            ]).status == 0)
        let run = try CLIRun(["report", "--results", out, "--out", w.path("r.html")])
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOfFile: w.path("r.html"), encoding: .utf8)
        // The fixture's leads reject parallel trends (p < 0.001): the headline says so beside the number.
        let security = try #require(html.components(separatedBy: "ttl_security_rev: estimated by").dropFirst().first)
        let headline = try #require(security.components(separatedBy: "</p>").first)
        #expect(
            headline.contains("The interval excludes zero, but a check this estimate rests on fails: the event study"),
            "\(headline)")
        #expect(!headline.contains("The interval excludes zero. "))
        #expect(html.contains("for the estimate") && html.contains("matched ATT "))
    }
}

/// Issue 14, item 19: help that reads well, negative numbers, and --skip did meaning all of DiD.
@Suite struct HelpAndFlagTests {
    static let commands = [
        "power", "validate", "randomize", "outcomes import", "takeup import", "rct analyze", "match", "analyze", "did",
        "iv estimate", "iv plan", "simulate", "diagnose", "compare", "report", "engagements", "roi", "example nsw",
        "registry show", "registry export", "registry runs", "registry link"
    ]

    /// No hard-wrapped line that argument-parser re-wraps into a short line and a lowercase continuation.
    @Test func helpIsNotRagged() throws {
        for command in Self.commands {
            let run = try CLIRun(command.split(separator: " ").map(String.init) + ["--help"])
            #expect(run.status == 0, "\(command)")
            let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (a, b) in zip(lines, lines.dropFirst())
            where !a.isEmpty && !b.isEmpty && !a.hasPrefix(" ") && !b.hasPrefix(" ") {
                let ragged = a.count < 50 && !a.hasSuffix(":") && (b.first?.isLowercase ?? false)
                #expect(!ragged, "\(command) --help: '\(a)' / '\(b)'")
            }
        }
    }

    @Test func negativeValuesAndSkipDid() throws {
        let run = try CLIRun(["power", "--effect", "-0.1", "--power", "0.8", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let lift = try CLIRun(["power", "--lift", "6.4", "--baseline-mean", "100", "--cv", "2", "--power", "0.8"])
        #expect(lift.stderr.contains("--lift 6.4 is a 640% change"), "\(lift.stderr)")
        let panel = Workspace.repository("Fixtures/panel/g3-panel-small.csv")
        let skipped = try CLIRun([
            "analyze", "--data", panel, "--placebo-draws", "0", "--bootstrap", "0", "--skip",
            "did,clusters,sensitivity", "--format", "json"
        ])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(skipped.stdout.utf8)) as? [String: Any])
        #expect((document["did"] as? [Any])?.isEmpty == true, "\(String(describing: document["did"]))")
    }
}

/// Issue 14, item 15: writes keep what the target is, fail loudly, and stay bounded.
@Suite struct WriteTests {
    @Test func specialTargetsAndFailedWrites() throws {
        let w = try Workspace()
        let target = w.path("real.csv")
        try "old\n".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: w.path("link.csv"), withDestinationPath: target)
        let curve = try CLIRun(["power", "--effect", "0.3", "--power", "0.8", "--curve", w.path("link.csv")])
        #expect(curve.status == 0, "\(curve.stderr)")
        let kind = try FileManager.default.attributesOfItem(atPath: w.path("link.csv"))[.type] as? FileAttributeType
        #expect(kind == .typeSymbolicLink)
        #expect(
            try String(contentsOfFile: target, encoding: .utf8).hasPrefix("effect")
                || String(contentsOfFile: target, encoding: .utf8).contains(","))
        #expect(try CLIRun(["power", "--effect", "0.3", "--power", "0.8", "--curve", "/dev/null"]).status == 0)
        let devNull = try FileManager.default.attributesOfItem(atPath: "/dev/null")[.type] as? FileAttributeType
        #expect(devNull == .typeCharacterSpecial)
        expectOneLineError(
            try CLIRun([
                "power", "--effect", "0.3", "--power", "0.8", "--curve-points", "100000000", "--curve", w.path("c.csv")
            ]),
            "--curve-points must be a whole number from 2 to 100,000", code: 64)
        expectOneLineError(
            try CLIRun(["power", "--effect", "0.3", "--power", "0.8", "--curve", w.path("missing/dir/c.csv")]),
            "--curve", code: 73)
    }

    /// A full disk on stdout is exit 74, not 0.
    @Test func aFailedStandardOutputIsAnError() throws {
        let process = Process()
        process.executableURL = CLIRun.binary
        process.arguments = ["power", "--effect", "0.3", "--power", "0.8"]
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
        let err = Pipe()
        process.standardError = err
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 74, "\(process.terminationStatus) \(message)")
        #expect(message.hasPrefix("g3-design: error: cannot write to standard output"))
    }
}

/// Issue 14, item 13: names and numbers from the input that used to trap.
@Suite struct InputTrapTests {
    @Test func namesAndNumbersThatTrapped() throws {
        let w = try Workspace()
        let lalonde = Workspace.repository("Fixtures/lalonde/lalonde.csv")
        let text = try String(contentsOfFile: lalonde, encoding: .utf8)
        // A numeric covariate named like the indicator generated for race = hispan.
        let renamed = try w.write("l.csv", text.replacingOccurrences(of: "re74", with: "racehispan"))
        expectOneLineError(
            try CLIRun([
                "match", "--data", renamed, "--treatment", "treat", "--outcome", "re78", "--covariates",
                "race,racehispan",
                "--format", "json"
            ]), "the model term 'racehispan' appears twice", code: 65)
        let intercept = try w.write("i.csv", text.replacingOccurrences(of: "re74", with: "(Intercept)"))
        expectOneLineError(
            try CLIRun([
                "iv", "estimate", "--data", intercept, "--outcome", "re78", "--endogenous", "treat", "--instruments",
                "married",
                "--controls", "(Intercept)", "--format", "json"
            ]), "is named twice (or is named like the intercept)", code: 65)
        for period in ["1e400", "-9223372036854775808"] {
            let panel = try w.write("p.csv", "unit,period,y,treat\na,1,1,0\na,\(period),2,1\nb,1,1,0\nb,2,1,0\n")
            expectOneLineError(
                try CLIRun([
                    "did", "--data", panel, "--unit", "unit", "--time", "period", "--outcome", "y", "--treatment",
                    "treat"
                ]),
                "column 'period': expected an integer period", code: 65)
        }
        expectOneLineError(
            try CLIRun(["power", "--n", "9223372036854775807", "--effect", "0.2"]), "--n must be a number from 2",
            code: 64)
        expectOneLineError(
            try CLIRun(["power", "--n", "100", "--ratio", "1e300", "--effect", "0.2"]), "--ratio must be a number in",
            code: 64)
        expectOneLineError(
            try CLIRun(["simulate", "--security-lift", "nan", "--out", w.path("s")]),
            "--security-lift must be a number", code: 64)
    }

    /// A metric named like a fixed column of the analysis export gets its own column name.
    @Test func aMetricNamedArmExports() throws {
        let w = try Workspace()
        let design = Workspace.repository("designs/g3-encouragement-2026.yaml")
        #expect(
            try CLIRun([
                "randomize", design, "--units", Workspace.repository("Fixtures/units/g3-accounts.csv"), "--registry",
                w.registry,
                "--out", w.path("a.csv")
            ]).status == 0)
        let unit = try #require(
            try String(contentsOfFile: w.path("a.csv"), encoding: .utf8).split(separator: "\n").dropFirst().first?
                .split(separator: ",").first)
        let values = try w.write("o.csv", "sfdc_customer_id,arm\n\(unit),3\n")
        #expect(
            try CLIRun([
                "outcomes", "import", "g3-encouragement-2026", "--file", values, "--period", "1", "--registry",
                w.registry
            ]).status == 0)
        for format in ["json", "csv"] {
            let run = try CLIRun([
                "registry", "export", "g3-encouragement-2026", "--table", "analysis", "--metric", "arm", "--format",
                format,
                "--registry", w.registry
            ])
            #expect(run.status == 0 && run.stdout.contains("outcome_arm"), "\(run.stderr)")
        }
    }
}
