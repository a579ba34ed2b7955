import Foundation
import G3Stats
import G3TestSupport
import Testing

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

    /// The AUC is the Mann–Whitney probability that a treated unit outscores a control (ties count ½).
    @Test func aucCountsPairs() {
        #expect(LogisticRegression.auc(score: [0.1, 0.4, 0.35, 0.8], label: [false, false, true, true]) == 0.75)
        #expect(LogisticRegression.auc(score: [0.5, 0.5], label: [false, true]) == 0.5)
    }
}
