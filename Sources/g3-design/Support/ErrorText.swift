import G3Observational
import G3Registry
import G3Warehouse

/// The CLI's words for errors whose kind names a setting: the core says which setting, the CLI alone
/// knows the flag that sets it.
enum ErrorText {
    /// The one-line message of `error`, or nil to use the error's own text.
    static func message(for error: Error) -> String? {
        switch error {
        case let e as ObservationalError:
            guard case .setting(let setting) = e.kind else { return nil }
            return "\(flag(for: setting)): \(e.message)"
        case let e as RegistryError where e.kind == .periodRequired:
            return "\(e.description); choose one with --period"
        case let e as WarehouseError:
            return "--source: \(e.description)"
        default:
            return nil
        }
    }

    static func flag(for setting: ObservationalError.Setting) -> String {
        switch setting {
        case .clusterCount: return "--clusters"
        case .placeboDraws: return "--placebo-draws"
        case .caliper: return "--caliper"
        }
    }
}
