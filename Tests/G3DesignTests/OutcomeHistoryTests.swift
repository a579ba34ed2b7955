import Foundation
import G3Stats
import G3TestSupport
import Testing

@testable import G3Design

/// Issue 16, item 2: the history estimates against pandas/numpy (Fixtures/reference/history/history.py)
/// on the simulated panel, to 1e-10 (relative).
@Suite struct OutcomeHistoryTests {
    /// The last 12 months, 6 + 6; accounts with ttl_security_rev in each; clusters sub_segment.
    static func window() throws -> (series: [[Double]], services: [[Double]], segments: [String]) {
        let text = try String(
            contentsOf: ReferenceTable.repositoryRoot.appendingPathComponent("Fixtures/panel/simulated/panel.csv"),
            encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = lines[0].map(String.init)
        func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name)) }
        let (id, date, y, s, segment) = (
            try column("sfdc_customer_id"), try column("ar_date"), try column("ttl_security_rev"),
            try column("security_services_count"), try column("sub_segment")
        )
        let months = Array(Set(lines.dropFirst().map { String($0[date].prefix(7)) }).sorted().suffix(12))
        var values: [String: [String: (Double, Double)]] = [:]
        var segments: [String: String] = [:]
        var order: [String] = []
        for f in lines.dropFirst() {
            let account = String(f[id])
            if segments[account] == nil {
                order.append(account)
                segments[account] = String(f[segment])
            }
            if let value = Double(f[y]), value.isFinite, let services = Double(f[s]) {
                values[account, default: [:]][String(f[date].prefix(7))] = (value, services)
            }
        }
        let complete = order.filter { a in months.allSatisfy { values[a]?[$0] != nil } }
        return (
            complete.map { a in months.compactMap { values[a]?[$0]?.0 } },
            complete.map { a in months.compactMap { values[a]?[$0]?.1 } },
            complete.compactMap { segments[$0] }
        )
    }

    @Test func estimatesEqualPandas() throws {
        let w = try Self.window()
        let baselineMean = w.series.map { $0.prefix(6).reduce(0, +) / 6 }
        let servicesMean = w.services.map { $0.prefix(6).reduce(0, +) / 6 }
        let h = try OutcomeHistory(
            series: w.series, baselineMonths: 6, followUpMonths: 6, covariates: [baselineMean, servicesMean],
            clusters: w.segments)
        let reference = try ReferenceTable("history/history.csv").rows
        func expected(_ key: String) throws -> Double {
            try #require(reference.first { $0["key"] == key }?.number("value"))
        }
        #expect(Double(h.accounts) == (try expected("accounts")))
        let pairs: [(String, Double?)] = [
            ("mean", h.mean), ("sd", h.sd), ("autocorrelation", h.autocorrelation),
            ("baseline_correlation", h.baselineCorrelation), ("difference_factor", h.differenceFactor),
            ("covariate_r2", h.covariateR2), ("icc", h.icc), ("skewness", h.skewness), ("top_share", h.topShare)
        ]
        for (key, value) in pairs {
            let v = try #require(value, "\(key) missing")
            let e = try expected(key)
            #expect(abs(v / e - 1) < 1e-10, "\(key): \(v) vs \(e)")
        }
    }

    @Test func badHistoriesAreRefused() {
        #expect(throws: DomainError.self) {
            try OutcomeHistory(series: [[1, 2], [3, 4]], baselineMonths: 1, followUpMonths: 1)
        }
        #expect(throws: DomainError.self) {
            try OutcomeHistory(series: [[1, 2], [3, 4], [5]], baselineMonths: 1, followUpMonths: 1)
        }
        #expect(throws: DomainError.self) {
            try OutcomeHistory(series: [[1, 2], [3, 2], [5, 2]], baselineMonths: 1, followUpMonths: 1)
        }
    }
}
