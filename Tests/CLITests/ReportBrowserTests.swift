import Foundation
import Testing

/// Headless Chromium from Debian's `chromium` package (`make test` installs it when missing).
struct HeadlessChromium {
    static let path = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Runs Chromium on `url` with `arguments`; stops it after two minutes.
    static func run(_ arguments: [String], url: URL) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        process.arguments =
            ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr", "--v=0"]
            + arguments + [url.absoluteString]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: watchdog)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return (
            process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self)
        )
    }

    /// The page's console messages (errors, uncaught exceptions, failed loads), as Chromium logs them.
    static func consoleMessages(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
    }

    /// Width and height from a PNG's IHDR chunk.
    static func pngSize(_ data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data)
        guard bytes.count > 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { return nil }
        func int(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (int(16), int(20))
    }
}

/// Issue 8, item 2: the report in a real browser: a screenshot that is not blank, no console message,
/// every chart present.
@Suite struct ReportBrowserTests {
    @Test func theReportRendersInChromium() throws {
        guard HeadlessChromium.path != nil else {
            Issue.record(
                "headless Chromium is missing: `make test` installs Debian's chromium package (apt-get install chromium)"
            )
            return
        }
        let w = try Workspace()
        #expect(try CLIRun(["example", "nsw", "--registry", w.registry, "--format", "csv"]).status == 0)
        let analyze = try CLIRun([
            "analyze", "--data", Workspace.repository("Fixtures/panel/g3-panel-small.csv"), "--design",
            Workspace.repository("designs/g3-observational.yaml"), "--placebo-draws", "20", "--out", w.path("results")
        ])
        #expect(analyze.status == 0, "\(analyze.stderr)")
        let report = try CLIRun([
            "report", "--results", w.path("results"), "--registry", w.registry, "--experiment", "nsw", "--out",
            w.path("report.html")
        ])
        #expect(report.status == 0 && report.stdout.hasSuffix("(7 charts)\n"), "\(report.stdout) \(report.stderr)")
        let page = URL(fileURLWithPath: w.path("report.html"))
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(
            !html.contains("<script") && !html.contains("src=") && !html.contains("href="),
            "the page runs and loads nothing")

        // Every chart is in the DOM the browser built, as an SVG inside its figure.
        let dom = try HeadlessChromium.run(["--dump-dom"], url: page)
        #expect(dom.status == 0)
        let charts = [
            "love-plot", "overlap", "event-study-ttl_security_rev", "event-study-ttl_sls_rev",
            "clusters-ttl_security_rev",
            "clusters-ttl_sls_rev", "forest-re78"
        ]
        for id in charts {
            guard let start = dom.stdout.range(of: "<figure id=\"\(id)\"") else {
                Issue.record("no chart \(id) in the DOM")
                continue
            }
            let figure = dom.stdout[start.upperBound...]
            #expect(
                figure.range(of: "</figure>").map { figure[..<$0.lowerBound].contains("<svg") } == true,
                "chart \(id) has no SVG")
        }
        #expect(
            dom.stdout.contains("Bottom line") && dom.stdout.contains("1,794.34") && dom.stdout.contains("Limitations"))

        // The screenshot: the size asked for, and far more ink than a blank page of the same size.
        let shot = w.path("report.png")
        let blankShot = w.path("blank.png")
        let rendered = try HeadlessChromium.run(["--window-size=1100,2400", "--screenshot=\(shot)"], url: page)
        #expect(rendered.status == 0)
        #expect(
            HeadlessChromium.consoleMessages(rendered.stderr).isEmpty,
            "console: \(HeadlessChromium.consoleMessages(rendered.stderr))")
        let blankPage = URL(fileURLWithPath: try w.write("blank.html", "<!DOCTYPE html><html><body></body></html>"))
        #expect(
            try HeadlessChromium.run(["--window-size=1100,2400", "--screenshot=\(blankShot)"], url: blankPage).status
                == 0)
        let png = try Data(contentsOf: URL(fileURLWithPath: shot))
        let blank = try Data(contentsOf: URL(fileURLWithPath: blankShot))
        #expect(HeadlessChromium.pngSize(png).map { [$0.width, $0.height] } == [1100, 2400])
        #expect(png.count > 20 * blank.count, "report screenshot \(png.count) bytes, blank page \(blank.count)")

        // The console check sees errors when there are some.
        let broken = URL(
            fileURLWithPath: try w.write(
                "broken.html", "<!DOCTYPE html><html><body><script>console.error('boom')</script></body></html>"))
        let noisy = try HeadlessChromium.run(["--dump-dom"], url: broken)
        #expect(HeadlessChromium.consoleMessages(noisy.stderr).contains { $0.contains("boom") })
    }

    @Test func reportErrors() throws {
        let w = try Workspace()
        expectOneLineError(try CLIRun(["report", "--out", w.path("r.html")]), "--results", "--experiment", code: 64)
        expectOneLineError(
            try CLIRun(["report", "--results", w.url.path, "--out", w.path("r.txt")]), "--out", ".html", code: 64)
        expectOneLineError(
            try CLIRun(["report", "--results", w.url.path, "--out", w.path("r.html")]), "--results", "results.json",
            code: 64)
        try w.write("results.json", "{\"x\": 1}")
        expectOneLineError(
            try CLIRun(["report", "--results", w.url.path, "--out", w.path("r.html")]), "not the results.json", code: 65
        )
        expectOneLineError(
            try CLIRun(["report", "--experiment", "nsw", "--registry", w.registry, "--out", w.path("r.html")]),
            "no registry at", code: 64)
        #expect(!FileManager.default.fileExists(atPath: w.path("r.html")))
    }
}
