import Foundation
import Testing

/// The steps after matching in `analyze`: DiD on the matched panel against the original global-median
/// split (METHODS.md, mistake 4), account clusters that ignore row order, sensitivity and multiplicity.
@Suite struct AnalyzeFollowUpTests {
    static let staggered = Workspace.repository("Fixtures/panel/g3-panel-staggered.csv")

    func document(_ arguments: [String]) throws -> [String: Any] {
        let run = try CLIRun(["analyze"] + arguments + ["--format", "json", "--bootstrap", "0", "--placebo-draws", "0"])
        #expect(run.status == 0, "\(run.stderr)")
        return try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    }

    /// The original split: one global median engagement month for everyone, engaged vs all others,
    /// account-level change post − pre, normal 95% CI.
    static func globalMedianSplit(_ outcome: String) throws -> (low: Double, high: Double) {
        let lines = try String(contentsOfFile: staggered, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let header = lines[0]
        let rows = lines.dropFirst()
        let id = header.firstIndex(of: "sfdc_customer_id")!
        let date = header.firstIndex(of: "ar_date")!
        let engaged = header.firstIndex(of: "firstactivitydate")!
        let y = header.firstIndex(of: outcome)!
        let months = rows.filter { !$0[engaged].isEmpty }.map { String($0[engaged].prefix(7)) }.sorted()
        let median = months[(months.count - 1) / 2]  // each engaged account once per month row: the median is unchanged
        var sums: [String: (pre: Double, nPre: Double, post: Double, nPost: Double, engaged: Bool)] = [:]
        for r in rows {
            var s = sums[r[id]] ?? (0, 0, 0, 0, !r[engaged].isEmpty)
            if String(r[date].prefix(7)) >= median {
                s.post += Double(r[y])!
                s.nPost += 1
            } else {
                s.pre += Double(r[y])!
                s.nPre += 1
            }
            sums[r[id]] = s
        }
        func moments(_ v: [Double]) -> (mean: Double, variance: Double) {
            let m = v.reduce(0, +) / Double(v.count)
            return (m, v.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(v.count - 1))
        }
        let changes = sums.values.map { ($0.post / $0.nPost - $0.pre / $0.nPre, $0.engaged) }
        let e = moments(changes.filter(\.1).map(\.0))
        let c = moments(changes.filter { !$0.1 }.map(\.0))
        let ne = Double(changes.filter(\.1).count)
        let nc = Double(changes.count) - ne
        let estimate = e.mean - c.mean
        let se = (e.variance / ne + c.variance / nc).squareRoot()
        return (estimate - 1.96 * se, estimate + 1.96 * se)
    }

    /// Issue 5, item 6: each account's own month recovers the truth; one global median date does not.
    @Test func ownMonthsRecoverTheTruthWhereTheGlobalMedianSplitFails() throws {
        let truth = ["ttl_security_rev": 1500.0, "ttl_sls_rev": 3000.0]
        let d = try document(["--data", Self.staggered, "--skip", "clusters,sensitivity,cs"])
        for item in d["did"] as! [[String: Any]] {
            let outcome = item["outcome"] as! String
            let value = truth[outcome]!
            let twoByTwo = item["two_by_two"] as! [String: Any]
            #expect(
                (twoByTwo["ci_low"] as! Double) < value && value < (twoByTwo["ci_high"] as! Double),
                "2×2 \(outcome): \(twoByTwo)")
            let twfe = (item["effects"] as! [[String: Any]]).first { $0["method"] as? String == "twfe" }!
            #expect(
                (twfe["ci_low"] as! Double) < value && value < (twfe["ci_high"] as! Double), "TWFE \(outcome): \(twfe)")
            let split = try Self.globalMedianSplit(outcome)
            #expect(split.high < value, "the global median split should miss the truth: \(split)")
        }
    }

    /// Clusters, their effects and profiles do not change when the panel's rows are shuffled.
    @Test func clustersIgnoreRowOrder() throws {
        let w = try Workspace()
        let text = try String(
            contentsOfFile: Workspace.repository("Fixtures/panel/g3-panel-small.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        let shuffled = try w.write("shuffled.csv", ([header] + lines.reversed()).joined(separator: "\n") + "\n")
        func clusters(_ path: String) throws -> [[String: Any]] {
            let d = try document(["--data", path, "--skip", "did,event-study,cs,sensitivity"])
            return (d["clusters"] as! [String: Any])["clusters"] as! [[String: Any]]
        }
        let a = try clusters(Workspace.repository("Fixtures/panel/g3-panel-small.csv"))
        let b = try clusters(shuffled)
        #expect(a.map { $0["size"] as! Int } == b.map { $0["size"] as! Int })
        #expect(a.count == 5 && a.map { $0["size"] as! Int }.reduce(0, +) > 500)
        for (x, y) in zip(a, b) {
            #expect((x["profile"] as! [String: Double]) == (y["profile"] as! [String: Double]))
            #expect(
                (x["effects"] as! [[String: Any]]).map { $0["estimate"] as! Double }
                    == (y["effects"] as! [[String: Any]]).map { $0["estimate"] as! Double })
        }
    }

    @Test func sensitivityAndMultiplicityAreReported() throws {
        let d = try document([
            "--data", Workspace.repository("Fixtures/panel/g3-panel-small.csv"), "--skip", "did,event-study,cs,clusters"
        ])
        let sensitivity = d["sensitivity"] as! [[String: Any]]
        #expect(sensitivity.count == 2)
        let security = sensitivity.first { $0["outcome"] as? String == "ttl_security_rev" }!
        let upper = security["upper_p"] as! [Double]
        #expect(upper == upper.sorted() && (security["critical_gamma"] as! Double) > 1)
        #expect((security["e_value"] as! Double) > (security["e_value_ci"] as! Double))
        let adjusted = d["multiplicity"] as! [[String: Any]]
        for a in adjusted {
            #expect(
                (a["holm"] as! Double) >= (a["p_value"] as! Double) && (a["bh"] as! Double) <= (a["holm"] as! Double))
        }
        expectOneLineError(
            try CLIRun([
                "analyze", "--data", Workspace.repository("Fixtures/panel/g3-panel-small.csv"), "--skip", "clustering"
            ]),
            "--skip: expected did, event-study, cs, clusters or sensitivity, got 'clustering'", code: 64)
    }
}
