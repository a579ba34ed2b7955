/// Difference-in-differences on the matched panel: every matched engaged account's own engagement
/// month m is its event time and its matched controls inherit m (METHODS.md, mistake 4).
///
/// - 2×2: per subclass, (post mean − pre mean) of the engaged account minus that of its controls,
///   averaged over subclasses with the pair-cluster SE (as the matched ATT).
/// - TWFE, event study and Callaway & Sant'Anna on the stacked matched panel: one unit per (subclass,
///   account), calendar months as periods, the controls never treated, clustered by subclass. As in
///   the ATT, "post" means the months after m: the cohort is m + 1, so the engagement month itself is
///   the event study's reference period (−1).
public struct MatchedPanelDiD: Sendable {
    public let outcome: String
    public let twoByTwo: MatchedEffect
    public let panel: DiDAnalysis

    static func estimate(
        outcome: String, panel: AccountPanel, accounts: [Int], sample: MatchedSample, settings: DiDAnalysis.Settings,
        standardError: MatchedStandardError
    ) throws -> MatchedPanelDiD {
        let monthOf = { (unit: Int) in panel.accounts[accounts[unit]].engagementMonth! }
        var changes: [SubclassOutcome] = []
        for sub in sample.subclasses {
            let m = monthOf(sub.treated)
            func change(_ unit: Int) -> Double? {
                guard let post = panel.mean(outcome, account: accounts[unit], where: { $0 > m }),
                    let pre = panel.mean(outcome, account: accounts[unit], where: { $0 < m })
                else { return nil }
                return post - pre
            }
            let controls = sub.controls.compactMap { c in change(c).map { (unit: c, value: $0) } }
            guard let t = change(sub.treated), !controls.isEmpty else { continue }
            changes.append(SubclassOutcome(treated: t, controls: controls))
        }
        let twoByTwo = try MatchedEffectEstimator.estimate(
            outcome: outcome, subclasses: changes, level: settings.level, standardError: standardError)

        var long = LongPanel(unit: [], period: [], y: [], cohort: [], cluster: [])
        guard let values = panel.numbers[outcome] else { throw ObservationalError("no outcome column '\(outcome)'") }
        var stackedUnit = 0
        for (s, sub) in sample.subclasses.enumerated() {
            let m = monthOf(sub.treated)
            for (unit, cohort) in [(sub.treated, Optional(m + 1))] + sub.controls.map({ ($0, Int?.none) }) {
                for row in panel.accounts[accounts[unit]].rows {
                    guard let y = values[row] else { continue }
                    long.unit.append(stackedUnit)
                    long.period.append(panel.month[row])
                    long.y.append(y)
                    long.cohort.append(cohort)
                    long.cluster.append(s)
                }
                stackedUnit += 1
            }
        }
        return MatchedPanelDiD(
            outcome: outcome, twoByTwo: twoByTwo,
            panel: try DiDAnalysis(outcome: outcome, panel: long, settings: settings))
    }
}
