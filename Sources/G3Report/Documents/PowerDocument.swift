import G3Design

/// `power --format json|csv`: the solved design. Reals are unrounded; keys that do not apply to the
/// design (proportions, clusters, take-up, a natural scale) are left out.
public struct PowerDocument: Codable, Sendable {
    /// Clusters per arm for a cluster-randomized design.
    public struct Clusters: Codable, Sendable {
        public var treatment: Int
        public var control: Int
    }
    public var schemaVersion = ResultJSON.schemaVersion
    public var solvedFor: String
    public var test: String
    public var sides: Int
    public var alpha: Double
    public var power: Double
    public var effectD: Double
    public var ratio: Double
    public var nTreatment: Double
    public var nControl: Double
    public var nTotal: Double
    public var nTreatmentCeil: Int
    public var nControlCeil: Int
    public var designEffect: Double
    public var varianceFactor: Double
    public var pControl: Double?
    public var pTreatment: Double?
    public var clustersPerArm: Clusters?
    public var mdeNatural: Double?
    public var lift: Double?
    public var effectIttD: Double?
    public var nTreatmentFullTakeup: Double?

    /// The CSV columns in order, each with its cell (empty when the key does not apply);
    /// `clusters_per_arm` becomes two columns.
    var columns: [(key: String, value: String?)] {
        func real(_ x: Double?) -> String? { x.map(CSV.number) }
        let head: [(String, String?)] = [
            ("solved_for", solvedFor), ("test", test), ("sides", String(sides)), ("alpha", real(alpha)),
            ("power", real(power)), ("effect_d", real(effectD)), ("ratio", real(ratio)),
            ("n_treatment", real(nTreatment)), ("n_control", real(nControl)), ("n_total", real(nTotal)),
            ("n_treatment_ceil", String(nTreatmentCeil)), ("n_control_ceil", String(nControlCeil)),
            ("design_effect", real(designEffect)), ("variance_factor", real(varianceFactor)),
            ("p_control", real(pControl)), ("p_treatment", real(pTreatment)),
            ("clusters_per_arm_treatment", clustersPerArm.map { String($0.treatment) }),
            ("clusters_per_arm_control", clustersPerArm.map { String($0.control) })
        ]
        let tail: [(String, String?)] = [
            ("mde_natural", real(mdeNatural)), ("lift", real(lift)), ("effect_itt_d", real(effectIttD)),
            ("n_treatment_full_takeup", real(nTreatmentFullTakeup))
        ]
        return head + tail
    }
}
