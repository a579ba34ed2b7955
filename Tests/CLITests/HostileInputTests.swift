import Foundation
import PropertyBased
import Testing

/// Issue 14: every command's input path with generated hostile CSVs and flag values, through the
/// binary as a user runs it. No trap (exit ≥ 128), no exit other than 0, 64 or 65, one line on
/// stderr for an error, and no NaN or infinity on stdout. A fixed seed: every run checks the same cases.
@Suite struct HostileInputTests {
    static let values = [
        "1", "2", "0", "-3.5", "", "NULL", "nan", "1e400", "-1e300", "1e300", "\"1,234.50\"", "\"1,234\"", "x",
        "2025-01-01", "2025-03-01", "2024-12-01", "9999-12-31", "\"a\nb\"", "\"\"", "0x10", "é", "(Intercept)",
        "-9223372036854775808", "9223372036854775807"
    ]
    static let names = [
        "sfdc_customer_id", "ar_date", "firstactivitydate", "ttl_sls_rev", "ttl_security_rev", "sub_segment",
        "unit", "period", "y", "d", "z", "treat", "arm", "(Intercept)", "racehispan", "ttl_sls_rev"
    ]

    /// A CSV: 2–6 columns named from `names` (duplicates possible), 0–30 rows, ragged now and then.
    static let csv = zip(
        Gen.int(in: 0...(names.count - 1)).array(of: 2...6),
        Gen.int(in: 0...(values.count - 1)).array(of: 0...6).array(of: 0...30),
        Gen.int(in: 0...3)
    )
    .map { header, rows, flavour -> String in
        let head = header.map { HostileInputTests.names[$0] }
        let body = rows.map { row in
            (0..<(flavour == 0 ? row.count : head.count)).map {
                HostileInputTests.values[row.isEmpty ? 0 : row[$0 % row.count]]
            }
            .joined(separator: ",")
        }
        let end = flavour == 1 ? "\r\n" : "\n"
        return (flavour == 2 ? "\u{FEFF}" : "") + ([head.joined(separator: ",")] + body).joined(separator: end) + end
    }

    static func commands(_ file: String, _ w: Workspace) -> [[String]] {
        [
            [
                "analyze", "--data", file, "--placebo-draws", "0", "--bootstrap", "0", "--skip",
                "did,event-study,cs,clusters,sensitivity"
            ],
            [
                "analyze", "--data", file, "--unit", "unit", "--month", "period", "--engagement", "d", "--outcomes",
                "y", "--covariates", "z",
                "--placebo-draws", "0", "--bootstrap", "0"
            ],
            ["did", "--data", file, "--unit", "unit", "--time", "period", "--outcome", "y", "--treatment", "treat"],
            ["iv", "estimate", "--data", file, "--outcome", "y", "--endogenous", "d", "--instruments", "z"],
            [
                "match", "--data", file, "--treatment", "treat", "--outcome", "y", "--covariates", "z,ttl_sls_rev",
                "--format", "json"
            ],
            ["engagements", "--data", file],
            ["power", "--history", file, "--lift", "0.1", "--power", "0.8"] + Self.shortWindow,
            [
                "diagnose", "--history", file, "--design", w.path("strata.yaml"), "--diff", "1", "--replications", "20",
                "--format", "json"
            ] + Self.shortWindow,
            ["randomize", w.path("units.yaml"), "--units", file, "--dry-run", "--format", "json"]
        ]
    }

    static let shortWindow = ["--baseline-months", "1", "--follow-up-months", "1"]

    /// A two-arm design stratified by sub_segment, re-randomized on ttl_sls_rev, for `diagnose --history`.
    static func writeStrataDesign(_ w: Workspace) throws {
        _ = try w.writeTwoArmDesign(
            "strata.yaml", id: "strata",
            extra: "strata: [sub_segment]\nrerandomize: {covariates: [ttl_sls_rev], acceptance: 0.5, max_draws: 50}\n")
    }

    /// A design whose units file needs an id, a stratum, a covariate and two eligibility columns, for
    /// `randomize` (issue 17 reads them with the typed reader).
    static func writeUnitsDesign(_ w: Workspace) throws {
        _ = try w.write(
            "units.yaml",
            """
            kind: rct
            id: units
            title: hostile units
            units:
              id: sfdc_customer_id
              eligible:
                - {column: ttl_security_rev, min: 0}
                - {column: sub_segment, not_in: [ENT]}
            strata: [sub_segment]
            arms:
              - {name: control, share: 0.5}
              - {name: g3, share: 0.5}
            seed: 3
            balance: [ttl_sls_rev]
            rerandomize: {covariates: [ttl_sls_rev], acceptance: 0.5, max_draws: 50}

            """)
    }

    @Test func noCommandTrapsOrPrintsNonFiniteNumbers() throws {
        let w = try Workspace()
        try Self.writeStrataDesign(w)
        try Self.writeUnitsDesign(w)
        var rng = Xoshiro(seed: (14, 20261130, 3, 4))
        var outcomes: [Int32: Int] = [:]
        for index in 0..<60 {
            let file = try w.write("f\(index).csv", Self.csv.run(using: &rng))
            for arguments in Self.commands(file, w) {
                let run = try CLIRun(arguments)
                outcomes[run.status, default: 0] += 1
                #expect(
                    [0, 64, 65].contains(run.status),
                    "\(arguments.joined(separator: " ")): exit \(run.status) \(run.stderr.prefix(300))")
                if run.status != 0 {
                    #expect(
                        run.stderr.hasPrefix("g3-design: error: ") && run.stderr.filter(\.isNewline).count == 1,
                        "\(arguments.joined(separator: " ")): \(run.stderr.prefix(300))")
                }
                let lower = run.stdout.lowercased()
                #expect(
                    !lower.contains("nan") && !lower.contains(" inf") && !lower.contains("infinity"),
                    "\(arguments.joined(separator: " ")): \(run.stdout.prefix(300))")
            }
        }
        #expect((outcomes[65] ?? 0) > 50, "\(outcomes)")
    }

    /// Generated flag values for power: numbers of every size and sign, never a trap.
    @Test func powerFlagsNeverTrap() throws {
        var rng = Xoshiro(seed: (1, 2, 3, 14))
        let numbers = [
            "0", "-0.1", "0.0001", "1e300", "-1e300", "nan", "inf", "9223372036854775807", "2", "0.5", "1.5", "100",
            "6.4"
        ]
        let flags = [
            "--effect", "--n", "--power", "--alpha", "--ratio", "--lift", "--icc", "--cluster-size", "--r2",
            "--curve-points"
        ]
        let gen = zip(
            Gen.int(in: 0...(flags.count - 1)).array(of: 1...4), Gen.int(in: 0...(numbers.count - 1)).array(of: 4))
        for _ in 0..<150 {
            let (f, v) = gen.run(using: &rng)
            let arguments = ["power"] + f.enumerated().flatMap { [flags[$0.element], numbers[v[$0.offset]]] }
            let run = try CLIRun(arguments)
            #expect(
                [0, 64].contains(run.status),
                "\(arguments.joined(separator: " ")): exit \(run.status) \(run.stderr.prefix(300))")
            #expect(
                !run.stdout.lowercased().contains("nan") && !run.stdout.contains("inf"),
                "\(arguments.joined(separator: " ")): \(run.stdout)")
        }
    }

    /// A seed-schema history of 4 months with a hostile cell now and then: a bad date (1 in 97), a
    /// hostile revenue value (1 in 41), a missing segment (1 in 4); rows of 2–30 accounts.
    static let history = Gen.int(in: 0...999).array(of: 3).array(of: 8...120).map { rows -> String in
        let v = HostileInputTests.values
        let lines = rows.enumerated().map { i, r in
            let months = ["2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"]
            let month = r[0] % 97 == 0 ? v[r[0] / 97 % v.count] : months[i % 4]
            let security = r[1] % 41 == 0 ? v[r[1] / 41 % v.count] : "\(r[1] * 37 % 1000).5"
            let sales = r[2] % 43 == 0 ? v[r[2] / 43 % v.count] : "\(r[2] * 53 % 5000)"
            return "a\(i / 4),\(month),\(security),\(sales),\(["SMB", "MM", "", "ENT"][r[2] % 4])"
        }
        return "sfdc_customer_id,ar_date,ttl_security_rev,ttl_sls_rev,sub_segment\n" + lines.joined(separator: "\n")
            + "\n"
    }

    /// `power --history` and `diagnose --history` on hostile histories: exit 0, 64 or 65, one line for
    /// an error, no NaN or infinity.
    @Test func historyCommandsNeverTrap() throws {
        let w = try Workspace()
        try Self.writeStrataDesign(w)
        var rng = Xoshiro(seed: (16, 20261130, 5, 6))
        let window = ["--baseline-months", "2", "--follow-up-months", "2"]
        var successes = 0
        for index in 0..<40 {
            let file = try w.write("h\(index).csv", Self.history.run(using: &rng))
            for arguments in [
                ["power", "--history", file, "--lift", "0.1", "--n", "50"] + window,
                [
                    "diagnose", "--history", file, "--design", w.path("strata.yaml"), "--lift", "0.2",
                    "--replications", "10", "--format", "json"
                ] + window
            ] {
                let run = try CLIRun(arguments)
                successes += run.status == 0 ? 1 : 0
                #expect([0, 64, 65].contains(run.status), "\(arguments): exit \(run.status) \(run.stderr.prefix(300))")
                if run.status != 0 {
                    #expect(run.stderr.filter(\.isNewline).count == 1, "\(arguments): \(run.stderr.prefix(300))")
                }
                #expect(
                    !run.stdout.lowercased().contains("nan") && !run.stdout.contains("inf"), "\(run.stdout.prefix(300))"
                )
            }
        }
        #expect(successes >= 10, "the generated histories reach the estimators, not only the reader: \(successes)")
    }
}
