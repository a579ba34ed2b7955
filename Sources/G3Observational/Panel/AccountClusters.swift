import Foundation
import G3Data
import G3Stats

/// Heterogeneity by account cluster: k-means on standardized baseline features of the accounts
/// in the matching, then the ATT within each cluster (by the engaged account's cluster) with
/// Holm-adjusted p-values across clusters.
///
/// Results do not depend on row order (accounts are taken sorted by id, the panel's order) or on
/// cluster numbering (clusters are renumbered by decreasing size, ties by their centre). Above 20,000
/// accounts the centres are fitted on an even subsample of them, and every account is then assigned.
public struct AccountClusters: Sendable {
    public struct Cluster: Sendable {
        public let label: Int
        public let size: Int
        /// Feature means on the original scale, in `features` order.
        public let profile: [Double]
        /// The ATT of each outcome for engaged accounts in this cluster; nil with fewer than 5 matched pairs.
        public let effects: [MatchedEffect?]
        /// Holm-adjusted across clusters, per outcome.
        public let holm: [Double?]
    }

    /// The features used (those of the 11 the panel has).
    public let features: [String]
    public let k: Int
    public let inertia: Double
    /// Mean silhouette width (on up to 2,000 accounts) when k was chosen by it.
    public let silhouette: Double?
    public let clusters: [Cluster]

    /// k-means++ restarts (run in parallel; the least inertia is kept).
    static let restarts = 4
    /// At most this many accounts fit the centres.
    static let fitLimit = 20_000

    /// The 11 features: the revenue levels, service counts and adoption score, the security and
    /// resiliency shares of revenue, log revenue and log security revenue, and the total service count.
    public static let baseColumns = SeedSchema.numeric

    static func features(baseline: [String: [Double]]) -> [ClusterFeature] {
        typealias S = SeedSchema
        var f = baseColumns.compactMap { c in baseline[c].map { ClusterFeature(c, .column, $0) } }
        if let total = baseline[S.totalRevenue] {
            for (part, name) in [(S.securityRevenue, "security_share"), (S.resiliencyRevenue, "resiliency_share")] {
                if let v = baseline[part] { f.append(ClusterFeature(name, .share, v, total)) }
            }
            f.append(ClusterFeature("log_\(S.totalRevenue)", .log, total))
        }
        if let sec = baseline[S.securityRevenue] {
            f.append(ClusterFeature("log_\(S.securityRevenue)", .log, sec))
        }
        if let s = baseline[S.securityServices], let r = baseline[S.resiliencyServices] {
            f.append(ClusterFeature("services_count", .sum, s, r))
        }
        return f
    }

    /// Per cluster, each feature's sum over the cluster's accounts, added in account order.
    static func sums(_ features: [ClusterFeature], labels: [Int], k: Int) -> [[Double]] {
        var sums = [[Double]](repeating: [Double](repeating: 0, count: features.count), count: k)
        for (f, feature) in features.enumerated() {
            for (i, label) in labels.enumerated() { sums[label][f] += feature[i] }
        }
        return sums
    }

    /// `baseline`: feature base columns per account in the matching (same order as the matching's units).
    /// `k` nil: the k in 2…8 with the largest mean silhouette.
    init(
        baseline: [String: [Double]], effectOf: ([Bool]) throws -> [MatchedEffect?], k requested: Int?,
        random: RandomSource
    ) throws {
        let features = Self.features(baseline: baseline)
        guard !features.isEmpty else {
            throw ObservationalError(
                "no clustering feature is in the panel (it needs some of \(Self.baseColumns.joined(separator: ", ")))")
        }
        let n = features[0].count
        // Each feature standardized as it is read: no standardized copy of the features is stored.
        let scales = Parallel.values(features.count) { [features] j in
            var moments = Moments()
            for i in 0..<n { moments.add(features[j][i]) }
            return Standardization(moments)
        }
        // Large panels: the centres are fitted on an even subsample (every ⌈n/limit⌉-th account in id order,
        // so row order still does not matter), then every account goes to its nearest centre.
        let step = (n + Self.fitLimit - 1) / Self.fitLimit
        let fitting = stride(from: 0, to: n, by: max(step, 1)).map { i in
            features.indices.map { f in scales[f](features[f][i]) }
        }
        var silhouette: Double?
        var k = requested ?? 5
        if requested == nil {
            let m = fitting.count
            let sample = m <= 2000 ? Array(0..<m) : (0..<2000).map { $0 * m / 2000 }
            var best = (k: 2, width: -Double.infinity)
            for candidate in 2...min(8, m - 1) {
                let fit = try KMeans.fit(fitting, k: candidate, restarts: Self.restarts, random: random)
                let width = KMeans.silhouette(
                    sample.map { fitting[$0] }, labels: sample.map { fit.labels[$0] }, k: candidate)
                if width > best.width { best = (candidate, width) }
            }
            (k, silhouette) = (best.k, best.width)
        }
        guard k >= 2, k <= n else {
            throw ObservationalError(
                .clusterCount, "the cluster count must be between 2 and the \(n) accounts, got \(k)")
        }
        let fitted = try KMeans.fit(fitting, k: k, restarts: Self.restarts, random: random)
        let fit =
            step <= 1
            ? fitted
            : KMeans.assign(count: n, centers: fitted.centers) { [features] f, i in scales[f](features[f][i]) }
        // Renumber by decreasing size, ties by the centre's coordinates.
        let sizes = (0..<k).map { c in fit.labels.filter { $0 == c }.count }
        let order = (0..<k).sorted {
            sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : fit.centers[$0].lexicographicallyPrecedes(fit.centers[$1])
        }
        var clusters: [(label: Int, size: Int, profile: [Double], effects: [MatchedEffect?])] = []
        let sums = Self.sums(features, labels: fit.labels, k: k)
        for (label, c) in order.enumerated() {
            let profile = sums[c].map { $0 / Double(max(sizes[c], 1)) }
            clusters.append((label + 1, sizes[c], profile, try effectOf(fit.labels.map { $0 == c })))
        }
        let outcomes = clusters.first?.effects.count ?? 0
        var holm = [[Double?]](repeating: [Double?](repeating: nil, count: outcomes), count: clusters.count)
        for o in 0..<outcomes {
            let present = clusters.indices.compactMap { i in clusters[i].effects[o].map { (i, $0.pValue) } }
            for (i, p) in zip(present.map(\.0), MultipleTesting.holm(present.map(\.1))) { holm[i][o] = p }
        }
        self.features = features.map(\.name)
        self.k = k
        inertia = fit.inertia
        self.silhouette = silhouette
        self.clusters = clusters.indices.map { i in
            Cluster(
                label: clusters[i].label, size: clusters[i].size, profile: clusters[i].profile,
                effects: clusters[i].effects, holm: holm[i])
        }
    }
}
