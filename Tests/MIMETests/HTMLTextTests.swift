import Testing

@testable import MIME

/// The HTML-to-text fallback used when a message has no text/plain part.
@Suite struct HTMLTextTests {
    @Test("Blocks become lines, paragraphs are separated by one blank line")
    func blocks() {
        let html =
            "<html><head><title>T</title></head><body><h1>Offer</h1><p>Line one<br>Line two</p>"
            + "<div>Div</div>\n\n\n<p></p><p></p><p>Last</p></body></html>"
        #expect(HTMLText.plainText(fromHTML: html) == "Offer\n\nLine one\nLine two\n\nDiv\n\nLast")
    }

    @Test("Script, style and comments are dropped; entities decoded; spaces collapsed")
    func dropsAndEntities() {
        let html =
            "<style>p{color:red}</style><script>var a = '<p>no</p>';</script><!-- hidden <b>x</b> -->"
            + "<p>Caf&eacute;   &amp;  M&uuml;ller &lt;tag&gt; &quot;q&quot; &apos;a&apos; "
            + "&#233; &#x20AC; &euro;&nbsp;5 &#150; &bogus;</p>"
        #expect(HTMLText.plainText(fromHTML: html) == "Café & Müller <tag> \"q\" 'a' é € € 5 – &bogus;")
    }

    @Test("Lists get \"- \", table rows become lines with tab-separated cells")
    func listsAndTables() {
        let html =
            "<ul><li>One</li><li>Two</li></ul><table><tr><th>Part</th><th>Qty</th></tr>"
            + "<tr><td>TX-200</td><td>4</td></tr></table>"
        #expect(HTMLText.plainText(fromHTML: html) == "- One\n- Two\nPart\tQty\nTX-200\t4")
    }

    @Test("Links keep their text and add the URL only when it differs")
    func links() {
        let html =
            "<p><a href=\"https://acme.example/tx\">Datasheet</a> "
            + "<a href='https://acme.example'>https://acme.example</a> "
            + "<a href=\"mailto:sales@acme.example\">sales@acme.example</a> <a href=\"#top\">Top</a></p>"
        #expect(
            HTMLText.plainText(fromHTML: html)
                == "Datasheet (https://acme.example/tx) https://acme.example sales@acme.example Top")
    }

    @Test("A phone number as a tel: link is written once; a labelled one keeps its number")
    func telephoneLinks() {
        let html =
            "<div>Tel: <a href=\"tel:+18443267795\">+1-844-326-7795</a></div>"
            + "<div><a href=\"callto:004930123456\">0049 30 123456</a></div>"
            + "<div><a href=\"tel:+442079460321\">Call us</a></div><div><a href=\"TEL:0712345678\"></a></div>"
        #expect(
            HTMLText.plainText(fromHTML: html)
                == "Tel: +1-844-326-7795\n0049 30 123456\nCall us (+442079460321)\n0712345678")
    }

    @Test("Unclosed tags, stray < and unterminated comments do not lose the text before them")
    func brokenMarkup() {
        #expect(HTMLText.plainText(fromHTML: "a < b and <b>bold") == "a < b and bold")
        #expect(HTMLText.plainText(fromHTML: "text<!-- never closed") == "text")
        #expect(HTMLText.plainText(fromHTML: "<script>unclosed") == "unclosed")
        #expect(HTMLText.plainText(fromHTML: "") == "")
    }

    @Test("Many unclosed scripts stay fast (each closer is searched once)")
    func manyUnclosedScripts() {
        let html = String(repeating: "<script>x ", count: 20_000)
        let text = HTMLText.plainText(fromHTML: html)
        #expect(text.hasPrefix("x x x"))
    }
}
