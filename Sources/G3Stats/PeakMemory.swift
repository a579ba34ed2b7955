import Foundation

/// The process's peak resident set so far (getrusage's ru_maxrss, kilobytes on Linux), in megabytes:
/// what `--timings` prints beside each step.
public func peakResidentMegabytes() -> Int {
    var usage = rusage()
    guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
    return usage.ru_maxrss / 1024
}
