import ArgumentParser
import Foundation
import G3Observational
import G3Report

/// A progress bar on stderr, redrawn only when the shown percentage changes and only on a terminal.
/// Updates may come from several threads.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    let total: Int, label: String
    private var shown = -1
    private var done = 0
    private let enabled = isatty(STDERR_FILENO) != 0

    init(total: Int, label: String) {
        self.total = total
        self.label = label
    }

    func update(_ done: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let percent = done * 100 / max(total, 1)
        guard percent != shown else { return }
        shown = percent
        let filled = percent / 5
        FileHandle.standardError.write(
            Data(
                "\r\(label) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: 20 - filled))] \(done)/\(total)"
                    .utf8))
    }

    /// One more item done, from any thread.
    func advance() {
        lock.lock()
        done += 1
        let count = done
        lock.unlock()
        update(count)
    }

    func finish() { if enabled { FileHandle.standardError.write(Data("\n".utf8)) } }
}
