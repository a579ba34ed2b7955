/// The separators (commas and line feeds) of a plain stretch in order, found 64 bytes at a time: a
/// bit a byte, each separator then one count of zero bits (`next`), so that splitting a record into
/// fields takes no search per field.
struct Separators {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The first byte of the 64 that `mask` describes (a multiple of 64).
    private var block = 0
    /// The block's separators not yet handed out.
    private var mask: UInt64

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        mask = bytes.isEmpty ? 0 : Self.mask(bytes, at: 0)
    }

    /// The position of the next separator, or nil after the last.
    @inline(__always)
    mutating func next() -> Int? {
        while mask == 0 {
            guard block &+ 64 < bytes.count else { return nil }
            block &+= 64
            mask = Self.mask(bytes, at: block)
        }
        let position = block &+ mask.trailingZeroBitCount
        mask &= mask &- 1
        return position
    }

    /// Bit i set when byte `start + i` is a comma or a line feed; eight words of `zeroBytes`, whose
    /// high bits one multiplication gathers into a byte (bit 8i + 7 → bit 56 + i), then the bytes
    /// left after the last whole word one by one.
    @inline(__always)
    static func mask(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> UInt64 {
        guard start + 64 <= bytes.count else { return tailMask(bytes, at: start) }
        let raw = UnsafeRawBufferPointer(bytes)
        var bits: UInt64 = 0
        for k in 0..<8 {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start &+ 8 &* k, as: UInt64.self))
            let ends = zeroBytes(word ^ 0x2C2C_2C2C_2C2C_2C2C) | zeroBytes(word ^ 0x0A0A_0A0A_0A0A_0A0A)
            bits |= (((ends >> 7) &* 0x0102_0408_1020_4080) >> 56) << UInt64(8 * k)
        }
        return bits
    }

    private static func tailMask(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> UInt64 {
        var bits: UInt64 = 0
        for i in start..<bytes.count where bytes[i] == 0x2C || bytes[i] == 0x0A {
            bits |= 1 << UInt64(i - start)
        }
        return bits
    }
}
