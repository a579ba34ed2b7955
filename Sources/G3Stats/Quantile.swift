/// The q-quantile of sorted values by linear interpolation between order statistics
/// (Hyndman & Fan 1996 type 7, R's default).
public func quantileType7(sorted values: [Double], _ q: Double) -> Double {
    precondition(!values.isEmpty && (0...1).contains(q), "quantileType7 needs values and q in [0, 1]")
    let h = Double(values.count - 1) * q
    let low = Int(h.rounded(.down))
    return low + 1 < values.count ? values[low] + (h - Double(low)) * (values[low + 1] - values[low]) : values[low]
}
