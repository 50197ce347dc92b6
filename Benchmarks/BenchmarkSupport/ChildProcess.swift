import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A child process started with posix_spawn and reaped with wait4, so that its wall time and its peak resident
/// set size (ru_maxrss) are its own figures. Its output goes to a file, read after it exits.
///
/// Linux starts a child's ru_maxrss at its parent's peak when the parent spawned it (vfork shares the memory
/// map until exec), so a benchmark measures children *before* it loads anything big itself; `parentPeak`
/// records the floor, and a figure at that floor means "at most this".
public final class ChildProcess {
    public let processID: pid_t
    public let outputPath: String
    public let parentPeak: Double
    let started: UInt64

    /// The result of a finished child.
    public struct Outcome {
        public var status: Int32
        public var seconds: Double
        /// Peak RSS in bytes.
        public var peakRSS: Double
        /// This process's peak when it started the child: the lowest `peakRSS` Linux can report.
        public var parentPeak: Double
        public var output: String

        public init(status: Int32, seconds: Double, peakRSS: Double, parentPeak: Double, output: String) {
            self.status = status
            self.seconds = seconds
            self.peakRSS = peakRSS
            self.parentPeak = parentPeak
            self.output = output
        }
    }

    /// Starts `executable` with `arguments`, `environment` merged into ours (an empty value removes a variable),
    /// stdout and stderr to one file.
    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        outputPath = NSTemporaryDirectory() + "bench-child-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).out"
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        env = env.filter { !$0.value.isEmpty }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        parentPeak = PeakMemory.current()
        started = DispatchTime.now().uptimeNanoseconds
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard result == 0 else {
            throw NSError(
                domain: "BenchmarkSupport", code: Int(result),
                userInfo: [
                    NSLocalizedDescriptionKey: "cannot start \(executable): \(String(cString: strerror(result)))"
                ])
        }
        processID = pid
    }

    /// Runs to the end and returns its figures.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:])
        throws -> Outcome
    {
        try ChildProcess(executable, arguments, environment: environment).wait()
    }

    /// Sends a signal (SIGTERM to stop `leadmail run`).
    public func signal(_ number: Int32) { kill(processID, number) }

    /// Waits for the child and returns its status, wall time, peak RSS and output.
    public func wait() -> Outcome {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(processID, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: outputPath)
        let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Outcome(
            status: exit, seconds: seconds, peakRSS: Double(usage.ru_maxrss) * 1024,
            parentPeak: parentPeak, output: output)
    }
}

/// This process's peak resident set size.
public enum PeakMemory {
    /// VmHWM from /proc/self/status in bytes (0 where there is no /proc).
    public static func current() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kibibytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
        else { return 0 }
        return kibibytes * 1024
    }
}
