import Foundation
import Testing
@testable import G3Design
@testable import G3Report

@Suite struct PowerReportTests {
    func liftResult() throws -> PowerReport {
        let calculator = PowerCalculator(design: try PowerDesign())
        let scale = EffectScale(sd: 2 * 46313, mean: 46313)
        let result = try calculator.analyze(.sampleSize(effect: .standardized(0.064 * 46313 / (2 * 46313)), power: 0.8))
        return PowerReport(result: result, scale: scale)
    }

    @Test func jsonHasTheDocumentedKeys() throws {
        let text = try ResultJSON.text(liftResult().document)
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        for key in [
            "test", "sides", "alpha", "power", "effect_d", "n_treatment", "n_control", "n_total",
            "n_treatment_ceil", "n_control_ceil", "design_effect", "variance_factor", "mde_natural", "lift"
        ] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect(abs((json["effect_d"] as! Double) - 0.032) < 1e-12)
        #expect(json["n_treatment_ceil"] as! Int == 15331)
        #expect(abs((json["lift"] as! Double) - 0.064) < 1e-12)
    }

    @Test func csvHasOneHeaderAndOneRow() throws {
        let lines = try liftResult().csv().split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].split(separator: ",").count == lines[1].split(separator: ",").count)
    }

    @Test func tableShowsTheDUsed() throws {
        let table = try liftResult().table()
        #expect(table.contains("d = 0.0320"))
        #expect(table.contains("15,330.77 → 15,331"))
    }

    @Test func groupsThousands() {
        #expect(Format.grouped(15330.766, 2) == "15,330.77")
        #expect(Format.grouped(-1234567) == "-1,234,567")
        #expect(Format.grouped(999) == "999")
    }

    @Test func chartHasTheReferenceLineAndMarkedPoint() throws {
        let report = try liftResult()
        let calculator = PowerCalculator(design: report.result.design)
        let (axis, points) = try calculator.curve(around: report.result, points: 50)
        #expect(axis == .nTreatment)
        #expect(points.count == 50)
        #expect(zip(points, points.dropFirst()).allSatisfy { $0.power <= $1.power })
        let svg = PowerCurveReport(axis: axis, points: points, result: report.result).svg()
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.contains("80% power"))
        #expect(svg.contains("<circle"))
    }

    @Test func ticksAreRound() {
        let ticks = LineChart.ticks(0, 1)
        #expect(ticks.count == 6)
        #expect(zip(ticks, [0, 0.2, 0.4, 0.6, 0.8, 1]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(LineChart.ticks(2, 38000).first == 0)
    }
}
