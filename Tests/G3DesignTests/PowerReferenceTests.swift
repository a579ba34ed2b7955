import G3TestSupport
import Testing
@testable import G3Design

/// Every row of Fixtures/reference/power/*.csv: R's pwr and stats, statsmodels, published tables.
/// Tolerances (issue 2): 1e-6 on power and effects, 1e-4 on n, unless the row states its own: R's
/// default uniroot tolerance for values R solved with it, 1 for Cohen's approximate tables.
@Suite struct PowerReferenceTests {
    static let files = ["power/reference_r.csv", "power/reference_statsmodels.csv", "power/published.csv"]

    static func test(_ name: String) -> PowerTest {
        switch name {
        case "t": return .t
        case "z": return .z
        default: return .proportions(ProportionMethod(rawValue: String(name.dropFirst("proportions-".count)))!)
        }
    }

    static func calculator(_ row: [String: String]) throws -> PowerCalculator {
        PowerCalculator(
            design: try PowerDesign(
                test: test(row["test"]!), alpha: row.number("alpha")!, sides: row["sides"] == "1" ? .one : .two,
                ratio: row.number("ratio")!))
    }

    static func effect(_ row: [String: String]) -> Effect? {
        if let d = row.number("effect_d") { return .standardized(d) }
        if let p0 = row.number("p_control"), let p1 = row.number("p_treatment") {
            return .proportions(control: p0, treatment: p1)
        }
        return nil
    }

    @Test func atLeastThirtyReferenceValues() throws {
        let count = try Self.files.map { try ReferenceTable($0).rows.count }.reduce(0, +)
        #expect(count >= 30)
    }

    @Test(arguments: files) func agreesWithTheReference(file: String) throws {
        for row in try ReferenceTable(file).rows {
            let calculator = try Self.calculator(row)
            let expected = row.number("expected")!
            let call = row["call"]!
            let stated = row.number("tolerance")
            switch row["solve"]! {
            case "power":
                let power = try calculator.power(nTreatment: row.number("n_treatment")!, effect: Self.effect(row)!)
                #expect(abs(power - expected) <= (stated ?? 1e-6), "\(call): expected \(expected), got \(power)")
            case "power_4dp":
                let power = try calculator.power(nTreatment: row.number("n_treatment")!, effect: Self.effect(row)!)
                #expect(abs(power - expected) < 5e-5, "\(call): expected \(expected), got \(power)")
            case "n":
                let n = try calculator.sampleSize(effect: Self.effect(row)!, power: row.number("power")!)
                #expect(abs(n - expected) <= (stated ?? 1e-4), "\(call): expected \(expected), got \(n)")
            case "n_ceil":
                let result = try calculator.analyze(.sampleSize(effect: Self.effect(row)!, power: row.number("power")!))
                #expect(
                    abs(Double(result.nTreatmentCeil) - expected) <= (stated ?? 0),
                    "\(call): expected \(expected), got \(result.nTreatment)")
            case "effect":
                let mde = try calculator.minimumDetectableEffect(
                    nTreatment: row.number("n_treatment")!, power: row.number("power")!,
                    controlProportion: row.number("p_control"))
                let value: Double
                switch mde {
                case .standardized(let d): value = d
                case .proportions(_, let p1): value = p1
                }
                #expect(abs(value - expected) <= (stated ?? 1e-6), "\(call): expected \(expected), got \(value)")
            default:
                Issue.record("unknown solve column in \(file): \(row["solve"]!)")
            }
        }
    }

    /// Solve n, then compute the power at that n: the target comes back.
    @Test(arguments: [(PowerTest.t, 0.5, 0.8), (.t, 0.032, 0.9), (.z, 0.25, 0.8), (.t, 1.9, 0.95)])
    func sampleSizeRoundTrip(test: PowerTest, d: Double, power: Double) throws {
        for ratio in [0.5, 1, 3] {
            for sides in [Sides.one, .two] {
                let calculator = PowerCalculator(design: try PowerDesign(test: test, sides: sides, ratio: ratio))
                let n = try calculator.sampleSize(effect: .standardized(d), power: power)
                #expect(abs(try calculator.power(nTreatment: n, effect: .standardized(d)) - power) < 1e-9)
                let mde = try calculator.minimumDetectableEffect(nTreatment: n, power: power)
                #expect(abs(mde.standardized - d) < 1e-8)
            }
        }
    }

    @Test(arguments: ProportionMethod.allCases) func proportionRoundTrip(method: ProportionMethod) throws {
        let calculator = PowerCalculator(design: try PowerDesign(test: .proportions(method), ratio: 2))
        let effect = Effect.proportions(control: 0.05, treatment: 0.07)
        let n = try calculator.sampleSize(effect: effect, power: 0.8)
        #expect(abs(try calculator.power(nTreatment: n, effect: effect) - 0.8) < 1e-9)
        let mde = try calculator.minimumDetectableEffect(nTreatment: n, power: 0.8, controlProportion: 0.05)
        #expect(abs(mde.standardized - effect.standardized) < 1e-8)
    }
}
