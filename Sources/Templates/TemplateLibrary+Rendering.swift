extension TemplateLibrary {
    /// Renders a reply for one lead; missing or empty values render as nothing.
    ///
    /// An HTML-only template gets a text part made from its rendered HTML.
    /// Throws only when `template` did not come from this library (for example one kept from before a reload).
    public func render(_ template: ReplyTemplate, context: TemplateContext) throws(TemplateProblem) -> RenderedReply {
        guard let compiled = compiled[template.name] else {
            throw TemplateProblem(
                file: template.file, line: 0,
                message: "template '\(template.name)' is not part of the templates loaded from \(directory); "
                    + "choose it again from the current library"
            )
        }
        let values = context.values
        let subject = MustacheRenderer.render(compiled.subject, values: values, partials: textPartials)
        let html = compiled.html.map {
            MustacheRenderer.render($0, values: values, partials: htmlPartials).trimmingWhitespace()
        }
        let text =
            compiled.text.map {
                MustacheRenderer.render($0, values: values, partials: textPartials).trimmingWhitespace()
            }
            ?? HTMLPlainText.text(fromHTML: html ?? "").trimmingWhitespace()
        var reply = RenderedReply(
            templateName: template.name,
            subject: subject.collapsingWhitespace(),
            text: text + "\n",
            html: html.map { $0 + "\n" },
            from: template.from,
            replyTo: template.replyTo
        )
        reply.cc = template.cc
        reply.bcc = template.bcc
        reply.delay = template.delay
        return reply
    }
}
