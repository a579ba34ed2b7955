import ArgumentParser
import Foundation
import G3Observational
import G3Registry
import G3Report
import G3Stats

/// `g3-design roi`: the program's return from a stored estimate, with its interval.
struct ROI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roi",
        abstract: "The program's return on investment from a stored effect estimate, with its confidence interval.",
        discussion: """
            Incremental revenue = effect per account-month × engaged accounts × months (12: a year) \
            × margin (1: revenue, as the original 6:1). ROI = (incremental − cost)/cost and revenue \
            per dollar = incremental/cost, with the interval of the effect carried through (it is \
            the stored CI; an estimate without one uses ±z·SE). The break-even effect is \
            cost/(accounts × months × margin). Find estimate ids with `registry export ID --table \
            estimate` or `compare --format json`.

            Example:
              g3-design roi --estimate 12 --cost-per-engagement 15000 --registry g3.sqlite
            """)

    @Option(help: "The id of a stored estimate (an effect per account-month).") var estimate: Int64
    @Option(help: "The program's total cost.") var cost: Double?
    @Option(help: "The cost of one engagement; the cost is this × --engagements.") var costPerEngagement: Double?
    @Option(help: "Engagements paid for (default: --accounts).") var engagements: Int?
    @Option(help: "Engaged accounts the effect applies to (default: the estimate's treated count).") var accounts: Int?
    @Option(help: "Months of effect counted.") var months = 12
    @Option(help: "Share of incremental revenue that is profit (1 counts revenue).") var margin = 1.0
    @Option(help: OutputFormat.help) var format: OutputFormat = .table
    @OptionGroup var registry: RegistryOptions

    func validate() throws {
        guard (cost == nil) != (costPerEngagement == nil) else {
            throw ValidationError("give the cost as --cost or as --cost-per-engagement, not both or neither")
        }
        if let cost, !(cost > 0) { throw ValidationError("--cost must be positive, got \(cost)") }
        if let costPerEngagement, !(costPerEngagement > 0) {
            throw ValidationError("--cost-per-engagement must be positive, got \(costPerEngagement)")
        }
        if let engagements, engagements < 1 { throw ValidationError("--engagements must be ≥ 1, got \(engagements)") }
        if cost != nil, engagements != nil { throw ValidationError("--engagements belongs to --cost-per-engagement") }
        if let accounts, accounts < 1 { throw ValidationError("--accounts must be ≥ 1, got \(accounts)") }
        guard months >= 1 else { throw ValidationError("--months must be ≥ 1, got \(months)") }
        guard margin > 0, margin <= 1 else { throw ValidationError("--margin must be in (0, 1], got \(margin)") }
    }

    func run() throws {
        let store = try registry.openForReading()
        guard let stored = try store.estimate(id: estimate) else {
            throw ValidationError(
                "no estimate \(estimate) in the registry \(store.path); `g3-design registry export ID --table estimate` lists them"
            )
        }
        let e = stored.record
        let interval: (low: Double, high: Double)
        if let low = e.ciLow, let high = e.ciHigh {
            interval = (low, high)
        } else if let se = e.standardError {
            let z = try Normal.quantile(0.975)
            interval = (e.estimate - z * se, e.estimate + z * se)
        } else {
            throw ValidationError(
                "estimate \(estimate) (\(e.method)) has neither a CI nor an SE, so its return has no interval; pick another estimate"
            )
        }
        guard let n = accounts ?? e.nTreatment else {
            throw ValidationError("estimate \(estimate) has no treated count: give --accounts")
        }
        let totalCost = cost ?? costPerEngagement! * Double(engagements ?? n)
        let result = try ProgramReturn(
            effect: e.estimate, effectLow: interval.low, effectHigh: interval.high, accounts: n, months: months,
            margin: margin, cost: totalCost)
        let report = ROIReport(result: result, estimate: stored)
        switch format {
        case .table: print(report.table(), terminator: "")
        case .json: print(try jsonText(report.document), terminator: "")
        case .csv: print(try csvText([report.document]), terminator: "")
        }
    }
}
