import Foundation

/// Distinct byte strings → codes in first-seen order, hashing the bytes in place (no allocation for a
/// value seen before). The values' bytes lie end to end in one array, found through an open-addressing
/// table (linear probing, at most half full), so that a lookup touches no per-value object.
struct Interner {
    /// Every distinct value's bytes, one after the other: value i spans `ends[i - 1]..<ends[i]`.
    private var arena: [UInt8] = []
    private var ends: [Int] = []
    private var hashes: [UInt64] = []
    /// Per slot: the code + 1 of the value there, 0 for an empty slot; the count is a power of two.
    private var table = [Int32](repeating: 0, count: 64)
    private(set) var levels: [String] = []
    /// Set when a value is not valid UTF-8 (its text would hold U+FFFD and could equal another's).
    private(set) var invalid = false

    /// The last value coded: a panel sorted by account repeats an account's id and labels row after
    /// row, and walks its months in the order they were first seen (the value after the last one),
    /// and comparing with one or two values costs less than hashing.
    private var last: Int32 = -1

    mutating func code(_ field: Slice<UnsafeBufferPointer<UInt8>>) -> Int32 {
        code(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: field)))
    }

    @inline(__always)
    mutating func code(_ field: UnsafeRawBufferPointer) -> Int32 {
        if last >= 0 {
            if equals(last, field) { return last }
            if Int(last) + 1 < ends.count, equals(last + 1, field) {
                last += 1
                return last
            }
        }
        last = lookUp(field)
        return last
    }

    @inline(__always)
    private func equals(_ code: Int32, _ field: UnsafeRawBufferPointer) -> Bool {
        let start = code == 0 ? 0 : ends[Int(code) - 1]
        let count = ends[Int(code)] - start
        guard count == field.count else { return false }
        guard count > 0, let base = field.baseAddress else { return true }
        return arena.withUnsafeBytes { stored in
            guard let origin = stored.baseAddress else { return false }
            return Self.same(origin + start, base, count)
        }
    }

    /// Whether `count` bytes at `a` and `b` are equal; up to 16 bytes (labels, dates, ids) by
    /// overlapping words of 8, 4 or 1 bytes, else memcmp.
    @inline(__always)
    static func same(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
        switch count {
        case 8...16: return same(a, b, count, as: UInt64.self)
        case 4..<8: return same(a, b, count, as: UInt32.self)
        case 1..<4:
            // The first, the last and the middle byte.
            return same(a, b, count, as: UInt8.self)
                && a.load(fromByteOffset: count / 2, as: UInt8.self)
                    == b.load(fromByteOffset: count / 2, as: UInt8.self)
        default: return memcmp(a, b, count) == 0
        }
    }

    /// The first and the last word of type W of `count` bytes (count ≥ W's size) compared.
    @inline(__always)
    private static func same<W: FixedWidthInteger>(
        _ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int, as: W.Type
    )
        -> Bool
    {
        let tail = count - MemoryLayout<W>.size
        return a.loadUnaligned(as: W.self) == b.loadUnaligned(as: W.self)
            && a.loadUnaligned(fromByteOffset: tail, as: W.self) == b.loadUnaligned(fromByteOffset: tail, as: W.self)
    }

    private mutating func lookUp(_ field: UnsafeRawBufferPointer) -> Int32 {
        lookUp(field, hash: Self.hash(field))
    }

    /// The code of `field`, whose `hash` is known (`absorb` takes another table's).
    private mutating func lookUp(_ field: UnsafeRawBufferPointer, hash: UInt64) -> Int32 {
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while table[slot] != 0 {
            let code = table[slot] - 1
            if hashes[Int(code)] == hash, equals(code, field) { return code }
            slot = (slot + 1) & mask
        }
        let code = Int32(levels.count)
        arena.append(contentsOf: field)
        ends.append(arena.count)
        hashes.append(hash)
        table[slot] = code + 1
        if field.contains(where: { $0 >= 0x80 }), String(validating: field, as: UTF8.self) == nil { invalid = true }
        levels.append(String(decoding: field, as: UTF8.self))
        if 2 * levels.count > table.count { grow() }
        return code
    }

    /// The table at twice its size, every code placed again by its hash.
    private mutating func grow() {
        table = [Int32](repeating: 0, count: table.count * 2)
        let mask = table.count - 1
        for (code, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while table[slot] != 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(code + 1)
        }
    }

    /// A 64-bit hash of the bytes, eight at a time: each word xored in, then multiplied and shifted
    /// (the mixing steps of SplitMix64), the length in the seed.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h = UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
        var i = 0
        while i + 8 <= bytes.count {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 29)
    }

    /// Takes in another table's values (a later chunk of the same column): the code each of them
    /// has here, new ones added in the other table's order. The other table's hashes are reused.
    mutating func absorb(_ other: Interner) -> [Int32] {
        other.arena.withUnsafeBytes { bytes in
            other.ends.indices.map { i in
                let start = i == 0 ? 0 : other.ends[i - 1]
                return lookUp(UnsafeRawBufferPointer(rebasing: bytes[start..<other.ends[i]]), hash: other.hashes[i])
            }
        }
    }
}
