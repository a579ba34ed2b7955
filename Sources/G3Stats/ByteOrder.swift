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
/// once into one buffer, each string's first 16 bytes as two big-endian words, so that sorting moves
/// plain values and compares integers; only strings whose first 16 bytes tie are compared further,
/// with memcmp. No reference counting in the comparisons, which made sorting a million ids with
/// `precedesInByteOrder` spend most of its time in swift_retain.
public struct ByteOrder {
    private var bytes: [UInt8] = []
    private var offsets: [Int] = []
    private var keys: [Key] = []

    /// A string's first 16 bytes (zero-padded) and its position: compared as such, a total order.
    struct Key: Comparable {
        let head: UInt64
        let tail: UInt64
        let index: Int

        static func < (a: Key, b: Key) -> Bool {
            if a.head != b.head { return a.head < b.head }
            if a.tail != b.tail { return a.tail < b.tail }
            return a.index < b.index
        }

        func ties(_ other: Key) -> Bool { head == other.head && tail == other.tail }
    }

    public init(_ strings: [String]) {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        ends.reserveCapacity(strings.count)
        for var s in strings {
            s.withUTF8 { bytes.append(contentsOf: $0) }
            ends.append(bytes.count)
        }
        self.init(bytes: bytes, ends: ends)
    }

    /// Strings given as their UTF-8 bytes end to end: string i spans `ends[i - 1]..<ends[i]` (from 0
    /// for string 0); `ends` must not decrease nor pass `bytes.count`.
    public init(bytes: [UInt8], ends: [Int]) {
        self.bytes = bytes
        offsets = [0] + ends
        keys = bytes.withUnsafeBufferPointer { b in
            ends.indices.map { i in
                let utf8 = UnsafeBufferPointer(rebasing: b[offsets[i]..<offsets[i + 1]])
                return Key(head: Self.word(utf8, from: 0), tail: Self.word(utf8, from: 8), index: i)
            }
        }
    }

    /// Bytes `from..<from + 8` as a big-endian word, zero-padded past the end.
    static func word(_ utf8: UnsafeBufferPointer<UInt8>, from: Int) -> UInt64 {
        var key: UInt64 = 0
        for i in from..<from + 8 { key = key << 8 | UInt64(i < utf8.count ? utf8[i] : 0) }
        return key
    }

    /// Whether string i precedes string j, their first 16 bytes tied (equal strings: by position).
    func precedes(_ i: Int, _ j: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let (li, lj) = (offsets[i + 1] - offsets[i], offsets[j + 1] - offsets[j])
        let common = Swift.min(li, lj)
        if common > 16, let base = b.baseAddress {
            let c = memcmp(base + offsets[i] + 16, base + offsets[j] + 16, common - 16)
            if c != 0 { return c < 0 }
        }
        return li != lj ? li < lj : i < j
    }

    /// The positions in byte order: the keys sorted, then each run of tied keys by the rest of its bytes.
    public func sortedIndices() -> [Int] {
        let sorted = keys.sorted()
        var order = sorted.map(\.index)
        bytes.withUnsafeBufferPointer { b in
            var start = 0
            while start < sorted.count {
                var end = start + 1
                while end < sorted.count, sorted[end].ties(sorted[start]) { end += 1 }
                if end - start > 1 { order[start..<end].sort { precedes($0, $1, b) } }
                start = end
            }
        }
        return order
    }

    /// The strings at `positions`, each made anew from the bytes copied at `init`: for a caller that
    /// wants the strings in sorted order without reaching each original again (a cache miss and a
    /// reference count per string). The bytes are first gathered in that order by a short loop (whose
    /// cache misses the processor overlaps), then each string is made from the gathered bytes in turn.
    public func strings(at positions: [Int]) -> [String] {
        var ends: [Int] = []
        ends.reserveCapacity(positions.count)
        for i in positions { ends.append((ends.last ?? 0) + offsets[i + 1] - offsets[i]) }
        let gathered = [UInt8](unsafeUninitializedCapacity: ends.last ?? 0) { out, count in
            bytes.withUnsafeBufferPointer { b in
                guard let from = b.baseAddress, let to = out.baseAddress else { return }
                for (k, i) in positions.enumerated() {
                    memcpy(to + count, from + offsets[i], ends[k] - count)
                    count = ends[k]
                }
            }
        }
        return gathered.withUnsafeBufferPointer { g in
            ends.indices.map { k in
                let start = k == 0 ? 0 : ends[k - 1]
                return String(decoding: UnsafeBufferPointer(rebasing: g[start..<ends[k]]), as: UTF8.self)
            }
        }
    }

    /// The positions of `strings` in byte order of their UTF-8 encodings; a linear check first, so
    /// that strings already in order cost one pass.
    public static func sortedIndices(_ strings: [String]) -> [Int] {
        if inOrder(strings.count, { strings[$0] }) { return Array(strings.indices) }
        return ByteOrder(strings).sortedIndices()
    }

    /// Whether the strings 0..<count, given by position, are already in byte order (one pass).
    @inlinable
    public static func inOrder(_ count: Int, _ string: (Int) -> String) -> Bool {
        (1..<max(count, 1)).allSatisfy { !string($0).precedesInByteOrder(string($0 - 1)) }
    }
}
