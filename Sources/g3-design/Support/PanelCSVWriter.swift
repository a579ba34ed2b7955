import ArgumentParser
import Foundation
import G3Data
import G3Observational
import G3Report
import G3Stats

/// The seed-schema CSV of a simulated panel, written byte by byte (number formatting through
/// String(format:) would dominate at 640,000 rows).
enum PanelCSVWriter {
    static let header = SeedSchema.columns
    static let cents = SeedSchema.revenue

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
                append(panel.engagementType(of: account) ?? "")
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
