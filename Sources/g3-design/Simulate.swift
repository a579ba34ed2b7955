import ArgumentParser
import Foundation
import G3Observational
import G3Report
import G3Stats

/// `g3-design simulate`: a customer-month panel with a known effect, and its truth.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a simulated customer-month panel (seed schema) with a known effect, and truth.json.",
        discussion: """
            Engaged accounts are larger and more security-minded (--selection), engage in staggered \
            months, and gain --security-lift and --total-lift (relative) after their engagement \
            month, reached over --ramp months. Segments trend apart (a time-varying confounder), a \
            share of accounts is observed for part of the year (--attrition), and a share of \
            revenue cells is dirty ("", NULL, nan, n/a: --dirty). truth.json holds the true ATT \
            over post-engagement months (from each engaged account's own untreated outcome), the \
            naive ratio, and the settings. The model is documented in docs/commands/simulate-diagnose.md.

            Example: g3-design simulate --customers 5000 --engaged 120 --seed 7 --out sim
            """)

    @OptionGroup(title: "Simulated panel") var simulation: SimulationOptions
    @Option(help: "Seed (MT19937).") var seed: UInt32 = 20_261_124
    @Option(help: "Folder for panel.csv and truth.json.") var out: String

    func run() throws {
        let settings = try self.simulation.settings()
        let simulation = try PanelSimulator(settings: settings, random: MersenneTwister(seed: seed))
        let truth = simulation.truth
        let document = SimulationTruthDocument(truth, settings: settings, seed: seed)
        try OutputFolder.write(
            [("panel.csv", PanelCSVWriter.data(simulation)), ("truth.json", Data(try jsonText(document).utf8))], to: out
        )
        print(
            "wrote \(out)/panel.csv (\(simulation.truth.rows) rows, \(settings.customers) accounts, \(settings.engaged) engaged) and \(out)/truth.json"
        )
        print(
            "true ATT: "
                + PanelSimulator.outcomes.map {
                    "\($0) \(String(format: "%.2f", simulation.truth.att[$0]!)) (\(String(format: "%+.1f%%", 100 * simulation.truth.relative[$0]!)))"
                }.joined(separator: ", ")
                + "; naive ratio: "
                + PanelSimulator.outcomes.map {
                    "\($0) \(String(format: "%+.0f%%", 100 * simulation.truth.naiveRatio[$0]!))"
                }.joined(separator: ", "))
    }
}

/// The simulator's settings, shared by `simulate` and `diagnose`.
struct SimulationOptions: ParsableArguments {
    @Option(help: "Accounts (default: 53367 for simulate, 5000 for diagnose).") var customers: Int?
    @Option(help: "Engaged accounts.") var engaged = 235
    @Option(help: "Months (from 2025-01).") var months = 13
    @Option(help: "Relative lift of security revenue after engagement.") var securityLift = 0.10
    @Option(help: "Relative lift of total revenue after engagement.") var totalLift = 0.03
    @Option(help: "Months until the effect is full.") var ramp = 3
    @Option(help: "Strength of selection on size and security share (0 = engagement at random).") var selection = 1.0
    @Option(help: "Share of never-engaged accounts observed for part of the period.") var attrition = 0.05
    @Option(help: "Share of total and resiliency revenue cells written as \"\", NULL, nan or n/a.") var dirty = 0.002

    /// Flags whose values would overflow or poison the simulation are refused here (usage, exit 64).
    func validate() throws {
        for (flag, value, range) in [
            ("--security-lift", securityLift, -0.99...100.0), ("--total-lift", totalLift, -0.99...100.0),
            ("--selection", selection, 0.0...20.0), ("--attrition", attrition, 0.0...0.99),
            ("--dirty", dirty, 0.0...0.49)
        ] where !range.contains(value) {
            throw ValidationError(
                "\(flag) must be a number in [\(range.lowerBound), \(range.upperBound)], got \(value)")
        }
        for (flag, value, range) in [
            ("--customers", customers ?? 10, 10...50_000_000), ("--engaged", engaged, 2...25_000_000),
            ("--months", months, 6...600), ("--ramp", ramp, 1...600)
        ] where !range.contains(value) {
            throw ValidationError(
                "\(flag) must be a whole number in [\(range.lowerBound), \(range.upperBound)], got \(value)")
        }
    }

    func settings(defaultCustomers: Int = 53_367) throws -> PanelSimulator.Settings {
        var s = PanelSimulator.Settings()
        s.customers = customers ?? defaultCustomers
        s.engaged = engaged
        s.months = months
        s.securityLift = securityLift
        s.totalLift = totalLift
        s.ramp = ramp
        s.selection = selection
        s.attrition = attrition
        s.dirty = dirty
        return s
    }
}

/// The seed-schema CSV of a simulated panel, written byte by byte (number formatting through
/// String(format:) would dominate at 640,000 rows).
enum PanelCSVWriter {
    static let header = [
        "sfdc_customer_id", "ar_date", "firstactivitydate", "first_engagement_type", "ttl_sls_rev", "ttl_security_rev",
        "ttl_resiliency_rev", "security_services_count", "resiliency_services_count", "sub_segment", "account_phase__c",
        "gtm_industry__c", "max_aws_support_level", "customer_stage_of_adoption_score__c"
    ]
    static let cents: Set<String> = ["ttl_sls_rev", "ttl_security_rev", "ttl_resiliency_rev"]

    static func data(_ simulation: PanelSimulator) -> Data {
        let panel = simulation.panel
        var out = [UInt8]()
        out.reserveCapacity(panel.month.count * 160)
        func append(_ text: String) { out.append(contentsOf: text.utf8) }
        func appendInt(_ value: Int) {
            if value < 0 {
                out.append(UInt8(ascii: "-"))
                appendInt(-value)
                return
            }
            if value >= 10 { appendInt(value / 10) }
            out.append(UInt8(ascii: "0") + UInt8(value % 10))
        }
        func appendMonth(_ index: Int, day: Int) {
            appendInt(index / 12)
            out.append(UInt8(ascii: "-"))
            let m = index % 12 + 1
            if m < 10 { out.append(UInt8(ascii: "0")) }
            appendInt(m)
            out.append(UInt8(ascii: "-"))
            if day < 10 { out.append(UInt8(ascii: "0")) }
            appendInt(day)
        }
        append(header.joined(separator: ",") + "\n")
        let columns = header.dropFirst(4).map { name in (name, panel.numbers[name], panel.labels[name]) }
        for (a, account) in panel.accounts.enumerated() {
            for row in account.rows {
                append(account.id)
                out.append(UInt8(ascii: ","))
                appendMonth(panel.month[row], day: 1)
                out.append(UInt8(ascii: ","))
                if let m = account.engagementMonth { appendMonth(m, day: simulation.engagementDay[a]) }
                out.append(UInt8(ascii: ","))
                append(account.engagementType ?? "")
                for (name, numbers, labels) in columns {
                    out.append(UInt8(ascii: ","))
                    if let text = simulation.dirtyCells[row]?[name] {
                        append(text)
                        continue
                    }
                    if let labels {
                        append(labels[row] ?? "")
                        continue
                    }
                    guard let value = numbers?[row] ?? nil else { continue }
                    if cents.contains(name) {
                        let c = Int((value * 100).rounded())
                        if c < 0 { out.append(UInt8(ascii: "-")) }
                        appendInt(abs(c) / 100)
                        out.append(UInt8(ascii: "."))
                        let r = abs(c) % 100
                        out.append(UInt8(ascii: "0") + UInt8(r / 10))
                        out.append(UInt8(ascii: "0") + UInt8(r % 10))
                    } else {
                        appendInt(Int(value))
                    }
                }
                out.append(UInt8(ascii: "\n"))
            }
        }
        return Data(out)
    }
}
