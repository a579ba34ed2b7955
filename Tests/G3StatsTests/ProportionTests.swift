import G3Stats
import G3TestSupport
import Testing

/// Wilson intervals and the two-proportion test against R's prop.test(correct = FALSE)
/// (Fixtures/reference/engagements/proportions.R), issue 9 item 1.
@Suite struct ProportionTests {
    static let reference = (try? ReferenceTable("engagements/proportions.csv").rows) ?? []

    @Test(arguments: reference) func wilsonAndTheTestEqualR(row: [String: String]) throws {
        let x = Int(row.number("x")!)
        let n = Int(row.number("n")!)
        let ci = try Proportion.wilson(successes: x, trials: n, level: row.number("level")!)
        #expect(
            abs(ci.low - row.number("wilson_low")!) < 1e-12 && abs(ci.high - row.number("wilson_high")!) < 1e-12,
            "\(x)/\(n): \(ci)")
        let test = try Proportion.twoSampleTest(
            successes: x, trials: n, versus: Int(row.number("x_rest")!), trials: Int(row.number("n_rest")!))
        let p = row.number("p_two_proportion")!
        #expect(abs(test.p - p) <= 1e-9 * p + 1e-300, "\(x)/\(n): p \(test.p) vs \(p)")
    }

    @Test func badCountsAreRefused() throws {
        #expect(throws: DomainError.self) { try Proportion.wilson(successes: 3, trials: 2) }
        #expect(throws: DomainError.self) { try Proportion.wilson(successes: 0, trials: 0) }
        #expect(try Proportion.twoSampleTest(successes: 5, trials: 5, versus: 9, trials: 9).p == 1)
    }
}
