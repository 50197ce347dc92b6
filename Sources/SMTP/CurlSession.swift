import CCurl
import Foundation

/// One libcurl easy handle configured for a relay, reused for every message so the SMTP connection is kept.
///
/// Not thread-safe: `CurlSMTPTransport` only touches it from its serial queue.
final class CurlSession {
    private let handle: UnsafeMutableRawPointer
    private let relay: SMTPRelay
    /// libcurl's CURLOPT_ERRORBUFFER: a stable allocation, since libcurl keeps the pointer.
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private static let errorBufferSize = Int(CURL_ERROR_SIZE) + 1

    init(relay: SMTPRelay) throws(TransportError) {
        CurlLibrary.initializeOnce()
        guard let handle = curl_easy_init() else {
            throw TransportError(
                kind: .configuration,
                message: "libcurl could not create a transfer handle (out of memory?); restart LeadMail."
            )
        }
        self.handle = handle
        self.relay = relay
        errorBuffer = .allocate(capacity: Self.errorBufferSize)
        errorBuffer.initialize(repeating: 0, count: Self.errorBufferSize)
        try configure()
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Sends one message and waits for the relay's answer. Blocks the calling thread.
    func send(envelope: Envelope, state: CurlTransferState) -> Result<DeliveryReceipt, TransportError> {
        var recipients: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(recipients) }
        for recipient in envelope.recipients {
            recipients = curl_slist_append(recipients, "<\(Self.bareAddress(recipient))>")
        }
        let userData = Unmanaged.passUnretained(state).toOpaque()
        let setup: [CURLcode] = [
            leadmail_curl_easy_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(Self.bareAddress(envelope.sender))>"),
            leadmail_curl_easy_setopt_pointer(handle, CURLOPT_MAIL_RCPT, recipients),
            leadmail_curl_easy_setopt_pointer(handle, CURLOPT_READDATA, userData),
            leadmail_curl_easy_setopt_pointer(handle, CURLOPT_DEBUGDATA, userData),
            leadmail_curl_easy_setopt_pointer(handle, CURLOPT_XFERINFODATA, userData),
            leadmail_curl_easy_setopt_off_t(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(state.payloadSize)),
        ]
        if let failed = setup.first(where: { $0 != CURLE_OK }) {
            return .failure(TransportError.fromCurl(failed, detail: nil, state: state, relay: relay))
        }
        errorBuffer.update(repeating: 0, count: Self.errorBufferSize)
        let result = withExtendedLifetime(state) { curl_easy_perform(handle) }
        _ = leadmail_curl_easy_setopt_pointer(handle, CURLOPT_MAIL_RCPT, nil)
        if let handoverError = state.handoverError {
            return .failure(TransportError.handoverFailed(handoverError))
        }
        guard result == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            return .failure(TransportError.fromCurl(result, detail: detail, state: state, relay: relay))
        }
        return .success(
            DeliveryReceipt(
                serverReply: state.replyLines.last ?? "250 OK", refusedRecipients: state.refusedRecipients))
    }

    /// The options that stay the same for every message.
    private func configure() throws(TransportError) {
        let useSSL = relay.requireTLS ? CURLUSESSL_ALL : CURLUSESSL_TRY
        var results: [CURLcode] = [
            leadmail_curl_easy_setopt_string(
                handle, CURLOPT_URL, Self.curlURL(for: relay.url, heloName: relay.heloName)),
            leadmail_curl_easy_setopt_long(handle, CURLOPT_UPLOAD, 1),
            leadmail_curl_easy_setopt_long(handle, CURLOPT_USE_SSL, Int(useSSL.rawValue)),
            leadmail_curl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1),
            leadmail_curl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2),
            leadmail_curl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
            leadmail_curl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(relay.connectTimeout)),
            leadmail_curl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(relay.timeout)),
            leadmail_curl_easy_setopt_read_callback(handle, CurlCallbacks.read),
            leadmail_curl_easy_setopt_debug_callback(handle, CurlCallbacks.debug),
            leadmail_curl_easy_setopt_long(handle, CURLOPT_VERBOSE, 1),
            leadmail_curl_easy_setopt_xferinfo_callback(handle, CurlCallbacks.progress),
            leadmail_curl_easy_setopt_long(handle, CURLOPT_NOPROGRESS, 0),
            leadmail_curl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer),
            // One refused RCPT must not cost the other recipients their copy (libcurl ≥ 7.69; three Ls).
            leadmail_curl_easy_setopt_long(handle, CURLOPT_MAIL_RCPT_ALLLOWFAILS, 1),
        ]
        if let mechanism = relay.authMechanism {
            results.append(leadmail_curl_easy_setopt_string(handle, CURLOPT_LOGIN_OPTIONS, mechanism.curlLoginOptions))
        }
        if let username = relay.username {
            results.append(leadmail_curl_easy_setopt_string(handle, CURLOPT_USERNAME, username))
        }
        if let password = relay.password {
            results.append(leadmail_curl_easy_setopt_string(handle, CURLOPT_PASSWORD, password))
        }
        if let caFile = relay.caFile {
            results.append(leadmail_curl_easy_setopt_string(handle, CURLOPT_CAINFO, caFile))
        }
        if let failed = results.first(where: { $0 != CURLE_OK }) {
            throw TransportError.fromCurl(failed, detail: nil, state: nil, relay: relay)
        }
    }

    /// libcurl takes the URL's path as the EHLO name (without one it would say "EHLO localhost").
    static func curlURL(for url: String, heloName: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + heloName
        return components.string ?? url
    }

    /// An address without surrounding angle brackets or blanks; libcurl adds the brackets itself.
    static func bareAddress(_ address: String) -> String {
        // Printable ASCII without spaces (nearly every address): nothing to trim, brackets checked on the bytes.
        let bytes = address.utf8
        if !bytes.isEmpty, bytes.allSatisfy({ (0x21...0x7E).contains($0) }) {
            guard bytes.count >= 2, bytes.first == UInt8(ascii: "<"), bytes.last == UInt8(ascii: ">") else {
                return address
            }
            return String(address.dropFirst().dropLast())
        }
        var bare = address.trimmingCharacters(in: .whitespaces)
        if bare.hasPrefix("<") && bare.hasSuffix(">") && bare.count >= 2 {
            bare = String(bare.dropFirst().dropLast())
        }
        return bare
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}
