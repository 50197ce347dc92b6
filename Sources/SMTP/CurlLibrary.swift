import CCurl

/// libcurl's process-wide set-up, which must run once before any handle is created and is not thread-safe.
enum CurlLibrary {
    private static let initialization: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    /// Runs `curl_global_init` the first time it is called (Swift runs static initialisers exactly once).
    static func initializeOnce() {
        _ = initialization
    }
}
