import Foundation

/// Writes the benchmark's inputs deterministically: a maildir of realistic messages made from the project's
/// fixtures and sample inbox (varied headers, every tenth one with a PDF-sized attachment), and single
/// messages of a given size for the linearity table. Shared by every benchmark executable.
public enum BenchmarkCorpus {
    /// The repository's root, found from this file's path (the benchmark runs from a checkout).
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The project's own messages: Tests/MIMETests/Fixtures/*.eml, the CPython corpus and maildir-samples/new.
    public static func templates() throws -> [[UInt8]] {
        let manager = FileManager.default
        let folders = ["Tests/MIMETests/Fixtures", "Tests/MIMETests/Fixtures/cpython-email", "maildir-samples/new"]
        var result: [[UInt8]] = []
        for folder in folders {
            let url = repository.appendingPathComponent(folder)
            for name in try manager.contentsOfDirectory(atPath: url.path).sorted()
            where name.hasSuffix(".eml") || name.hasPrefix("msg_") || folder.hasSuffix("/new") {
                result.append(try [UInt8](Data(contentsOf: url.appendingPathComponent(name))))
            }
        }
        return result
    }

    /// Writes `count` messages into `folder/new` (made afresh) and returns their paths.
    public static func writeMaildir(count: Int, into folder: URL) throws -> [String] {
        let manager = FileManager.default
        try? manager.removeItem(at: folder)
        let new = folder.appendingPathComponent("new")
        try manager.createDirectory(at: new, withIntermediateDirectories: true)
        let templates = try templates()
        var generator = SplitMix64(state: 0x5EED)
        var paths: [String] = []
        for index in 0..<count {
            var message = Array(
                """
                Return-Path: <sender\(index)@example.net>\r
                Delivered-To: sales@acme.example\r
                Received: from mail\(index % 97).example.net (mail\(index % 97).example.net [192.0.2.\(index % 250)])\r
                \tby mx1.acme.example (Postfix) with ESMTPS id \(index)A\(index % 7)\r
                \tfor <sales@acme.example>; Mon, 16 Nov 2026 09:\(10 + index % 50):00 +0100 (CET)\r
                X-Bench-Sequence: \(index)\r

                """.utf8)
            let template = templates[index % templates.count]
            if index % 10 == 9 {
                message += withAttachment(template, size: 20_000 + Int(generator.next() % 180_000), seed: index)
            } else {
                message += template
            }
            let path = new.appendingPathComponent("\(1_795_000_000 + index).M\(index)P1Q1.bench").path
            try Data(message).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        return paths
    }

    /// The template wrapped in a multipart/mixed with a base64 "PDF" of `size` bytes after it.
    public static func withAttachment(_ template: [UInt8], size: Int, seed: Int) -> [UInt8] {
        let boundary = "----=_Part_\(seed)_bench"
        var bytes = Array(
            """
            From: Bench Sender <bench\(seed)@example.net>\r
            To: sales@acme.example\r
            Subject: Drawings for quote \(seed)\r
            Date: Tue, 17 Nov 2026 10:00:00 +0100\r
            Message-ID: <bench-\(seed)@example.net>\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="\(boundary)"\r
            \r
            --\(boundary)\r
            Content-Type: message/rfc822\r
            \r

            """.utf8)
        bytes += template
        bytes += Array("\r\n--\(boundary)\r\nContent-Type: application/pdf; name=\"drawing-\(seed).pdf\"\r\n".utf8)
        bytes += Array("Content-Disposition: attachment; filename=\"drawing-\(seed).pdf\"\r\n".utf8)
        bytes += Array("Content-Transfer-Encoding: base64\r\n\r\n".utf8)
        bytes += base64Lines(count: size, seed: UInt64(seed))
        bytes += Array("--\(boundary)--\r\n".utf8)
        return bytes
    }

    /// A message of about `size` bytes: `attachment` puts nearly all of it in one base64 attachment,
    /// otherwise it is a quoted-printable text body.
    public static func sized(_ size: Int, attachment: Bool) -> [UInt8] {
        let boundary = "sized-boundary"
        var bytes = Array(
            """
            From: Big Sender <big@example.net>\r
            To: sales@acme.example\r
            Subject: A message of \(size) bytes\r
            Date: Wed, 18 Nov 2026 11:00:00 +0000\r
            Message-ID: <sized-\(size)-\(attachment)@example.net>\r
            MIME-Version: 1.0\r

            """.utf8)
        if attachment {
            bytes += Array("Content-Type: multipart/mixed; boundary=\"\(boundary)\"\r\n\r\n--\(boundary)\r\n".utf8)
            bytes += Array("Content-Type: text/plain; charset=utf-8\r\n\r\nPlease find the file attached.\r\n".utf8)
            bytes += Array("--\(boundary)\r\nContent-Type: application/zip; name=\"archive.zip\"\r\n".utf8)
            bytes += Array("Content-Disposition: attachment; filename=\"archive.zip\"\r\n".utf8)
            bytes += Array("Content-Transfer-Encoding: base64\r\n\r\n".utf8)
            bytes += base64Lines(count: max(0, (size - bytes.count - 40) / 4 * 3), seed: UInt64(size))
            bytes += Array("--\(boundary)--\r\n".utf8)
        } else {
            bytes += Array("Content-Type: text/plain; charset=utf-8\r\n".utf8)
            bytes += Array("Content-Transfer-Encoding: quoted-printable\r\n\r\n".utf8)
            let line = Array("Gr=C3=BC=C3=9Fe aus K=C3=B6ln: we need a quote for pressure sensors, lot \r\n".utf8)
            while bytes.count + line.count <= size { bytes += line }
        }
        return bytes
    }

    /// Base64 of `count` pseudo-random bytes in 76-character CRLF lines.
    public static func base64Lines(count: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(state: seed)
        var raw = [UInt8](repeating: 0, count: count)
        var index = 0
        while index < count {
            var word = generator.next()
            for _ in 0..<8 where index < count {
                raw[index] = UInt8(truncatingIfNeeded: word)
                word >>= 8
                index += 1
            }
        }
        let options: Data.Base64EncodingOptions = [
            .lineLength76Characters, .endLineWithCarriageReturn,
            .endLineWithLineFeed,
        ]
        return Array(Data(raw).base64EncodedData(options: options)) + [0x0D, 0x0A]
    }
}
