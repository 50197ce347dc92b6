#!/usr/bin/env python3
# A copy of the project's shared oracle (/work/shared/tools/email-oracle.py), kept here so that a clone has it.
"""Print how Python's standard email package reads each message, as JSON lines.

A reference reading to compare LeadMail's parser against, message by message:

    python3 contrib/email-oracle.py FILE_OR_DIR...

One JSON object per message file, in sorted path order, with the fields below. Python's reading is
not always right; where the two disagree, look at the bytes and decide which one is.
"""
import email
import email.policy
import email.utils
import json
import os
import sys


def addresses(msg, name):
    values = msg.get_all(name) or []
    return [{"name": n, "address": a} for n, a in email.utils.getaddresses([str(v) for v in values])]


def header(msg, name):
    value = msg.get(name)
    return None if value is None else str(value)


def tree(part):
    node = {"type": part.get_content_type()}
    charset = part.get_param("charset")
    if charset:
        node["charset"] = str(charset).lower()
    filename = part.get_filename()
    if filename:
        node["filename"] = filename
    if part.is_multipart():
        node["parts"] = [tree(p) for p in part.iter_parts()] if hasattr(part, "iter_parts") else [tree(p) for p in part.get_payload()]
    return node


def text_body(msg, preference):
    try:
        body = msg.get_body(preferencelist=preference)
        return None if body is None else body.get_content()
    except Exception as error:  # a reading that fails is part of the answer
        return {"error": type(error).__name__}


def read(path):
    with open(path, "rb") as handle:
        msg = email.message_from_binary_file(handle, policy=email.policy.default)
    date = None
    try:
        parsed = email.utils.parsedate_to_datetime(header(msg, "Date")) if header(msg, "Date") else None
        date = parsed.isoformat() if parsed else None
    except Exception:
        date = None
    attachments = []
    for part in msg.iter_attachments() if hasattr(msg, "iter_attachments") else []:
        try:
            size = len(part.get_content()) if not part.is_multipart() else None
        except Exception:
            size = None
        attachments.append({"type": part.get_content_type(), "filename": part.get_filename(), "size": size})
    return {
        "file": path,
        "from": addresses(msg, "From"),
        "to": addresses(msg, "To"),
        "cc": addresses(msg, "Cc"),
        "replyTo": addresses(msg, "Reply-To"),
        "subject": header(msg, "Subject"),
        "date": date,
        "messageId": header(msg, "Message-ID"),
        "inReplyTo": header(msg, "In-Reply-To"),
        "references": header(msg, "References"),
        "structure": tree(msg),
        "text": text_body(msg, ("plain",)),
        "html": text_body(msg, ("html",)),
        "attachments": attachments,
        "defects": sorted({type(d).__name__ for d in msg.defects}),
    }


def files(arguments):
    for argument in arguments:
        if os.path.isdir(argument):
            for root, _, names in os.walk(argument):
                for name in names:
                    yield os.path.join(root, name)
        else:
            yield argument


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for path in sorted(files(sys.argv[1:])):
        try:
            print(json.dumps(read(path), ensure_ascii=False, default=str))
        except Exception as error:
            print(json.dumps({"file": path, "error": f"{type(error).__name__}: {error}"}))


if __name__ == "__main__":
    main()
