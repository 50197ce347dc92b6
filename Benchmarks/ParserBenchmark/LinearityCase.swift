import BenchmarkSupport
import Foundation
import MIME

/// One row of the linearity table, run in a child process: read the file, parse it once to warm up, then
/// time a second parse and report the peak resident set size of the whole process.
enum LinearityCase {
    static func run(size: Int, path: String) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let before = PeakMemory.current()
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
        let peak = PeakMemory.current()
        print(
            String(
                format: "%10d   %9.6f   %7.1f   %11.1f   %13.1f   %9.2f", bytes.count, seconds,
                Double(bytes.count) / 1e6 / seconds, peak / 1e6, before / 1e6, peak / Double(bytes.count)))
    }

    static func label(_ size: Int) -> String {
        size >= 1_000_000 ? "\(size / 1_000_000) MB" : "\(size / 1_000) KB"
    }
}
