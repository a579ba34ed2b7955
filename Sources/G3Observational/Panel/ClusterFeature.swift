import Foundation

/// One clustering feature of every account: a baseline column as it is, or derived from one or two of
/// them as it is read (a share of revenue, a log, a sum), so that no derived column is stored (five of
/// them are 0.2 GB at 5 million accounts). Reading value i twice gives the same bits.
struct ClusterFeature: Sendable {
    enum Kind: Sendable {
        /// The column itself.
        case column
        /// part / total where total > 0, else 0.
        case share
        /// log(1 + max(x, 0)).
        case log
        /// The two columns added.
        case sum
    }

    let name: String
    let kind: Kind
    private let first: [Double]
    private let second: [Double]

    init(_ name: String, _ kind: Kind, _ first: [Double], _ second: [Double] = []) {
        self.name = name
        self.kind = kind
        self.first = first
        self.second = second
    }

    var count: Int { first.count }

    @inline(__always)
    subscript(i: Int) -> Double {
        switch kind {
        case .column: return first[i]
        case .share: return second[i] > 0 ? first[i] / second[i] : 0
        case .log: return Foundation.log1p(max(first[i], 0))
        case .sum: return first[i] + second[i]
        }
    }
}
