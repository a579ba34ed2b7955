#if canImport(Glibc)
    @preconcurrency import Glibc
#endif
import Foundation

/// Output that cannot be written: sysexits EX_CANTCREAT (73) when the file or folder cannot be
/// created, EX_IOERR (74) when writing to it fails.
struct OutputError: Error, CustomStringConvertible {
    let description: String
    let code: Int32

    static func cannotCreate(_ message: String) -> OutputError { OutputError(description: message, code: 73) }
    static func io(_ message: String) -> OutputError { OutputError(description: message, code: 74) }
}

/// Writes `text` to `path`, or fails with a one-line error naming the flag. A regular file (or a new
/// one) is replaced atomically through a temporary file and a rename; a symlink, FIFO or device is
/// written in place, so that it stays what it is.
func write(_ text: String, to path: String, flag: String) throws {
    var status = stat()
    let isSpecial = lstat(path, &status) == 0 && (status.st_mode & S_IFMT) != S_IFREG
    do {
        if isSpecial {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            if (status.st_mode & S_IFMT) == S_IFLNK { try? handle.truncate(atOffset: 0) }
            try handle.write(contentsOf: Data(text.utf8))
        } else {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
    } catch {
        throw OutputError.cannotCreate("\(flag): cannot write \(path): \(error.localizedDescription)")
    }
}

/// Writes `text` to `path` only if `commit` (the registry transaction) succeeds, and commits only if
/// the text could be written: the text goes to a temporary sibling first, then `commit` runs, then
/// a rename puts it in place. A symlink, FIFO or device is written in place after the commit.
func write(_ text: String, to path: String, flag: String, after commit: () throws -> Void) throws {
    var status = stat()
    guard lstat(path, &status) != 0 || (status.st_mode & S_IFMT) == S_IFREG else {
        try commit()
        try write(text, to: path, flag: flag)
        return
    }
    let staging = "\(path).partial-\(getpid())"
    do { try text.write(toFile: staging, atomically: false, encoding: .utf8) } catch {
        throw OutputError.cannotCreate("\(flag): cannot write \(path): \(error.localizedDescription)")
    }
    defer { unlink(staging) }
    try commit()
    guard rename(staging, path) == 0 else {
        throw OutputError.io("\(flag): cannot write \(path): \(String(cString: strerror(errno)))")
    }
}

/// A folder of result files written all or nothing: the files go to a temporary sibling folder, then
/// `commit` runs (the registry transaction), then they are moved into place. When anything fails,
/// the temporary folder is removed and the destination is left as it was. In an existing folder, the
/// files that `owns` recognises as this command's results and that this run does not write again
/// (a chart of a step now skipped) are removed, so that no stale file passes for this run's; every
/// other file is left alone.
enum OutputFolder {
    static func write(
        _ files: [(name: String, text: String)], to folder: String, flag: String = "--out",
        owns: (String) -> Bool = { _ in false }, commit: () throws -> Void = {}
    ) throws {
        try write(files.map { ($0.name, Data($0.text.utf8)) }, to: folder, flag: flag, owns: owns, commit: commit)
    }

    static func write(
        _ files: [(name: String, data: Data)], to folder: String, flag: String = "--out",
        owns: (String) -> Bool = { _ in false }, commit: () throws -> Void = {}
    ) throws {
        let manager = FileManager.default
        let staging = "\(folder).partial-\(getpid())"
        try? manager.removeItem(atPath: staging)
        do {
            try manager.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw OutputError.cannotCreate("\(flag): cannot create the folder \(folder): \(error.localizedDescription)")
        }
        defer { try? manager.removeItem(atPath: staging) }
        for file in files {
            do { try file.data.write(to: URL(fileURLWithPath: "\(staging)/\(file.name)")) } catch {
                throw OutputError.io("\(flag): cannot write \(folder)/\(file.name): \(error.localizedDescription)")
            }
        }
        try commit()
        var isFolder: ObjCBool = false
        if !manager.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard rename(staging, folder) == 0 else {
                throw OutputError.cannotCreate(
                    "\(flag): cannot create the folder \(folder): \(String(cString: strerror(errno)))")
            }
            return
        }
        guard isFolder.boolValue else {
            throw OutputError.cannotCreate("\(flag): \(folder) exists and is not a folder")
        }
        for file in files where rename("\(staging)/\(file.name)", "\(folder)/\(file.name)") != 0 {
            throw OutputError.io("\(flag): cannot write \(folder)/\(file.name): \(String(cString: strerror(errno)))")
        }
        let written = Set(files.map(\.name))
        for name in (try? manager.contentsOfDirectory(atPath: folder)) ?? [] where owns(name) && !written.contains(name)
        {
            try? manager.removeItem(atPath: "\(folder)/\(name)")
        }
    }
}

/// Flushes standard output; a failed write (a full disk, a closed pipe) is an error, not exit 0.
func flushStandardOutput() throws {
    // A write that failed earlier (a full buffer flushed mid-run) leaves stdout's error flag set.
    if fflush(stdout) != 0 || ferror(stdout) != 0 {
        throw OutputError.io("cannot write to standard output: \(String(cString: strerror(errno)))")
    }
}
