import Foundation
import G3Report

/// The progress line of a long read on stderr: which pass, the records read, the share of the bytes,
/// the speed and the time left, for example
/// `reading panel.csv: 3,456,789 rows · 45% · 183 MB/s · 4 s left` (`pass 2 of 2 · ` first while a
/// second pass reads a panel's values again).
/// It appears once the read has taken a second, is redrawn at most ten times a second, and is erased
/// when the read ends, so that what follows on stderr starts on a clean line. It stays quiet when
/// stderr is not a terminal, and with `--quiet`.
final class ReadMeter {
    let label: String
    /// The bytes of one pass, and how many passes the read makes over them.
    let bytes: Int
    private(set) var passes: Int
    private let now: () -> Double
    private let write: (String) -> Void
    private let enabled: Bool
    private let start: Double
    private var lastDrawn = -Double.infinity
    private(set) var shown = false

    init(
        label: String, bytes: Int, passes: Int, quiet: Bool,
        now: @escaping () -> Double = { ProcessInfo.processInfo.systemUptime },
        write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) },
        terminal: Bool = isatty(STDERR_FILENO) != 0
    ) {
        self.label = label
        self.bytes = max(bytes, 1)
        self.passes = max(passes, 1)
        self.now = now
        self.write = write
        enabled = terminal && !quiet
        start = now()
    }

    /// The reader has read `done` bytes and `records` records of pass `pass` (counted from 1).
    func update(pass: Int, bytes done: Int, records: Int) {
        guard enabled else { return }
        let t = now()
        let elapsed = t - start
        guard elapsed >= 1, t - lastDrawn >= 0.1 else { return }
        lastDrawn = t
        shown = true
        write("\r\u{1B}[K" + line(pass: pass, done: done, records: records, elapsed: elapsed))
    }

    /// The line's text (without the carriage return).
    func line(pass: Int, done: Int, records: Int, elapsed: Double) -> String {
        let total = Double(bytes) * Double(passes)
        let read = Double(bytes) * Double(pass - 1) + Double(min(done, bytes))
        let rate = read / max(elapsed, 1e-9)
        let left = rate > 0 ? (total - read) / rate : 0
        let passText = passes > 1 ? "pass \(pass) of \(passes) · " : ""
        return
            "reading \(label): \(passText)\(Format.grouped(Double(records))) rows · \(Int(read / total * 100))% · \(Int(rate / 1e6)) MB/s · \(Int(left.rounded(.up))) s left"
    }

    /// The read needs one more pass than it expected (a panel's values read again, `PanelInput`).
    func addPass() { passes += 1 }

    /// Erases the line if it was shown.
    func finish() {
        if shown { write("\r\u{1B}[K") }
        shown = false
    }
}
