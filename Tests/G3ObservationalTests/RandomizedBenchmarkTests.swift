import G3Observational
import Testing

/// The comparison arithmetic of `compare`, on hand-computed cases.
@Suite struct RandomizedBenchmarkTests {
    let rct = LabelledEstimate(label: "rct", estimate: 1000, standardError: 300, ciLow: 400, ciHigh: 1600)

    @Test func biasRatioOverlapAndTheEqualityTest() {
        let c = RandomizedBenchmark(
            observational: LabelledEstimate(label: "psm", estimate: 1400, standardError: 400, ciLow: 600, ciHigh: 2200),
            randomized: rct)
        #expect(c.bias == 400 && abs(c.biasInRandomizedSE! - 4.0 / 3) < 1e-15 && abs(c.ratio! - 1.4) < 1e-15)
        #expect(c.intervalsOverlap == true)
        // z = 400 / √(400² + 300²) = 0.8; p = 2(1 − Φ(0.8)) = 0.4237108 (R: 2 * pnorm(-0.8)).
        #expect(abs(c.z! - 0.8) < 1e-15 && abs(c.pValue! - 0.4237107971667934) < 1e-12)
    }

    @Test func edgesAndMissingPieces() {
        // Intervals that touch overlap; intervals apart do not.
        let touching = RandomizedBenchmark(
            observational: LabelledEstimate(label: "a", estimate: 1800, standardError: 100, ciLow: 1600, ciHigh: 2000),
            randomized: rct)
        #expect(touching.intervalsOverlap == true)
        let apart = RandomizedBenchmark(
            observational: LabelledEstimate(
                label: "b", estimate: -8000, standardError: 500, ciLow: -9000, ciHigh: -7000), randomized: rct)
        #expect(apart.intervalsOverlap == false && apart.pValue! < 1e-20)
        // The naive contrast has no SE: a bias and a ratio, no interval, no test.
        let naive = RandomizedBenchmark(
            observational: LabelledEstimate(
                label: "naive", estimate: 3000, standardError: nil, ciLow: nil, ciHigh: nil), randomized: rct)
        #expect(
            naive.bias == 2000 && naive.ratio == 3 && naive.intervalsOverlap == nil && naive.z == nil
                && naive.pValue == nil)
        // A zero randomized estimate has no ratio.
        let zero = RandomizedBenchmark(
            observational: rct,
            randomized: LabelledEstimate(label: "0", estimate: 0, standardError: 1, ciLow: -2, ciHigh: 2))
        #expect(zero.ratio == nil && zero.bias == 1000)
    }
}
