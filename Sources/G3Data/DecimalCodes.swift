/// Numbers of one decimal scale as 4-byte codes: the value of code c is c / 10^scale, one IEEE
/// division of two exactly representable doubles, hence correctly rounded: the double nearest the
/// decimal c·10^−scale, which is what a correctly rounding parser makes of that decimal's text. A
/// value gets a code only when that division gives back its exact bits, so coding loses nothing,
/// whatever produced the value: −0, NaN, infinities, values of more places and values beyond
/// ±2^31 / 10^scale have none. `Int32.min` stands for a missing value.
@usableFromInline
struct DecimalCodes: Sendable {
    /// The most places a code keeps (scale 6: micro-units, values within ±2,147.48).
    static let maximumScale = 6
    @usableFromInline static let missing = Int32.min
    @usableFromInline static let divisors: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6]

    @usableFromInline var codes: [Int32] = []
    private(set) var scale = 0
    /// 10^scale.
    @usableFromInline private(set) var divisor = 1.0

    @usableFromInline init() {}

    @inlinable
    func value(_ code: Int32) -> Double? { code == Self.missing ? nil : Double(code) / divisor }

    /// The code of `v` at `scale`; nil when it has none (a missing value is coded by the caller).
    /// v·10^scale is rounded to the nearest integer by adding and subtracting 1.5·2^52 (exact below
    /// 2^51; larger products stay out of range), without a call to libm's `round`: x86-64's baseline
    /// has no rounding instruction. Ties go to even, not away from zero as `rounded()` has it, which
    /// changes no code: when v has a code k (|k| < 2^31), v·10^scale lies within 2^−21 of k, never
    /// halfway between two integers.
    static func code(_ v: Double, scale: Int) -> Int32? {
        let divisor = divisors[scale]
        let scaled = (v * divisor + 6_755_399_441_055_744.0) - 6_755_399_441_055_744.0
        guard scaled > -2_147_483_648.0, scaled <= 2_147_483_647.0 else { return nil }
        let code = Int32(scaled)
        return (Double(code) / divisor).bitPattern == v.bitPattern ? code : nil
    }

    /// The smallest scale from `scale` up at which every value (NaN: missing) has a code; nil when none
    /// up to `maximumScale` has. A value with a code at one scale has one at the next, overflow aside.
    static func scale(of values: UnsafeBufferPointer<Double>, from scale: Int) -> Int? {
        var s = scale
        for v in values where !v.isNaN {
            while code(v, scale: s) == nil {
                guard s < maximumScale else { return nil }
                s += 1
            }
        }
        return s
    }

    /// Appends the values' codes (NaN: missing); false, with nothing appended, when one has none at a
    /// scale this column can take (its codes are scaled up to it when needed and they fit). One pass
    /// while the scale holds.
    mutating func append(_ values: UnsafeBufferPointer<Double>) -> Bool {
        if appendAtScale(values) { return true }
        guard let needed = Self.scale(of: values, from: scale), needed > scale, rescale(to: needed) else {
            return false
        }
        return appendAtScale(values)
    }

    /// `append` at the present scale; false, with nothing appended, at the first value without a code.
    /// The codes are written into room made for all of them at once (no capacity check per value).
    private mutating func appendAtScale(_ values: UnsafeBufferPointer<Double>) -> Bool {
        let start = codes.count
        let scale = scale
        codes.append(contentsOf: repeatElement(Self.missing, count: values.count))
        let coded = codes.withUnsafeMutableBufferPointer { codes in
            for (i, v) in values.enumerated() where !v.isNaN {
                guard let code = Self.code(v, scale: scale) else { return false }
                codes[start + i] = code
            }
            return true
        }
        if !coded { codes.removeSubrange(start...) }
        return coded
    }

    /// Appends the code of `v` (nil: missing), as `append(_ values:)` does.
    mutating func append(_ v: Double?) -> Bool {
        guard let v else {
            codes.append(Self.missing)
            return true
        }
        guard let code = Self.code(v, scale: scale) else { return [v].withUnsafeBufferPointer { append($0) } }
        codes.append(code)
        return true
    }

    /// Stores `v` (nil: missing) at `i`; false, with nothing changed, when it has no code at this scale.
    @usableFromInline mutating func set(_ v: Double?, at i: Int) -> Bool {
        guard let v else {
            codes[i] = Self.missing
            return true
        }
        guard let code = Self.code(v, scale: scale) else { return false }
        codes[i] = code
        return true
    }

    /// The codes at a larger scale (each multiplied by a power of ten); false, with nothing changed,
    /// when one of them would leave the 4 bytes.
    private mutating func rescale(to newScale: Int) -> Bool {
        guard newScale > scale else { return true }
        let factor = Int32(Self.divisors[newScale - scale])
        let limit = Int32.max / factor
        guard codes.allSatisfy({ $0 == Self.missing || ($0 > -limit && $0 <= limit) }) else { return false }
        for i in codes.indices where codes[i] != Self.missing { codes[i] *= factor }
        scale = newScale
        divisor = Self.divisors[newScale]
        return true
    }

    /// The codes, no longer kept here.
    @usableFromInline mutating func takeCodes() -> [Int32] {
        defer { codes = [] }
        return codes
    }

    /// The values as doubles, NaN for a missing one.
    func decoded() -> [Double] { codes.map { value($0) ?? .nan } }
}
