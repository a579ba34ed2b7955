import Foundation
import G3Observational
import G3Registry

/// `g3-design roi`: the return, its interval and what a leader may conclude.
public struct ROIReport {
    public let result: ProgramReturn
    public let estimate: StoredEstimate
    public init(result: ProgramReturn, estimate: StoredEstimate) {
        self.result = result
        self.estimate = estimate
    }

    public var conclusion: String {
        let r = result
        switch r.verdict {
        case .paysForItself:
            return
                "The whole interval of the effect is above the break-even \(Format.grouped(r.breakEvenEffect, 2)) per account-month: the program pays for itself, with a return of \(Format.fixed(r.revenuePerDollarInterval.low, 2)) to \(Format.fixed(r.revenuePerDollarInterval.high, 2)) per dollar."
        case .losesMoney:
            return
                "The whole interval of the effect is below the break-even \(Format.grouped(r.breakEvenEffect, 2)) per account-month: at this cost the program does not pay for itself."
        case .undetermined:
            return
                "The interval of the effect contains the break-even \(Format.grouped(r.breakEvenEffect, 2)) per account-month: the data allow both a gain and a loss, and a single ROI figure (\(Format.fixed(r.revenuePerDollar, 1)):1) would overstate what is known."
        }
    }

    public func table() -> String {
        let r = result
        let e = estimate.record
        var rows = AlignedRows()
        rows.add(
            "estimate",
            "\(estimate.id): \(e.method) on \(e.metric) (\(e.population)), \(Format.grouped(e.estimate, 2)) per account-month, CI \(Format.grouped(r.effectLow, 2)) to \(Format.grouped(r.effectHigh, 2))"
        )
        rows.add(
            "scale",
            "\(Format.grouped(Double(r.accounts))) accounts × \(r.months) months × margin \(Format.fixed(r.margin, 2))")
        rows.add(
            "incremental",
            "\(Format.grouped(r.incremental)) (CI \(Format.grouped(r.incrementalInterval.low)) to \(Format.grouped(r.incrementalInterval.high)))"
        )
        rows.add("cost", Format.grouped(r.cost))
        rows.add(
            "revenue per dollar",
            "\(Format.fixed(r.revenuePerDollar, 2)) (CI \(Format.fixed(r.revenuePerDollarInterval.low, 2)) to \(Format.fixed(r.revenuePerDollarInterval.high, 2)))"
        )
        rows.add(
            "ROI",
            "\(Format.percent(r.roi, 0)) (CI \(Format.percent(r.roiInterval.low, 0)) to \(Format.percent(r.roiInterval.high, 0)))"
        )
        rows.add("break-even effect", "\(Format.grouped(r.breakEvenEffect, 2)) per account-month")
        return "Return on the program\n" + rows.render() + "  " + conclusion + "\n"
    }

    public var document: ROIDocument { ROIDocument(result, estimate: estimate, conclusion: conclusion) }
}
