import Foundation
import MIME

/// MessageParser alone over messages already in memory: the best of `passes` timed passes.
public struct ParserMeasurement {
    public var messages: Int
    public var bytes: Int
    public var seconds: Double
    /// Files the parser refused as not mail (counted, not fatal).
    public var refused: Int

    public var messagesPerSecond: Double { Double(messages) / seconds }
    public var megabytesPerSecond: Double { Double(bytes) / 1e6 / seconds }

    public static func measure(_ messages: [[UInt8]], passes: Int = 3) -> ParserMeasurement {
        var best = Double.infinity
        var refused = 0
        for _ in 0..<passes {
            refused = 0
            let start = DispatchTime.now().uptimeNanoseconds
            for bytes in messages {
                do {
                    let message = try MessageParser().parse(bytes)
                    precondition(message.size == bytes.count)
                } catch {
                    refused += 1
                }
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return ParserMeasurement(
            messages: messages.count, bytes: messages.reduce(0) { $0 + $1.count },
            seconds: best, refused: refused)
    }
}
