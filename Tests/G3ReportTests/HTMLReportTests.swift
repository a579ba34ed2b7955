import Foundation
import Testing

@testable import G3Report

/// The HTML report from an analyze results document (Fixtures/golden/analyze-panel.json, the stdout of
/// `analyze --format json` on Fixtures/panel): every number it shows is the document's, formatted, and
/// each failed pre-engagement check reaches the bottom line.
@Suite struct HTMLReportTests {
    static func results() throws -> HTMLReport.Results {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/golden/analyze-panel.json")
        let document = try ResultJSON.decode(PanelDocument.self, from: Data(contentsOf: url))
        return HTMLReport.Results(folder: "panel", document: document, charts: [:])
    }

    @Test func theBottomLineIsTheDocumentsPrimaryEstimate() throws {
        var report = HTMLReport(results: try Self.results(), experiment: nil)
        let html = try report.html(generatedBy: "test")
        // analyze-panel.json: did[0].two_by_two = 1553.845 (1280.686 to 1827.004) on 54 accounts;
        // its event-study leads test has p = 0.0008 and CS's pre-trend test p = 0: both fail.
        #expect(html.contains("ttl_security_rev: estimated by matched difference-in-differences"))
        #expect(
            html.contains("by $1,554 per account-month (95% CI $1,281 to $1,827) among the 54 matched engaged accounts")
        )
        #expect(html.contains("the event study's pre-engagement coefficients are jointly non-zero (p = 0.0008)"))
        // did[1] (ttl_sls_rev): 3762.865 (1009.789 to 6515.941), leads p = 0.171, no CS pre-test: it stands.
        #expect(html.contains("by $3,763 per account-month (95% CI $1,010 to $6,516)"))
        #expect(html.contains("The interval excludes zero. "))
        for id in [
            "bottom-line", "data", "method", "effects", "balance", "overlap", "event-study", "clusters", "sensitivity",
            "placebo", "limitations"
        ] {
            #expect(html.contains("id=\"\(id)\""), "section \(id)")
        }
        // data: 7,800 account-months of 600 accounts, 60 engaged.
        #expect(html.contains("The panel has 7,800 account-months of 600 accounts, 60 of them engaged."))
        #expect(report.chartIDs.isEmpty)
    }

    /// Without results or an experiment there is nothing to state, and the page says so.
    @Test func anEmptyReportSaysSo() throws {
        var report = HTMLReport(results: nil, experiment: nil)
        let html = try report.html(generatedBy: "test")
        #expect(html.contains("No estimate is available"))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
    }
}
