import Testing
@testable import G3Stats

@Suite struct RootFinderTests {
    @Test func findsTheInteriorRoot() throws {
        let root = try RootFinder.solve(in: 0, 2) { $0 * $0 - 2 }
        #expect(abs(root - 2.0.squareRoot()) < 1e-12)
    }

    @Test func saysWhenTheBracketHoldsNoRoot() {
        #expect(throws: NoRootError.self) { try RootFinder.solve(in: 0, 1) { $0 + 1 } }
    }

    @Test func passesTheCallbacksErrorThrough() {
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try RootFinder.solve(in: -1, 1) { x in
                if x != -1, x != 1 { throw Boom() }
                return x
            }
        }
    }

    @Test func gslDomainErrorsCarryGSLsText() {
        #expect(throws: DomainError.self) { try Normal.quantile(1.5) }
        #expect(throws: GSLError.self) { try GSL.finite(.nan, "gsl_cdf_x") }
        do { _ = try GSL.finite(.nan, "gsl_cdf_x") } catch let error as GSLError {
            #expect(error.description == "gsl_cdf_x failed: input domain error")
        } catch { Issue.record("unexpected \(error)") }
    }
}
