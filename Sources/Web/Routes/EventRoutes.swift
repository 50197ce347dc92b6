import Foundation
import Hummingbird
import LeadDesk

/// `GET /events`: server-sent events that tell an open page leads changed somewhere (another host, a command),
/// so that it can offer to show the change (Assets/static/app.js). Each event says only "changed": the page reads
/// what changed again like any page, with the user's rights. On a store that cannot tell (SQLite) the answer is
/// 204, which tells the browser not to try again; the page stays as it is until it is loaded again.
///
/// A stream ends after `streamLength` and the browser opens the next one (`retry:`), so that a server being
/// stopped never waits long for an open page.
struct EventRoutes {
    let page: WebPage
    static let streamLength = Duration.seconds(30)

    func add(to router: Router<WebContext>) {
        router.get("/events") { _, context in try await events(context) }
    }

    private func events(_ context: WebContext) async throws -> Response {
        guard let changes = try page.desk.changes(by: try context.user) else { return Response(status: .noContent) }
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-store"
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
            let (events, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(2))
            let forward = Task {
                for await _ in changes { continuation.yield("event: changed\ndata: leads\n\n") }
            }
            let end = Task {
                try? await Task.sleep(for: Self.streamLength)
                continuation.finish()
            }
            defer {
                forward.cancel()
                end.cancel()
            }
            for await event in events { try await writer.write(ByteBuffer(string: event)) }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}
