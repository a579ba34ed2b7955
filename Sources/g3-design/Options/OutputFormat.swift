import ArgumentParser

/// How a command prints its result: an aligned table for people, or a document for scripts, as JSON
/// (docs/json.md) or CSV (the same keys as columns). Every command's `--format` takes it.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
    case csv

    static let help = ArgumentHelp("table for people; json (docs/json.md) or csv for scripts.")
}
