import ArgumentParser
import G3Data
import G3Design
import G3Observational
import G3Registry
import G3Stats
import G3Warehouse

/// The sysexits code of a failure: 64 usage (a flag or argument, or flags with no solution together;
/// a setting the data cannot satisfy), 65 data (an input file or design file that cannot be used),
/// 73/74 output that cannot be created or written, 70 anything else.
enum ExitStatus {
    static func code(for error: Error) -> Int32 {
        switch error {
        case let output as OutputError: return output.code
        case let e as WarehouseError:
            switch e.kind {
            case .connectionString: return 64
            case .connection: return 69  // EX_UNAVAILABLE
            case .query: return 65
            }
        case let e as ObservationalError where e.kind != .data: return 64
        case let e as RegistryError where e.kind == .periodRequired: return 64
        case is DataError, is DesignFileError, is ObservationalError, is RandomizationError, is EstimationError,
            is DomainError, is GSLError, is NoRootError, is RankDeficiencyError, is RegistryError:
            return 65
        case is PowerInputError, is NoSolution: return 64
        default:
            let code = G3DesignCommand.exitCode(for: error).rawValue
            return code == 1 ? 70 : code
        }
    }
}
