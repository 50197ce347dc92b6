import CCurl
import Foundation
import Synchronization

/// Everything libcurl's callbacks need during one message transfer: the bytes still to upload, the server's
/// reply lines as they arrive, and whether the sending task was cancelled.
///
/// Passed to C as an unretained pointer; `CurlSession` keeps it alive until `curl_easy_perform` returns. The
/// callbacks run on the transfer's thread; only `cancel()` comes from another thread, hence the atomic flag.
final class CurlTransferState: @unchecked Sendable {
    private let payload: [UInt8]
    private var offset = 0
    private(set) var replyLines: [String] = []
    private let cancelled = Atomic<Bool>(false)
    private let handover: HandoverHook?
    private var handedOver = false
    /// Recipients the relay refused at RCPT TO, with its reply (collected from the debug callback).
    private(set) var refusedRecipients: [RefusedRecipient] = []
    /// The recipient of the last RCPT TO sent, until its final reply line arrives.
    private var pendingRecipient: String?
    /// Why `handover` threw, when it did (the transfer was then aborted before the final ".").
    private(set) var handoverError: (any Error)?

    init(payload: [UInt8], handover: HandoverHook? = nil) {
        self.payload = payload
        self.handover = handover
    }

    /// Runs the handover hook once, when the whole message has been read and libcurl is about to send the
    /// final "."; false means the hook failed and the transfer must be aborted.
    func handOver() -> Bool {
        guard !handedOver else { return true }
        handedOver = true
        do {
            try handover?()
            return true
        } catch {
            handoverError = error
            return false
        }
    }

    var payloadSize: Int { payload.count }

    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    func cancel() { cancelled.store(true, ordering: .releasing) }

    /// Copies the next chunk of the message into libcurl's buffer; 0 means the message is complete.
    /// nil when the handover hook failed and the transfer must be aborted.
    func fill(_ buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int? {
        let count = min(capacity, payload.count - offset)
        guard count > 0 else { return 0 }
        payload.withUnsafeBytes { source in
            UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        offset += count
        // The last bytes are about to leave: the next hop may have the message once they and the final "."
        // are sent, so the handover is recorded now, while a crash still cannot have delivered it.
        if offset == payload.count && !handOver() { return nil }
        return count
    }

    /// Notes the recipient of an outgoing `RCPT TO:<address>` (libcurl's CURLINFO_HEADER_OUT debug data), so
    /// that the reply to it can be attributed; libcurl sends one RCPT and waits for its answer.
    func recordCommand(_ data: UnsafeBufferPointer<UInt8>) {
        let command = String(decoding: data, as: UTF8.self)
        guard command.prefix(8).uppercased() == "RCPT TO:" else { return }
        var address = command.dropFirst(8).prefix { $0 != "\r" && $0 != "\n" }
        if let close = address.firstIndex(of: ">") { address = address[..<close] }
        pendingRecipient = String(address.drop { $0 == "<" || $0 == " " })
    }

    /// Records server reply lines (libcurl's CURLINFO_HEADER_IN debug data), keeping the most recent ones.
    func recordReply(_ data: UnsafeBufferPointer<UInt8>) {
        for line in data.split(whereSeparator: { $0 == 0x0D || $0 == 0x0A }) where !line.isEmpty {
            let text = String(decoding: line, as: UTF8.self)
            replyLines.append(text)
            // The final line of a reply ("550 …", not "550-…") answers the pending RCPT.
            if let recipient = pendingRecipient, let code = Self.code(of: text), text.dropFirst(3).first != "-" {
                pendingRecipient = nil
                if code >= 400 { refusedRecipients.append(RefusedRecipient(address: recipient, serverReply: text)) }
            }
        }
        if replyLines.count > 50 { replyLines.removeFirst(replyLines.count - 50) }
    }

    /// The most relevant reply after a failure: the last 4xx/5xx line (a later "221 Bye" is noise).
    var lastErrorReply: String? {
        replyLines.last { line in (Self.code(of: line) ?? 0) >= 400 }
    }

    /// The SMTP reply code at the start of a reply line (`550-…` or `550 …`).
    static func code(of line: String) -> Int? {
        let digits = line.prefix(3)
        guard digits.count == 3, digits.allSatisfy(\.isASCII), let code = Int(digits) else { return nil }
        let rest = line.dropFirst(3)
        guard rest.isEmpty || rest.first == " " || rest.first == "-" else { return nil }
        return code
    }
}

/// The C callbacks handed to libcurl; each finds its `CurlTransferState` through the user-data pointer.
enum CurlCallbacks {
    static let read: curl_read_callback = { buffer, size, count, userData in
        guard let buffer, let userData else { return 0 }
        let state = Unmanaged<CurlTransferState>.fromOpaque(userData).takeUnretainedValue()
        if state.isCancelled { return Int(CURL_READFUNC_ABORT) }
        // The handover runs with the last chunk (libcurl knows the size and may not ask again), or at the
        // latest on the 0 that ends the upload.
        guard let filled = state.fill(buffer, capacity: size * count) else { return Int(CURL_READFUNC_ABORT) }
        if filled == 0 && !state.handOver() { return Int(CURL_READFUNC_ABORT) }
        return filled
    }

    static let debug: curl_debug_callback = { _, type, data, size, userData in
        guard type == CURLINFO_HEADER_IN || type == CURLINFO_HEADER_OUT, let data, let userData else { return 0 }
        let state = Unmanaged<CurlTransferState>.fromOpaque(userData).takeUnretainedValue()
        data.withMemoryRebound(to: UInt8.self, capacity: size) { bytes in
            let buffer = UnsafeBufferPointer(start: bytes, count: size)
            if type == CURLINFO_HEADER_IN { state.recordReply(buffer) } else { state.recordCommand(buffer) }
        }
        return 0
    }

    static let progress: curl_xferinfo_callback = { userData, _, _, _, _ in
        guard let userData else { return 0 }
        let state = Unmanaged<CurlTransferState>.fromOpaque(userData).takeUnretainedValue()
        return state.isCancelled ? 1 : 0
    }
}
