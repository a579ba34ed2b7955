import G3Data

/// Where `analyze` reads its panel: a CSV file read where it lies, or PostgreSQL with the baselines
/// reduced in the database (`WarehousePanel`).
enum PanelSource {
    case file(TypedCSVReader.File)
    case warehouse(WarehousePanel)

    /// `fingerprinting`: `sha256()` will be asked for (a server's rows are hashed as they are read).
    init(data: String?, options: SourceOptions, pushdown: Bool, fingerprinting: Bool) throws {
        guard options.source != nil else {
            self = .file(try TypedCSVReader.File(path: data ?? ""))
            return
        }
        self = .warehouse(try WarehousePanel(options: options, pushdown: pushdown, fingerprinting: fingerprinting))
    }

    /// How messages and the registry name the source.
    var label: String {
        switch self {
        case .file(let file): return file.path
        case .warehouse(let warehouse): return warehouse.label
        }
    }

    var header: [String] {
        switch self {
        case .file(let file): return file.header
        case .warehouse(let warehouse): return warehouse.header
        }
    }

    /// The panel of these columns, with the read's progress line unless `quiet`.
    func read(_ columns: PanelColumns, missing: MissingPolicy, controlReference: Int?, quiet: Bool) throws
        -> PanelInput
    {
        switch self {
        case .file(let file):
            let meter = ReadMeter(label: file.path, bytes: file.byteCount, passes: 1, quiet: quiet)
            defer { meter.finish() }
            return try PanelInput(
                file: file, columns: columns, missing: missing, controlReference: controlReference, meter: meter)
        case .warehouse(let warehouse):
            return try warehouse.read(columns, missing: missing, controlReference: controlReference, quiet: quiet)
        }
    }

    /// SHA-256 of the file, or of what the last read received from the server: what the registry records.
    func sha256() throws -> String {
        switch self {
        case .file(let file): return try Fingerprint.sha256(file: file.path)
        case .warehouse(let warehouse):
            guard let fingerprint = warehouse.fingerprint else {
                throw DataError("\(warehouse.label): the read took no fingerprint (made without fingerprinting)")
            }
            return fingerprint
        }
    }
}
