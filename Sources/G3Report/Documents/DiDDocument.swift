import G3Stats
import G3Observational

/// `did --format json` and `did --out …/results.json`; one entry of `analyze`'s `did` list.
public struct DiDDocument: Codable, Sendable {
    /// Set on the top-level document of `did`; nil for the entries of `analyze`'s `did` list.
    public var schemaVersion: Int? = ResultJSON.schemaVersion
    public var outcome: String
    /// The headline estimates: `twfe` and the Callaway & Sant'Anna aggregations.
    public var effects: [EstimateDocument]
    public var diagnostics: [Diagnostic]
    public var treatedUnits: Int
    public var controlUnits: Int
    /// In `analyze` only: the 2×2 DiD on the matched pairs.
    public var twoByTwo: EstimateDocument?
    public var twfe: TWFEDocument?
    public var eventStudy: EventStudyDocument?
    public var cs: CallawaySantAnnaDocument?
}

/// The size of the two-way fixed-effects fit.
public struct TWFEDocument: Codable, Sendable {
    public var clusters: Int
    public var observations: Int
    public var parametersK: Int
}

/// Leads and lags around each unit's own treatment.
public struct EventStudyDocument: Codable, Sendable {
    public struct Term: Codable, Sendable {
        public var relativePeriod: Int
        public var label: String
        public var estimate: Double
        public var se: Double
        public var ciLow: Double
        public var ciHigh: Double
        @Null public var pValue: Double?
        public var reference: Bool
    }
    /// The joint test that every lead is 0.
    public struct LeadsTest: Codable, Sendable {
        public var wald: Double
        public var restrictions: Int
        public var f: Double
        public var fPValue: Double
        public var chi2PValue: Double
    }
    public var terms: [Term]
    @Null public var leadsTest: LeadsTest?

    init(_ study: EventStudy) {
        terms = study.terms.map {
            Term(
                relativePeriod: $0.relativeTime, label: $0.label, estimate: $0.estimate, se: $0.standardError,
                ciLow: $0.ciLow, ciHigh: $0.ciHigh, pValue: $0.pValue, reference: $0.isReference)
        }
        leadsTest = study.leadsTest.map {
            LeadsTest(
                wald: $0.statistic, restrictions: $0.restrictions, f: $0.fStatistic, fPValue: $0.fPValue,
                chi2PValue: $0.chiSquarePValue)
        }
    }
}

/// Callaway & Sant'Anna (2021): group-time effects and their aggregations.
public struct CallawaySantAnnaDocument: Codable, Sendable {
    /// An estimate with its SE; a part of an aggregation names its key (`event_time`, `group` or `time`).
    public struct Effect: Codable, Sendable {
        public var estimate: Double
        public var se: Double
        public var eventTime: Int?
        public var group: Int?
        public var time: Int?
        public var post: Bool?
    }
    public struct Aggregation: Codable, Sendable {
        public var parts: [Effect]
        public var overall: Effect
    }
    public struct Pretest: Codable, Sendable {
        public var statistic: Double
        public var df: Int
        public var pValue: Double
    }
    public var attGt: [Effect]
    public var simple: Effect
    public var dynamic: Aggregation
    public var group: Aggregation
    public var calendar: Aggregation
    public var units: Int
    public var treatedUnits: Int
    public var neverTreatedUnits: Int
    public var droppedUnbalanced: Int
    @Null public var pretest: Pretest?

    init(_ cs: CallawaySantAnna) {
        func effect(_ e: CallawaySantAnna.Estimate) -> Effect { Effect(estimate: e.estimate, se: e.standardError) }
        func aggregation(_ g: CallawaySantAnna.Aggregation, _ key: WritableKeyPath<Effect, Int?>) -> Aggregation {
            let parts = g.parts.map { part in
                var e = effect(part.effect)
                e[keyPath: key] = part.key
                return e
            }
            return Aggregation(parts: parts, overall: effect(g.overall))
        }
        attGt = cs.cells.map {
            Effect(
                estimate: $0.effect.estimate, se: $0.effect.standardError, group: $0.group, time: $0.time,
                post: $0.isPost)
        }
        simple = effect(cs.simple)
        dynamic = aggregation(cs.dynamic, \.eventTime)
        group = aggregation(cs.group, \.group)
        calendar = aggregation(cs.calendar, \.time)
        units = cs.units
        treatedUnits = cs.treatedUnits
        neverTreatedUnits = cs.neverTreatedUnits
        droppedUnbalanced = cs.droppedUnbalanced
        pretest = cs.pretest.map { Pretest(statistic: $0.statistic, df: $0.df, pValue: $0.pValue) }
    }
}
