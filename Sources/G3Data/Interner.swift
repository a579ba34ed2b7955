import Foundation

/// Distinct byte strings → codes, hashing the bytes in place (no allocation for a value seen before).
struct Interner {
    private var buckets: [UInt64: [Int32]] = [:]
    private var bytes: [[UInt8]] = []
    private(set) var levels: [String] = []
    /// Set when a value is not valid UTF-8 (its text would hold U+FFFD and could equal another's).
    private(set) var invalid = false

    /// The last value coded: a panel sorted by account repeats an account's id and labels row after
    /// row, and comparing with the previous value costs less than hashing.
    private var last: Int32 = -1

    mutating func code(_ field: Slice<UnsafeBufferPointer<UInt8>>) -> Int32 {
        if last >= 0, Self.same(bytes[Int(last)], field) { return last }
        last = lookUp(field)
        return last
    }

    @inline(__always)
    private static func same(_ stored: [UInt8], _ field: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard stored.count == field.count else { return false }
        guard let base = field.base.baseAddress, !stored.isEmpty else { return stored.isEmpty }
        return stored.withUnsafeBufferPointer { s in
            s.baseAddress.map { memcmp($0, base + field.startIndex, stored.count) == 0 } ?? false
        }
    }

    private mutating func lookUp(_ field: Slice<UnsafeBufferPointer<UInt8>>) -> Int32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for b in field { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        if let candidates = buckets[hash] {
            for code in candidates where bytes[Int(code)].elementsEqual(field) { return code }
        }
        let code = Int32(levels.count)
        bytes.append(Array(field))
        if field.contains(where: { $0 >= 0x80 }), String(validating: field, as: UTF8.self) == nil { invalid = true }
        levels.append(String(decoding: field, as: UTF8.self))
        buckets[hash, default: []].append(code)
        return code
    }

    /// Takes in another table's values (a later chunk of the same column): the code each of them
    /// has here, new ones added in the other table's order.
    mutating func absorb(_ other: Interner) -> [Int32] {
        other.bytes.map { value in value.withUnsafeBufferPointer { code($0[...]) } }
    }
}
