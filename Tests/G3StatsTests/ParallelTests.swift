import Testing

@testable import G3Stats

/// `Parallel.map`, `Parallel.values` and `Parallel.joined` give their results in item order, and the error `map` throws
/// is that of the first failing item by index, whichever thread reaches its item first. `Parallel.pair` gives both
/// results, runs both sides to their end, and throws the first side's error before the second's.
@Suite struct ParallelTests {
    struct Failed: Error, Equatable {
        let index: Int
    }

    @Test func resultsComeInItemOrder() throws {
        #expect(Parallel.values(1_000) { $0 * $0 } == (0..<1_000).map { $0 * $0 })
        #expect(try Parallel.map(1_000) { $0 + 1 } == Array(1...1_000))
        #expect(Parallel.values(0) { $0 }.isEmpty)
        for (count, pieces) in [(0, 8), (3, 8), (1_000, 1), (1_000, 7), (1_000, 64)] {
            #expect(Parallel.joined(count, pieces: pieces) { $0.map { $0 * 3 } } == (0..<count).map { $0 * 3 })
        }
    }

    @Test(arguments: [[37, 80], [80, 37], [999], [0, 500, 999]])
    func theFirstFailureByIndexIsThrown(failing: [Int]) throws {
        for _ in 0..<20 {
            #expect(throws: Failed(index: failing.min() ?? 0)) {
                try Parallel.map(1_000) { i -> Int in
                    if failing.contains(i) { throw Failed(index: i) }
                    return i
                }
            }
        }
    }

    @Test func aPairGivesBothResultsAndTheFirstSidesErrorFirst() throws {
        final class Ran: @unchecked Sendable {
            var second = false
        }
        for _ in 0..<20 {
            #expect(
                try Parallel.pair({ (1...1_000).reduce(0, +) }, { Array(repeating: "x", count: 3) }) == (
                    500_500, ["x", "x", "x"]
                ))
            let ran = Ran()
            #expect(throws: Failed(index: 1)) {
                try Parallel.pair(
                    { () throws -> Int in throw Failed(index: 1) },
                    { () throws -> Int in
                        ran.second = true
                        throw Failed(index: 2)
                    })
            }
            #expect(ran.second)
            #expect(throws: Failed(index: 2)) {
                try Parallel.pair({ 1 }, { () throws -> Int in throw Failed(index: 2) })
            }
        }
    }
}
