import G3Observational

/// k-means clusters of the analysed accounts and the matched ATT within each.
public struct ClustersDocument: Codable, Sendable {
    public struct Cluster: Codable, Sendable {
        public var label: Int
        public var size: Int
        /// Mean of each standardized feature.
        public var profile: [String: Double]
        /// One per outcome with enough pairs.
        public var effects: [ClusterEffectDocument]
    }
    public var k: Int
    public var features: [String]
    public var inertia: Double
    @Null public var silhouette: Double?
    public var clusters: [Cluster]

    init(_ c: AccountClusters) {
        k = c.k
        features = c.features
        inertia = c.inertia
        silhouette = c.silhouette
        clusters = c.clusters.map { cluster in
            let effects = zip(cluster.effects, cluster.holm).compactMap { effect, holm in
                effect.map { ClusterEffectDocument(EstimateDocument($0), HolmDocument(pHolm: holm)) }
            }
            let profile = Dictionary(zip(c.features, cluster.profile)) { first, _ in first }
            return Cluster(label: cluster.label, size: cluster.size, profile: profile, effects: effects)
        }
    }
}

/// A cluster's matched ATT: the shared estimate keys, and `p_holm` (Holm across the clusters).
public typealias ClusterEffectDocument = Merged<EstimateDocument, HolmDocument>

/// A p-value adjusted by Holm's step-down method.
public struct HolmDocument: Codable, Sendable {
    @Null public var pHolm: Double?
}

/// Rosenbaum bounds and E-values of one outcome's matched ATT.
public struct SensitivityDocument: Codable, Sendable {
    /// The Γ at which the upper-bound p-value passes 0.05: a number, or "> 1000" beyond the search.
    public enum CriticalGamma: Codable, Sendable, Equatable {
        case value(Double)
        case aboveSearch

        static let aboveSearchText = "> 1000"

        public init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Double.self) {
                self = .value(value)
            } else if try container.decode(String.self) == Self.aboveSearchText {
                self = .aboveSearch
            } else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "critical_gamma is a number or \"> 1000\"")
            }
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .value(let gamma): try container.encode(gamma)
            case .aboveSearch: try container.encode(Self.aboveSearchText)
            }
        }
    }
    public var outcome: String
    public var estimateMethod: String
    public var estimate: Double
    public var gamma: [Double]
    public var upperP: [Double]
    /// Null when the ATT is not significant at Γ = 1.
    @Null public var criticalGamma: CriticalGamma?
    @Null public var eValue: Double?
    @Null public var eValueCi: Double?

    init(_ s: MatchedSensitivity) {
        outcome = s.outcome
        estimateMethod = MatchedSensitivity.method.rawValue
        estimate = s.estimate
        gamma = MatchedSensitivity.gammas
        upperP = s.upperPValues
        criticalGamma = s.criticalGamma.map { $0.isInfinite ? .aboveSearch : .value($0) }
        eValue = s.eValue
        eValueCi = s.eValueInterval
    }
}
