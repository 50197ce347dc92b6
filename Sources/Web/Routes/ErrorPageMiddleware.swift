import Hummingbird
import LeadDesk
import LeadStore
import Leads
import Logging
import Templates

/// Turns what went wrong into a page with the right status and the core's own words: a refusal (403) says which
/// right or scope is missing, a rule of the lifecycle (400) what to give instead, an unknown lead 404.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let pages: PageRenderer

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as PermissionDenied {
            return page(.forbidden, "Not allowed", error.description)
        } catch LifecycleError.unknownLead(let id) {
            return page(.notFound, "No such lead", LifecycleError.unknownLead(id).description)
        } catch LifecycleError.unknownTask(let id) {
            return page(.notFound, "No such task", LifecycleError.unknownTask(id).description)
        } catch let error as LifecycleError {
            return page(.badRequest, "That cannot be done", error.description)
        } catch let error as LetterError {
            return page(.badRequest, "That letter cannot be sent", error.description)
        } catch ViewError.unknown(let id) {
            return page(.notFound, "No such view", ViewError.unknown(id).description)
        } catch let error as ViewError {
            return page(.badRequest, "That view cannot be saved", error.description)
        } catch let error as TemplateEditError {
            return page(.badRequest, "That template cannot be changed", error.description)
        } catch let error as TemplatePreviewError {
            return page(.badRequest, "That cannot be tried", error.description)
        } catch let error as AccountError {
            return page(.badRequest, "That cannot be done", error.description)
        } catch let error as HTTPError {
            return page(error.status, error.status.reasonPhrase, error.body ?? error.status.reasonPhrase)
        } catch {
            context.logger.error("web request \(request.method) \(request.uri.path) failed: \(error)")
            return page(
                .internalServerError, "Something went wrong",
                "LeadMail could not complete this request; the service log has the details.")
        }
    }

    private func page(_ status: HTTPResponse.Status, _ heading: String, _ message: String) -> Response {
        pages.render(
            "error", ["title": heading, "heading": heading, "message": message], header: .init(title: heading),
            status: status)
    }
}
