import G3Stats

/// What an outcome's own history says about a planned experiment (issue 16): from each account's
/// monthly outcome over `baselineMonths` then `followUpMonths` consecutive months, the spread of the
/// follow-up mean the experiment will compare, and how much of it earlier data explain.
///
/// - `mean`, `sd`, `cv`: of the per-account follow-up mean Ȳ (SD with n − 1).
/// - `autocorrelation`: ρ, Pearson's correlation of y_t and y_{t+1} over all consecutive month pairs
///   of the window (the ρ of McKenzie 2012).
/// - `baselineSD`: the SD of the per-account baseline mean X̄.
/// - `baselineCorrelation`: r, the correlation of the baseline mean X̄ and Ȳ across accounts.
/// - `covariateR2`: R² of the OLS of Ȳ on the baseline covariates (with an intercept).
/// - `icc`: the one-way ANOVA intraclass correlation of Ȳ by cluster, (MSB − MSW)/(MSB + (m₀ − 1)MSW)
///   with m₀ = (N − Σn_g²/N)/(G − 1).
/// - `skewness`: g₁ = m₃/m₂^{3/2} of Ȳ; `topShare`: the share of ΣȲ held by the top 1% of accounts
///   (at least one).
///
/// Variance factors relative to a comparison of follow-up means: difference in differences
/// var(Ȳ − X̄)/var(Ȳ), ANCOVA/CUPED 1 − r², Lin with covariates 1 − R².
public struct OutcomeHistory: Sendable, Equatable {
    public let accounts: Int
    public let mean: Double, sd: Double
    public var cv: Double { sd / mean }
    /// The SD of the per-account baseline mean X̄.
    public let baselineSD: Double
    public let autocorrelation: Double
    public let baselineCorrelation: Double
    public let differenceFactor: Double
    public let covariateR2: Double?
    public let icc: Double?
    public let skewness: Double
    public let topShare: Double

    /// `series[a]`: account a's outcome in each of the baselineMonths + followUpMonths months, in order.
    public init(
        series: [[Double]], baselineMonths: Int, followUpMonths: Int, covariates: [[Double]] = [],
        clusters: [String]? = nil
    ) throws {
        let width = baselineMonths + followUpMonths
        guard baselineMonths >= 1, followUpMonths >= 1, series.allSatisfy({ $0.count == width }) else {
            throw DomainError("every account needs a value in each of the \(width) months of the window")
        }
        guard series.count >= 3 else { throw DomainError("the history needs at least 3 accounts, got \(series.count)") }
        let post = series.map { Moments($0[baselineMonths...]).mean }
        let pre = series.map { Moments($0[..<baselineMonths]).mean }
        let moments = Moments(post)
        guard moments.variance > 0 else { throw DomainError("the follow-up mean does not vary across accounts") }
        accounts = series.count
        mean = moments.mean
        sd = moments.variance.squareRoot()
        baselineSD = Moments(pre).variance.squareRoot()
        let pairs = series.flatMap { s in zip(s, s.dropFirst()).map { ($0, $1) } }
        autocorrelation = Self.correlation(pairs.map(\.0), pairs.map(\.1))
        baselineCorrelation = Self.correlation(pre, post)
        differenceFactor = Moments(zip(post, pre).map(-)).variance / moments.variance
        covariateR2 = covariates.isEmpty ? nil : try Self.rSquared(post, covariates)
        icc = try clusters.map { try Self.intraclassCorrelation(post, $0) }
        skewness = Self.skewness(post)
        let sorted = post.sorted(by: >)
        let top = max(1, series.count / 100)
        topShare = sorted.prefix(top).reduce(0, +) / post.reduce(0, +)
    }

    static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let mx = Moments(x).mean
        let my = Moments(y).mean
        let sxy = zip(x, y).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
        let sxx = x.map { ($0 - mx) * ($0 - mx) }.reduce(0, +)
        let syy = y.map { ($0 - my) * ($0 - my) }.reduce(0, +)
        return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : 0
    }

    static func rSquared(_ y: [Double], _ covariates: [[Double]]) throws -> Double {
        let columns = [[Double](repeating: 1, count: y.count)] + covariates
        let fit = try LeastSquares.fitDroppingAliased(columns: columns, y: y).fit
        let my = Moments(y).mean
        let total = y.map { ($0 - my) * ($0 - my) }.reduce(0, +)
        return 1 - fit.residualSumOfSquares / total
    }

    static func intraclassCorrelation(_ y: [Double], _ clusters: [String]) throws -> Double {
        var groups: [String: [Double]] = [:]
        for (value, cluster) in zip(y, clusters) { groups[cluster, default: []].append(value) }
        let g = Double(groups.count)
        let n = Double(y.count)
        guard groups.count >= 2, n > g else { throw DomainError("the ICC needs at least 2 clusters and more accounts") }
        let grand = Moments(y).mean
        var between = 0.0
        var within = 0.0
        for values in groups.keys.sorted().compactMap({ groups[$0] }) {
            let m = Moments(values).mean
            between += Double(values.count) * (m - grand) * (m - grand)
            within += values.map { ($0 - m) * ($0 - m) }.reduce(0, +)
        }
        let msb = between / (g - 1)
        let msw = within / (n - g)
        let m0 = (n - groups.values.map { Double($0.count * $0.count) }.reduce(0, +) / n) / (g - 1)
        return (msb - msw) / (msb + (m0 - 1) * msw)
    }

    static func skewness(_ x: [Double]) -> Double {
        let m = Moments(x).mean
        let n = Double(x.count)
        let m2 = x.map { ($0 - m) * ($0 - m) }.reduce(0, +) / n
        let m3 = x.map { ($0 - m) * ($0 - m) * ($0 - m) }.reduce(0, +) / n
        return m2 > 0 ? m3 / (m2 * m2.squareRoot()) : 0
    }
}
