import Foundation
import MIME

/// One row of the linearity table, run in a child process: read the file, parse it once to warm up, then
/// time a second parse and report the peak resident set size of the whole process.
enum LinearityCase {
    static func run(size: Int, path: String) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let before = peakRSS()
        let limits = ParseLimits(maxMessageSize: 128 * 1024 * 1024)
        let repeats = bytes.count < 1_000_000 ? 200 : 1
        var seconds = Double.infinity
        for _ in 0..<2 {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<repeats {
                let message = try MessageParser(limits: limits).parse(bytes)
                precondition(message.size == bytes.count)
            }
            seconds = min(seconds, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(repeats))
        }
        let peak = peakRSS()
        print(String(format: "%10d   %9.6f   %7.1f   %11.1f   %13.1f   %9.2f", bytes.count, seconds,
                     Double(bytes.count) / 1e6 / seconds, peak / 1e6, before / 1e6, peak / Double(bytes.count)))
    }

    /// The process's peak resident set size in bytes: VmHWM from /proc/self/status, which starts afresh at
    /// exec (getrusage's ru_maxrss would carry over the parent's peak).
    static func peakRSS() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kibibytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return 0 }
        return kibibytes * 1024
    }

    static func label(_ size: Int) -> String {
        size >= 1_000_000 ? "\(size / 1_000_000) MB" : "\(size / 1_000) KB"
    }
}
