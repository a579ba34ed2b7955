import Foundation
import Testing

/// Issue 17, item 1: `analyze` reads a panel in one pass (keys, with the values reduced to outcomes
/// per row and each account's baseline; `OnePassTests` compares it with a second pass over the values)
/// and keeps no table of the file. Its results do not depend on the
/// rows' order, on quoting, or on line ends, for every option that changes what the reduction keeps:
/// the baseline end, the missing-number policy, the outlier rule (which winsorizes outcomes kept per
/// row) and text read as a covariate. The golden tests hold the results to those from before the
/// reduction (`analyze-panel.json`, `analyze-panel-winsorize-replace.json`).
@Suite struct StreamingReductionTests {
    static let panel = Workspace.repository("Fixtures/panel/g3-panel-small.csv")
    static let quick = ["--placebo-draws", "20", "--bootstrap", "0", "--skip", "did,event-study,cs,sensitivity"]

    /// The fixture's rows in a fixed shuffled order, some labels quoted, CRLF line ends, blank lines.
    static func reordered(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        var rows = Array(lines.dropFirst())
        var state: UInt64 = 17
        for i in stride(from: rows.count - 1, to: 0, by: -1) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            rows.swapAt(i, Int(state >> 33) % (i + 1))
        }
        let mangled = rows.enumerated().map { k, row in
            k % 3 == 0 ? row.replacingOccurrences(of: ",SMB,", with: ",\"SMB\",") : row
        }
        return ([lines[0]] + mangled).enumerated().map { k, row in k % 50 == 7 ? row + "\r\n\r\n" : row + "\r\n" }
            .joined()
    }

    @Test(arguments: [
        [String](),
        ["--baseline-end", "2025-02"],
        ["--missing", "zero"],
        ["--missing", "drop-row"],
        ["--outliers", "winsorize"],
        ["--outliers", "remove", "--exact", "sub_segment"],
        ["--covariates", "ttl_sls_rev,sub_segment"]
    ])
    func theOrderOfRowsDoesNotChangeTheResult(options: [String]) throws {
        let workspace = try Workspace()
        let shuffled = try workspace.write(
            "shuffled.csv", Self.reordered(try String(contentsOfFile: Self.panel, encoding: .utf8)))
        let inOrder = try CLIRun(["analyze", "--data", Self.panel, "--format", "json"] + Self.quick + options)
        let reordered = try CLIRun(["analyze", "--data", shuffled, "--format", "json"] + Self.quick + options)
        #expect(inOrder.status == 0, "\(inOrder.stderr)")
        #expect(inOrder.stdout.contains("\"effects\""))
        let difference = zip(reordered.stdout.split(separator: "\n"), inOrder.stdout.split(separator: "\n"))
            .first { $0 != $1 }
        #expect(reordered.stdout == inOrder.stdout, "first difference: \(String(describing: difference))")
        #expect(reordered.stderr.replacingOccurrences(of: shuffled, with: Self.panel) == inOrder.stderr)
    }
}
