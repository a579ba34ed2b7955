import Foundation

extension String {
    /// Byte-wise order of the UTF-8 encodings: the order of unit ids and strata before randomization.
    /// Unlike `<`, it never treats two different byte strings as equal (Unicode canonical equivalence),
    /// and it is the same on every platform.
    public func precedesInByteOrder(_ other: String) -> Bool {
        let fast = utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b in
                let common = Swift.min(a.count, b.count)
                guard common > 0, let pa = a.baseAddress, let pb = b.baseAddress else { return a.count < b.count }
                let order = memcmp(pa, pb, common)
                return order != 0 ? order < 0 : a.count < b.count
            }
        }
        return (fast ?? nil) ?? utf8.lexicographicallyPrecedes(other.utf8)
    }
}

/// Strings compared in byte order of their UTF-8 encodings without moving them: the bytes copied
/// once into one buffer, with 8-byte big-endian prefixes, so that sorting moves integers and compares
/// with memcmp. No reference counting in the comparisons, which made sorting a million ids with
/// `precedesInByteOrder` spend most of its time in swift_retain.
public struct ByteOrder {
    private var bytes: [UInt8] = []
    private var offsets: [Int] = []
    private var prefixes: [UInt64] = []

    public init(_ strings: [String]) {
        offsets.reserveCapacity(strings.count + 1)
        prefixes.reserveCapacity(strings.count)
        for var s in strings {
            offsets.append(bytes.count)
            s.withUTF8 { bytes.append(contentsOf: $0) }
            var key: UInt64 = 0
            var taken = 0
            for byte in s.utf8.prefix(8) {
                key = key << 8 | UInt64(byte)
                taken += 1
            }
            prefixes.append(taken == 0 ? 0 : key << (8 * UInt64(8 - taken)))
        }
        offsets.append(bytes.count)
    }

    /// Whether string i precedes string j (equal strings: by position).
    @inline(__always)
    func precedes(
        _ i: Int, _ j: Int, _ b: UnsafeBufferPointer<UInt8>, _ o: UnsafeBufferPointer<Int>,
        _ key: UnsafeBufferPointer<UInt64>
    ) -> Bool {
        if key[i] != key[j] { return key[i] < key[j] }
        let (li, lj) = (o[i + 1] - o[i], o[j + 1] - o[j])
        let common = Swift.min(li, lj)
        if common > 8, let base = b.baseAddress {
            let c = memcmp(base + o[i] + 8, base + o[j] + 8, common - 8)
            if c != 0 { return c < 0 }
        }
        return li != lj ? li < lj : i < j
    }

    /// The positions in byte order.
    public func sortedIndices() -> [Int] {
        var order = Array(0..<prefixes.count)
        bytes.withUnsafeBufferPointer { b in
            offsets.withUnsafeBufferPointer { o in
                prefixes.withUnsafeBufferPointer { key in order.sort { precedes($0, $1, b, o, key) } }
            }
        }
        return order
    }

    /// The positions of `strings` in byte order of their UTF-8 encodings; a linear check first, so
    /// that strings already in order cost one pass.
    public static func sortedIndices(_ strings: [String]) -> [Int] {
        if zip(strings, strings.dropFirst()).allSatisfy({ !$1.precedesInByteOrder($0) }) {
            return Array(strings.indices)
        }
        return ByteOrder(strings).sortedIndices()
    }
}
