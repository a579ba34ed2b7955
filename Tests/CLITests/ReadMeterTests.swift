import Foundation
import Testing

@testable import g3_design

/// Issue 17, item 2: the progress line of a long read (`ReadMeter`), on an injected clock and terminal.
@Suite struct ReadMeterTests {
    /// A clock the test moves, and the text written to "stderr".
    final class Terminal {
        var time = 100.0
        var written = ""
    }

    func meter(_ terminal: Terminal, quiet: Bool = false, isTerminal: Bool = true) -> ReadMeter {
        ReadMeter(
            label: "panel.csv", bytes: 600_000_000, passes: 2, quiet: quiet, now: { terminal.time },
            write: { terminal.written += $0 }, terminal: isTerminal)
    }

    @Test func theLineAppearsAfterASecondAndIsErasedAtTheEnd() {
        let terminal = Terminal()
        let meter = meter(terminal)
        terminal.time += 0.5
        meter.update(pass: 1, bytes: 100_000_000, records: 1_000_000)
        #expect(terminal.written.isEmpty)
        // 2 s in: half of pass 1 (300 MB of 1,200 MB over both passes) at 150 MB/s, 6 s left.
        terminal.time += 1.5
        meter.update(pass: 1, bytes: 300_000_000, records: 3_456_789)
        #expect(
            terminal.written == "\r\u{1B}[Kreading panel.csv: pass 1 of 2 · 3,456,789 rows · 25% · 150 MB/s · 6 s left")
        // Redrawn at most ten times a second.
        terminal.time += 0.05
        meter.update(pass: 1, bytes: 310_000_000, records: 3_500_000)
        #expect(terminal.written.components(separatedBy: "reading").count == 2)
        // 4 s in: pass 1 done (600 MB of 1,200 MB), 4 s left.
        terminal.time += 1.95
        meter.update(pass: 2, bytes: 0, records: 0)
        #expect(terminal.written.hasSuffix("pass 2 of 2 · 0 rows · 50% · 150 MB/s · 4 s left"))
        meter.finish()
        #expect(terminal.written.hasSuffix("left\r\u{1B}[K"))
    }

    /// A read of one pass names no pass, until a second one is added (a panel's values read again).
    @Test func aSecondPassIsNamedOnceAdded() {
        let terminal = Terminal()
        let meter = ReadMeter(
            label: "panel.csv", bytes: 600_000_000, passes: 1, quiet: false, now: { terminal.time },
            write: { terminal.written += $0 }, terminal: true)
        terminal.time += 2
        meter.update(pass: 1, bytes: 300_000_000, records: 10)
        #expect(terminal.written.hasSuffix("reading panel.csv: 10 rows · 50% · 150 MB/s · 2 s left"))
        meter.addPass()
        terminal.time += 2
        meter.update(pass: 2, bytes: 0, records: 0)
        #expect(terminal.written.hasSuffix("pass 2 of 2 · 0 rows · 50% · 150 MB/s · 4 s left"))
    }

    @Test func quietOrNotATerminalShowsNothing() {
        for (quiet, isTerminal) in [(true, true), (false, false)] {
            let terminal = Terminal()
            let meter = meter(terminal, quiet: quiet, isTerminal: isTerminal)
            terminal.time += 5
            meter.update(pass: 1, bytes: 300_000_000, records: 10)
            meter.finish()
            #expect(terminal.written.isEmpty)
        }
    }
}
