import G3Data
import G3Stats

/// A covariate of the propensity model.
public enum Covariate: Sendable {
    case numeric(name: String, values: [Double])
    /// One-hot coded, levels in byte order, the first level dropped (R's treatment contrasts); a
    /// missing value is the level "".
    case categorical(name: String, values: LabelColumn)

    public var name: String {
        switch self {
        case .numeric(let name, _), .categorical(let name, _): return name
        }
    }
}

/// The design columns of a propensity model: numeric covariates as they are, categorical ones as
/// 0/1 indicators named like R's (`race` → `racehispan`, `racewhite`).
public struct ModelTerms: Sendable {
    public let names: [String]
    public let columns: [[Double]]
    /// True for 0/1 columns (indicators and binary numerics): balance uses √(p(1 − p)) for them.
    public let isBinary: [Bool]

    public init(_ covariates: [Covariate]) throws {
        var names: [String] = []
        var columns: [[Double]] = []
        var binary: [Bool] = []
        for covariate in covariates {
            switch covariate {
            case .numeric(let name, let values):
                names.append(name)
                columns.append(values)
                binary.append(values.allSatisfy { $0 == 0 || $0 == 1 })
            case .categorical(let name, let values):
                // Each code's level: the labels present, distinct, in byte order.
                let text = { (code: Int32) in code < 0 ? "" : values.levels[Int(code)] }
                let levels = Array(Set(Set(values.codes).map(text))).sorted { $0.precedesInByteOrder($1) }
                guard levels.count >= 2 else {
                    throw ObservationalError(
                        "covariate '\(name)' has a single level ('\(levels.first ?? "")'); drop it")
                }
                let position = Dictionary(levels.enumerated().map { ($1, $0) }) { first, _ in first }
                let levelOfCode = values.levels.map { position[$0] ?? -1 }
                let missingLevel = position[""] ?? -1
                for (k, level) in levels.enumerated().dropFirst() {
                    names.append(name + level)
                    columns.append(values.codes.map { ($0 < 0 ? missingLevel : levelOfCode[Int($0)]) == k ? 1 : 0 })
                    binary.append(true)
                }
            }
        }
        var seen: Set<String> = ["(Intercept)"]
        for name in names where !seen.insert(name).inserted {
            throw ObservationalError(
                "the model term '\(name)' appears twice (a covariate named like the intercept, like another covariate, or like a generated level indicator such as race + hispan); rename the column"
            )
        }
        self.names = names
        self.columns = columns
        self.isBinary = binary
    }
}

/// The fitted propensity model: P(treated | covariates) by logistic regression.
public struct PropensityScores: Sendable {
    public let terms: [String]
    /// Intercept first, then one per term, on the covariates' own scale (as R's glm).
    public let coefficients: [Double]
    public let scores: [Double]
    /// log(e/(1 − e)) of each score.
    public let logits: [Double]
    public let converged: Bool
    public let iterations: Int
    public let separation: Bool
    public let auc: Double

    public init(terms: ModelTerms, treated: [Bool]) throws {
        guard !terms.names.isEmpty else {
            throw ObservationalError("the propensity model has no terms: give at least one covariate")
        }
        // One value throughout: no value differs from the first (a scan, not a set of millions of values).
        for (name, column) in zip(terms.names, terms.columns) where !column.contains(where: { $0 != column[0] }) {
            throw ObservationalError(
                "the covariate term '\(name)' has the same value (\(column.first.map { "\($0)" } ?? "none")) for every unit: it cannot enter the propensity model; drop it"
            )
        }
        let fit = try LogisticRegression.fit(columns: terms.columns, response: treated.map { $0 ? 1 : 0 })
        self.terms = terms.names
        coefficients = fit.coefficients
        scores = fit.fitted
        logits = fit.fitted.indices.map { i in  // the linear predictor, exact where the score saturates
            terms.columns.indices.reduce(fit.coefficients[0]) { $0 + fit.coefficients[$1 + 1] * terms.columns[$1][i] }
        }
        converged = fit.converged
        iterations = fit.iterations
        separation = fit.separation
        auc = LogisticRegression.auc(score: fit.fitted, label: treated)
    }

    /// Warnings about the model, as sentences.
    public var diagnostics: [Diagnostic] {
        var notes: [Diagnostic] = []
        if !converged {
            notes.append(
                Diagnostic(
                    .convergence, .warning,
                    "the propensity model did not converge in \(iterations) iterations; its scores are unreliable"))
        }
        if separation {
            notes.append(
                Diagnostic(
                    .separation, .warning,
                    "some propensity scores are numerically 0 or 1 (separation): a covariate predicts treatment perfectly for some units; those units have no comparable counterparts"
                ))
        }
        return notes
    }
}
