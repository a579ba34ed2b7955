import Foundation
import PropertyBased
import Testing

@testable import G3Data

/// Issue 17, item 1 (part): a panel's outcomes kept in 4 bytes a value (`NumberColumn.coded`,
/// `DecimalCodes`) read back the very bits a column of doubles holds, whatever the values: cents and
/// counts are coded, anything else turns the column into doubles; moving values to their rows keeps
/// codes as codes.
@Suite struct DecimalCodesTests {
    /// Both columns' values as bit patterns (nil for missing).
    static func bits(_ column: NumberColumn) -> [UInt64?] { column.map { $0?.bitPattern } }

    @Test func centsAndCountsAreCodedAndReadBackExactly() {
        var column = NumberColumn.coded()
        column.append(contentsOf: [792.55, 13.36, 0, nil])
        #expect(column.isCoded && Array(column) == [792.55, 13.36, 0, nil])
        // One place more: the codes so far are scaled up.
        column.append(contentsOf: [0.001, 21_474.836])
        #expect(column.isCoded && Self.bits(column) == Self.bits([792.55, 13.36, 0, nil, 0.001, 21_474.836]))
        column[3] = 2.5
        #expect(column.isCoded && column[3] == 2.5)
        // Beyond the 4 bytes at this scale: the column turns into doubles, every value kept.
        column.append(contentsOf: [3e9])
        #expect(!column.isCoded && Self.bits(column) == Self.bits([792.55, 13.36, 0, 2.5, 0.001, 21_474.836, 3e9]))
    }

    @Test func valuesWithoutACodeTurnTheColumnIntoDoubles() {
        for value in [-0.0, .infinity, -.infinity, 1e300, .leastNonzeroMagnitude, 0.1234567, 0.1 + 0.2] {
            var column = NumberColumn.coded()
            column.append(contentsOf: [1.25, nil])
            column.append(contentsOf: [value])
            #expect(!column.isCoded, "\(value)")
            #expect(Self.bits(column) == [(1.25).bitPattern, nil, value.bitPattern], "\(value)")
            var set = NumberColumn.coded()
            set.append(contentsOf: [1, 2])
            set[0] = value
            #expect(!set.isCoded && Self.bits(set) == [value.bitPattern, (2.0).bitPattern], "\(value)")
        }
    }

    /// A value from three generated numbers: mostly cents and counts, sometimes more places, a
    /// missing value, a special value or one beyond the 4 bytes at two places.
    static func value(_ g: [Int]) -> Double? {
        let sign = g[2] % 2 == 0 ? 1.0 : -1.0
        switch g[0] {
        case 0..<55: return sign * Double(g[1] * 1000 + g[2]) / 100
        case 55..<70: return Double(Int(sign) * g[1])
        case 70..<80: return sign * Double(g[1] * 1000 + g[2]) / pow(10, Double(g[2] % 9))
        case 80..<85: return nil
        case 85..<90: return [-0.0, .infinity, -.infinity, 1e300, .leastNonzeroMagnitude][g[1] % 5]
        default: return sign * (3e7 + Double(g[1]) / 100)
        }
    }

    /// Generated values appended in stretches of any size (or one by one) to a coded column and to one of doubles:
    /// the same bits, value by value (cents and counts alone stay coded); moved to rows by a permutation (and compacted in place, some
    /// values dropped) the two columns still agree with each other and with the values moved by hand.
    @Test func codedColumnsHoldTheSameBitsAsDoubles() {
        var rng = Xoshiro(seed: (17, 12, 2026, 1))
        let stretch = Gen.int(in: 0...99).array(of: 3).array(of: 0...40).array(of: 1...12)
        for run in 0..<400 {
            // Every other run only cents and counts, which must stay coded.
            let clean = run % 2 == 0
            let stretches = stretch.run(using: &rng).map {
                $0.map { g in Self.value(clean ? [g[0] % 70] + g[1...] : g) }
            }
            var coded = NumberColumn.coded()
            var plain = NumberColumn()
            // Stretches appended whole and value by value, in turn.
            for (k, values) in stretches.enumerated() {
                if k % 2 == 0 {
                    coded.append(contentsOf: NumberColumn(values))
                } else {
                    for v in values { coded.append(v) }
                }
                plain.append(contentsOf: NumberColumn(values))
            }
            let all = stretches.flatMap { $0 }
            #expect(Self.bits(coded) == Self.bits(plain) && Self.bits(plain) == all.map { $0?.bitPattern })
            #expect(coded.isCoded || !clean)
            let n = all.count
            let permutation = Array(0..<n).shuffled(using: &rng)
            let zero = n % 2 == 0
            var source = [Int](repeating: 0, count: n)
            for (i, p) in permutation.enumerated() { source[p] = i }
            let expected = NumberColumn(source.map { all[$0] ?? (zero ? 0 : nil) })
            let moved = coded.placed(count: n, inPlace: false, zeroingMissing: zero) { permutation[$0] }
            #expect(moved.isCoded == coded.isCoded && Self.bits(moved) == Self.bits(expected))
            #expect(
                Self.bits(plain.placed(count: n, inPlace: false, zeroingMissing: zero) { permutation[$0] })
                    == Self.bits(expected))
            // Every third value dropped, the rest kept in order: each moves to its rank, never later.
            let kept = (0..<n).filter { $0 % 3 != 1 }
            let rank = (0..<n).map { i in i % 3 == 1 ? -1 : i - (i + 1) / 3 }
            let compacted = NumberColumn(kept.map { all[$0] ?? (zero ? 0 : nil) })
            let inPlace = coded.placed(count: kept.count, inPlace: true, zeroingMissing: zero) { rank[$0] }
            #expect(inPlace.isCoded == coded.isCoded && Self.bits(inPlace) == Self.bits(compacted))
        }
    }
}
