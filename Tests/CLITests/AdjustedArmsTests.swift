import Foundation
import Testing

/// Issue 16, item 1: `rct analyze --adjust/--pre-period/--ri-draws` end to end on the demo's rollout
/// (true effect +1,500 a month on security revenue): the adjusted intervals are several times
/// narrower than the difference in means' and cover the truth; everything is stored.
@Suite struct AdjustedArmsTests {
    static func repo(_ path: String) -> String { Workspace.repository(path) }

    @Test func adjustedEstimatesAndFishersTest() throws {
        let w = try Workspace()
        let base = ["--registry", w.registry]
        try w.randomizeRollout(importing: ["g3-rollout-outcomes.csv", "g3-rollout-pre-outcomes.csv"])
        let run = try CLIRun(
            [
                "rct", "analyze", "g3-rollout-2026", "--metric", "ttl_security_rev", "--period", "2026-H2",
                "--pre-period", "2026-H1", "--adjust", "ttl_security_rev,ttl_sls_rev", "--ri-draws", "2000",
                "--format", "json"
            ] + base)
        #expect(run.status == 0, "\(run.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let comparison = try #require((document["comparisons"] as? [[String: Any]])?.first)
        let estimates = try #require(comparison["estimates"] as? [[String: Any]])
        func estimate(_ method: String) throws -> [String: Any] {
            try #require(estimates.first { $0["method"] as? String == method }, "no \(method)")
        }
        let dim = try estimate("difference-in-means")
        let dimWidth = (dim["ci_high"] as? Double ?? 0) - (dim["ci_low"] as? Double ?? 0)
        for method in ["lin", "cuped"] {
            let e = try estimate(method)
            let low = try #require(e["ci_low"] as? Double)
            let high = try #require(e["ci_high"] as? Double)
            #expect(low < 1500 && 1500 < high, "\(method) [\(low), \(high)] misses the true 1,500")
            #expect(high - low < dimWidth / 4, "\(method) is not several times narrower")
            let reduction = try #require((comparison["variance_reduction"] as? [String: Double])?[method])
            #expect(reduction > 0.9)
        }
        let ri = try #require(comparison["randomization_inference"] as? [String: Any])
        #expect(ri["draws"] as? Int == 2000 && ri["seed"] as? Int == 20_261_124)
        #expect((ri["p_value"] as? Double ?? 1) < 0.01)
        // The same seed gives the same p.
        let again = try CLIRun(
            [
                "rct", "analyze", "g3-rollout-2026", "--metric", "ttl_security_rev", "--period", "2026-H2",
                "--ri-draws", "2000", "--format", "json"
            ] + base)
        let p =
            ((((try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])?["comparisons"]
            as? [[String: Any]])?.first)?["randomization_inference"] as? [String: Any])?["p_value"] as? Double
        #expect(p == ri["p_value"] as? Double)
        let stored = try CLIRun(["registry", "export", "g3-rollout-2026", "--table", "estimate"] + base)
        #expect(stored.stdout.contains(",lin,") && stored.stdout.contains(",cuped,"))
        #expect(stored.stdout.contains("randomization_p_value"))
    }

    @Test func badAdjustmentsAreRefused() throws {
        let w = try Workspace()
        let base = ["--registry", w.registry]
        try w.randomizeRollout(importing: ["g3-rollout-outcomes.csv"])
        let before = try w.registryChecksum()
        let analyze = ["rct", "analyze", "g3-rollout-2026", "--metric", "ttl_security_rev"]
        expectOneLineError(
            try CLIRun(analyze + ["--adjust", "revenue"] + base), "--adjust: 'revenue' is not a covariate recorded",
            "ttl_sls_rev", code: 64)
        expectOneLineError(try CLIRun(analyze + ["--pre-period", "2025-H9"] + base), "2025-H9", code: 65)
        expectOneLineError(try CLIRun(analyze + ["--ri-draws=-1"] + base), "--ri-draws", code: 64)
        #expect(try w.registryChecksum() == before)
    }

    /// Item 4: the design's analysis block (designs/g3-rollout-2026.yaml pre-registers Lin on the
    /// recorded revenue) is followed by default; a run with other flags is exploratory everywhere.
    @Test func thePreRegisteredAnalysisIsFollowedAndDeviationsAreLabelled() throws {
        let w = try Workspace()
        let base = ["--registry", w.registry]
        try w.randomizeRollout(importing: ["g3-rollout-outcomes.csv", "g3-rollout-pre-outcomes.csv"])
        let analyze = ["rct", "analyze", "g3-rollout-2026", "--metric", "ttl_security_rev", "--ri-draws", "0"]
        let followed = try CLIRun(analyze + base)  // no --period: the one besides the pre-period
        #expect(followed.status == 0, "\(followed.stderr)")
        #expect(followed.stdout.contains("pre-registered: lin at α = 0.05"))
        let deviating = try CLIRun(analyze + ["--adjust", "ttl_sls_rev", "--format", "json"] + base)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(deviating.stdout.utf8)) as? [String: Any])
        let registration = try #require(document["pre_registered"] as? [String: Any])
        #expect(registration["estimator"] as? String == "lin")
        #expect(registration["deviations"] as? [String] == ["--adjust ttl_sls_rev"])
        let stored = try CLIRun(
            ["registry", "export", "g3-rollout-2026", "--table", "estimate", "--format", "json"] + base)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(stored.stdout.utf8)) as? [[String: Any]])
        let roles = rows.map { row -> String in
            let notes = (row["diagnostics_json"] as? String).flatMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8))
            }
            return "\(row["run_id"] ?? ""):\(row["method"] ?? ""):\((notes as? [String: Any])?["role"] ?? "")"
        }
        #expect(
            roles.filter { $0.hasSuffix(":pre-registered") }.count == 1
                && roles.contains { $0.hasSuffix("lin:pre-registered") })
        #expect(roles.filter { $0.hasSuffix(":exploratory") }.count == rows.count - 1)
    }

    @Test func analysisBlocksAreChecked() throws {
        let w = try Workspace()
        let design = try String(contentsOfFile: Self.repo("designs/g3-rollout-2026.yaml"), encoding: .utf8)
        let head = design.components(separatedBy: "analysis:")[0]
        let cases: [(String, String)] = [
            (
                "analysis:\n  estimator: ols\n",
                "analysis.estimator: expected one of difference-in-means, blocked, lin, cuped"
            ),
            ("analysis:\n  estimator: lin\n", "analysis.covariates: is required for estimator: lin"),
            ("analysis:\n  estimator: lin\n  covariates: [revenue]\n", "'revenue' is not recorded at randomization"),
            ("analysis:\n  estimator: cuped\n", "analysis.pre_period: is required for estimator: cuped"),
            ("analysis:\n  estimator: blocked\n  sides: 1\n", "two-sided"),
            ("analysis:\n  estimator: blocked\n  alpha: 2\n", "analysis.alpha")
        ]
        for (block, message) in cases {
            let path = try w.write("d.yaml", head + block)
            expectOneLineError(try CLIRun(["validate", path]), message, code: 65)
        }
    }
}
