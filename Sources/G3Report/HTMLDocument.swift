import Foundation

/// A self-contained HTML page: inline CSS and SVG, no script, no network. Text is escaped where it
/// is added; `raw` is only for markup this module made (tables, SVG charts).
public struct HTMLDocument {
    private var body = ""
    public let title: String
    public init(title: String) { self.title = title }

    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    public mutating func heading(_ text: String, id: String) { body += "<h2 id=\"\(id)\">\(Self.escape(text))</h2>\n" }
    public mutating func subheading(_ text: String) { body += "<h3>\(Self.escape(text))</h3>\n" }
    public mutating func paragraph(_ text: String, class name: String? = nil) {
        body += "<p\(name.map { " class=\"\($0)\"" } ?? "")>\(Self.escape(text))</p>\n"
    }
    public mutating func list(_ items: [String]) {
        guard !items.isEmpty else { return }
        body += "<ul>\n" + items.map { "<li>\(Self.escape($0))</li>\n" }.joined() + "</ul>\n"
    }
    /// A table; cells that look like numbers are right-aligned.
    public mutating func table(_ header: [String], _ rows: [[String]]) {
        func cell(_ tag: String, _ text: String) -> String {
            let numeric = text.first.map { $0.isNumber || $0 == "-" || $0 == "[" || $0 == "$" } ?? false
            return "<\(tag)\(numeric && tag == "td" ? " class=\"n\"" : "")>\(Self.escape(text))</\(tag)>"
        }
        body += "<table>\n<tr>" + header.map { cell("th", $0) }.joined() + "</tr>\n"
        body += rows.map { "<tr>" + $0.map { cell("td", $0) }.joined() + "</tr>\n" }.joined() + "</table>\n"
    }
    /// An SVG chart (its XML text) in a figure with an id and a caption.
    public mutating func chart(_ svg: String, id: String, caption: String) {
        var markup = svg
        // No XML prolog inside HTML.
        if let start = markup.range(of: "<svg") { markup = String(markup[start.lowerBound...]) }
        body +=
            "<figure id=\"\(id)\" class=\"chart\">\n\(markup)<figcaption>\(Self.escape(caption))</figcaption>\n</figure>\n"
    }

    public func render(generatedBy: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Self.escape(title))</title>
        <style>
        body { font-family: Helvetica, Arial, sans-serif; max-width: 960px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
        h1 { font-size: 1.7em; margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 2em; }
        p.bottom-line { font-size: 1.15em; background: #f3f7fb; border-left: 4px solid #1f5f99; padding: 0.8em 1em; }
        p.meta { color: #666; font-size: 0.9em; } p.warning { color: #8a4b00; }
        table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; } th, td { padding: 0.25em 0.7em; border-bottom: 1px solid #e3e3e3; text-align: left; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; } th { background: #f5f5f5; }
        figure.chart { margin: 1em 0; } figure.chart svg { max-width: 100%; height: auto; border: 1px solid #eee; }
        figcaption { color: #555; font-size: 0.9em; }
        </style>
        </head>
        <body>
        <h1>\(Self.escape(title))</h1>
        <p class="meta">\(Self.escape(generatedBy))</p>
        \(body)</body>
        </html>

        """
    }
}
