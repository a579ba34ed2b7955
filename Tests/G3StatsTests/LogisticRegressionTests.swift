import Foundation
import G3TestSupport
import Testing

@testable import G3Stats

/// Logistic regression against R's glm (Fixtures/reference/matching/glm.R → glm.csv) on lalonde:
/// treat ~ age + educ + race + married + nodegree + re74 + re75, race with "black" as reference.
@Suite struct LogisticRegressionTests {
    static func lalonde() throws -> (columns: [[Double]], treated: [Double]) {
        let text = try String(
            contentsOf: ReferenceTable.repositoryRoot.appendingPathComponent("Fixtures/lalonde/lalonde.csv"),
            encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.replacingOccurrences(of: "\"", with: "") }
        let header = lines[0].split(separator: ",").map(String.init)
        let rows = lines.dropFirst().map { $0.split(separator: ",").map(String.init) }
        func column(_ name: String) throws -> [String] {
            let j = try #require(header.firstIndex(of: name))
            return rows.map { $0[j] }
        }
        func numbers(_ name: String) throws -> [Double] { try column(name).map { Double($0) ?? .nan } }
        let race = try column("race")
        let columns = [
            try numbers("age"), try numbers("educ"), race.map { $0 == "hispan" ? 1 : 0 },
            race.map { $0 == "white" ? 1 : 0 },
            try numbers("married"), try numbers("nodegree"), try numbers("re74"), try numbers("re75")
        ]
        return (columns, try numbers("treat"))
    }

    /// The maximum-likelihood coefficients to 1e-6 (relative) and the deviance to 1e-9.
    @Test func coefficientsAndDevianceEqualGLM() throws {
        let data = try Self.lalonde()
        let fit = try LogisticRegression.fit(columns: data.columns, response: data.treated)
        let reference = try ReferenceTable("matching/glm.csv").rows
        let terms = ["(Intercept)", "age", "educ", "racehispan", "racewhite", "married", "nodegree", "re74", "re75"]
        #expect(fit.converged && !fit.separation)
        for (term, coefficient) in zip(terms, fit.coefficients) {
            let expected = try #require(reference.first { $0["term"] == term }?.number("estimate"))
            #expect(abs(coefficient / expected - 1) < 1e-6, "\(term): \(coefficient) vs \(expected)")
        }
        let deviance = try #require(reference.first { $0["term"] == "deviance" }?.number("estimate"))
        #expect(abs(fit.deviance / deviance - 1) < 1e-9)
    }

    /// Bad input is an error, not a trap: a constant covariate, too few units, ragged columns.
    @Test func badInputIsRefused() {
        #expect(throws: DomainError.self) {
            try LogisticRegression.fit(columns: [[1, 1, 1, 1, 1]], response: [0, 1, 0, 1, 1])
        }
        #expect(throws: DomainError.self) { try LogisticRegression.fit(columns: [[1, 2]], response: [0, 1]) }
        #expect(throws: DomainError.self) {
            try LogisticRegression.fit(columns: [[1, 2, 3, 4]], response: [0, 1, 0])
        }
    }

    /// Rows standardized one at a time (as for millions of units) are the stored rows, bit for bit,
    /// and give the same Newton sums and fitted values.
    @Test func rowsMadeOneAtATimeAreTheStoredRows() throws {
        let (columns, y) = try Self.lalonde()
        let scales = columns.map(Standardization.init)
        let stored = StandardizedRows(columns: columns, scales: scales)
        let computed = StandardizedRows(columns: columns, scales: scales, storedLimit: 0)
        let p = columns.count + 1
        var a = [Double](repeating: 0, count: p)
        var b = a
        for i in 0..<y.count {
            for terms in [1, p / 2, p] {
                a.withUnsafeMutableBufferPointer { stored.fill($0, unit: i, terms: terms) }
                b.withUnsafeMutableBufferPointer { computed.fill($0, unit: i, terms: terms) }
                #expect(a[..<terms].map(\.bitPattern) == b[..<terms].map(\.bitPattern), "unit \(i)")
            }
        }
        let mu = y.map { 0.25 + 0.5 * $0 }
        let sums = LogisticRegression.accumulate(stored, y: y, mu: mu, p: p)
        let again = LogisticRegression.accumulate(computed, y: y, mu: mu, p: p)
        #expect(sums.gradient.map(\.bitPattern) == again.gradient.map(\.bitPattern))
        #expect(sums.packed.map(\.bitPattern) == again.packed.map(\.bitPattern))
        let beta = (0..<p).map { Double($0) / 10 }
        #expect(
            LogisticRegression.fitted(stored, beta: beta).map(\.bitPattern)
                == LogisticRegression.fitted(computed, beta: beta).map(\.bitPattern))
    }

    /// The AUC is the Mann–Whitney probability that a treated unit outscores a control (ties count ½).
    @Test func aucCountsPairs() {
        #expect(LogisticRegression.auc(score: [0.1, 0.4, 0.35, 0.8], label: [false, false, true, true]) == 0.75)
        #expect(LogisticRegression.auc(score: [0.5, 0.5], label: [false, true]) == 0.5)
    }
}
