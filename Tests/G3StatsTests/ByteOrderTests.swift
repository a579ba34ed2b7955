import G3Stats
import PropertyBased
import Testing

/// Issue 17, item 5: sorting keys, not strings. `ByteOrder.sortedIndices` gives the order that
/// sorting with `precedesInByteOrder` gives, on generated strings that share long prefixes, differ
/// only in length or in a multi-byte character, and repeat; `strings(at:)` gives them back unchanged.
@Suite struct ByteOrderTests {
    static let pieces = [
        "a", "b", "ab", "acct-1000", "acct-10000", "é", "e\u{301}", "Z", "-", "0", "00000000", "\u{10FFFF}", "\u{0}"
    ]

    @Test func sortedIndicesMatchTheByteOrder() throws {
        var rng = Xoshiro(seed: (17, 5, 2026, 11))
        let gen = Gen.int(in: 0...(Self.pieces.count - 1)).array(of: 0...4).array(of: 0...60)
        for _ in 0..<300 {
            let strings = gen.run(using: &rng).map { $0.map { Self.pieces[$0] }.joined() }
            let expected = strings.indices.sorted { i, j in
                strings[i].precedesInByteOrder(strings[j]) || (!strings[j].precedesInByteOrder(strings[i]) && i < j)
            }
            #expect(ByteOrder.sortedIndices(strings) == expected, "\(strings)")
            let byteOrder = ByteOrder(strings)
            #expect(byteOrder.sortedIndices() == expected, "\(strings)")
            // The strings made anew from the copied bytes are the originals, byte for byte.
            let made = byteOrder.strings(at: expected)
            #expect(made.map { Array($0.utf8) } == expected.map { Array(strings[$0].utf8) })
        }
    }
}
