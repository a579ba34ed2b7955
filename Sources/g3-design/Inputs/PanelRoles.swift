import ArgumentParser
import G3Data

/// The role each panel column plays in `analyze`, resolved from the choices and the file's header.
///
/// A column may hold compatible roles (an outcome that is also a numeric covariate; a categorical
/// covariate that is also the outlier segment), which the reader serves from one column. Incompatible
/// roles are an error naming the column and both roles: an identity column (account, month,
/// engagement date, engagement type) with any other role; an outcome that is a categorical or exact
/// column; a covariate declared both numeric and categorical. Defaults (the seed schema's covariates
/// that the file has) yield to declared choices: `--categorical security_services_count` takes that
/// column out of the default numeric covariates.
struct PanelRoles: Equatable {
    var numeric: [String]
    var categorical: [String]
    var segment: String?

    /// The roles of one column, with where each came from, for messages.
    private struct Role {
        let name: String
        let kind: Kind
        enum Kind { case identity, outcome, numeric, categorical, exact, segment }
    }

    /// Checks the declared choices (no header needed: `validate` runs this on design files).
    static func check(_ c: PanelChoices) throws {
        _ = try resolve(c, header: nil)
    }

    /// Resolves defaults against the header and checks every column's roles.
    static func resolve(_ c: PanelChoices, header: [String]?) throws -> PanelRoles {
        let has = { (column: String) in header?.contains(column) ?? false }
        var roles: [String: [Role]] = [:]
        func add(_ column: String, _ name: String, _ kind: Role.Kind) {
            roles[column, default: []].append(Role(name: name, kind: kind))
        }
        for (column, name) in [
            (c.unit, "the account id"), (c.month, "the month"), (c.engagement, "the engagement date")
        ] {
            add(column, name, .identity)
        }
        if header == nil || has(c.engagementType) { add(c.engagementType, "the engagement type", .identity) }
        for column in c.outcomes { add(column, "an outcome", .outcome) }
        for column in c.exact { add(column, "an exact-matching column", .exact) }
        for column in c.numeric ?? [] { add(column, "a numeric covariate", .numeric) }
        for column in c.categorical ?? [] { add(column, "a categorical covariate", .categorical) }
        for (flag, list) in [
            ("outcomes", c.outcomes), ("numeric covariates", c.numeric ?? []),
            ("categorical covariates", c.categorical ?? []), ("exact columns", c.exact)
        ] {
            if let twice = list.first(where: { name in list.filter { $0 == name }.count > 1 }) {
                throw ValidationError("column '\(twice)' is listed twice in the \(flag); name each column once")
            }
        }
        try checkPairs(roles)
        let declaredAs = { (column: String, kind: Role.Kind) in roles[column]?.contains { $0.kind == kind } ?? false }
        let numeric = c.numeric ?? SeedSchema.numeric.filter { has($0) && !declaredAs($0, .categorical) }
        let categorical = c.categorical ?? SeedSchema.categorical.filter { has($0) && !declaredAs($0, .numeric) }
        let segment = header == nil || has(c.segment) ? c.segment : nil
        if let segment { add(segment, "the outlier segment", .segment) }
        for column in c.numeric == nil ? numeric : [] { add(column, "a numeric covariate (default)", .numeric) }
        for column in c.categorical == nil ? categorical : [] {
            add(column, "a categorical covariate (default)", .categorical)
        }
        try checkPairs(roles)
        return PanelRoles(numeric: numeric, categorical: categorical, segment: segment)
    }

    /// One error for the first column with two incompatible roles.
    private static func checkPairs(_ roles: [String: [Role]]) throws {
        for column in roles.keys.sorted() {
            let list = roles[column] ?? []
            for (i, a) in list.enumerated() {
                for b in list[(i + 1)...] where !compatible(a.kind, b.kind) {
                    throw ValidationError(
                        "column '\(column)' is given two roles that exclude each other: \(a.name) and \(b.name); give each role its own column"
                    )
                }
            }
        }
    }

    private static func compatible(_ a: Role.Kind, _ b: Role.Kind) -> Bool {
        switch (a, b) {
        case (.identity, _), (_, .identity): return false
        case (.outcome, .categorical), (.categorical, .outcome), (.outcome, .exact), (.exact, .outcome): return false
        case (.numeric, .categorical), (.categorical, .numeric): return false
        default: return true
        }
    }

    /// Numeric covariates whose every present value is text (no value parses as a number) enter the
    /// propensity model one-hot, as in `match`.
    mutating func moveTextCovariates(_ reports: [CoercionReport], rows: Int) -> [String] {
        let text = numeric.filter { name in
            reports.contains { $0.column == name && $0.unparsable > 0 && $0.total == rows }
        }
        numeric.removeAll { text.contains($0) }
        categorical += text.filter { !categorical.contains($0) }
        return text
    }
}
