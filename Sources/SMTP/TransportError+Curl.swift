import CCurl

extension TransportError {
    /// Classifies a failed libcurl transfer. A 4xx/5xx reply from the server decides when there is one (4xx
    /// temporary, 5xx permanent, authentication replies configuration); otherwise the libcurl error code does.
    static func fromCurl(
        _ code: CURLcode, detail: String?, state: CurlTransferState?, relay: SMTPRelay
    ) -> TransportError {
        let curlText = String(cString: curl_easy_strerror(code))
        let what = (detail?.isEmpty == false ? detail! : curlText) + " (libcurl error \(code.rawValue))"
        let reply = state?.lastErrorReply
        let replyCode = reply.flatMap(CurlTransferState.code(of:))

        if let reply, let replyCode {
            let kind: Kind
            let advice: String
            switch replyCode {
            case 530, 534, 535, 538:
                kind = .configuration
                advice =
                    "The relay refused the login or requires authentication/TLS; check the relay's user, "
                    + "password and URL."
            case 400..<500:
                kind = .temporary
                advice = "The relay deferred the message; it will be retried later."
            default:
                kind = .permanent
                advice = "The relay rejected the message; retrying the same message will not help."
            }
            return TransportError(
                kind: kind,
                message: "\(relay.url) answered \"\(reply)\". \(advice)",
                serverReply: reply, responseCode: replyCode
            )
        }

        let kind: Kind
        let advice: String
        switch code {
        case CURLE_LOGIN_DENIED:
            kind = .configuration
            advice = "The relay refused the login; check the user name and password."
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_BAD_FUNCTION_ARGUMENT, CURLE_NOT_BUILT_IN:
            kind = .configuration
            advice = "Fix the relay URL (smtp://host:587 or smtps://host:465)."
        case CURLE_USE_SSL_FAILED:
            kind = .configuration
            advice =
                "The relay does not offer STARTTLS but TLS is required; use smtps://, a relay with "
                + "STARTTLS, or allow plaintext explicitly if the network is trusted."
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            kind = .configuration
            advice = "The relay's TLS certificate could not be verified; check the host name and the CA file."
        case CURLE_ABORTED_BY_CALLBACK:
            kind = .temporary
            advice = "The send was cancelled; the message was not delivered."
        case CURLE_COULDNT_RESOLVE_HOST:
            kind = .temporary
            advice = "Check the relay's host name and DNS; the message will be retried."
        case CURLE_COULDNT_CONNECT:
            kind = .temporary
            advice = "The relay is not reachable (down, wrong port or firewalled); the message will be retried."
        case CURLE_OPERATION_TIMEDOUT:
            kind = .temporary
            advice = "The relay did not answer in time; the message will be retried."
        default:
            kind = .temporary
            advice = "The connection to the relay failed; the message will be retried."
        }
        return TransportError(
            kind: kind,
            message: "Could not send through \(relay.url): \(what). \(advice)",
            serverReply: nil, responseCode: nil
        )
    }
}
