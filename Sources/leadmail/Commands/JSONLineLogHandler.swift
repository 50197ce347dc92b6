import Foundation
import Logging

/// swift-log handler writing one JSON object per line on stderr, for journald, Docker and log shippers:
/// `{"time":"…","level":"error","label":"leadmail","source":"Intake","message":"…","metadata":{…}}`.
///
/// `leadmail run` uses it when stderr is not a terminal; on a terminal it writes human lines instead.
struct JSONLineLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    init(label: String) {
        self.label = label
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var object: [String: Any] = [
            "time": Self.timestamp(), "level": event.level.rawValue, "label": label, "source": event.source,
            "message": event.message.description,
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        if !merged.isEmpty { object["metadata"] = merged.mapValues(\.description) }
        guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        data.append(0x0A)
        FileHandle.standardError.write(data)
    }

    /// ISO 8601 in UTC with its zone, `2026-12-07T04:56:00.123Z`, so that no reader has to guess the offset.
    private static func timestamp() -> String {
        Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
