"""E-mails (.eml) with the standard library's ``email``: newsletters, press releases."""

from __future__ import annotations

import email
import email.policy
from email.headerregistry import Address
from email.message import EmailMessage

from assistant.errors import BadFileError
from assistant.ingest.frontmatter import normalise_date
from assistant.ingest.readers.extracted import Extracted, Reading
from assistant.ingest.readers.markup import fragment_text, paragraphs
from assistant.text.spacing import one_line


def read(data: bytes, *, name: str) -> Reading:
    """The message's text (plain part, else HTML) with its subject, sender and date.

    The sender's name is the author; the ``Organization`` header, else the
    sender's domain, is the outlet.

    Raises:
        BadFileError: no text part, or not an e-mail.
    """
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not (message["from"] or message["subject"]):
        raise BadFileError(name, "not an e-mail (no From or Subject header)")
    body = message.get_body(preferencelist=("plain", "html"))
    if not isinstance(body, EmailMessage):
        raise BadFileError(name, "the e-mail has no text part")
    try:
        content = str(body.get_content())
    except (LookupError, ValueError) as exc:  # unknown charset, bad encoding
        raise BadFileError(name, f"the e-mail's text cannot be decoded ({exc})") from None
    text = fragment_text(content) if body.get_content_type() == "text/html" else paragraphs(content)
    sender = _sender(message)
    fields = {
        "author": sender.display_name if sender else "",
        "outlet": one_line(str(message["organization"] or "")) or (sender.domain if sender else ""),
        "date": normalise_date(str(message["date"] or "")),
    }
    title = one_line(str(message["subject"] or ""))
    extracted = Extracted(title=title, text=text, fields={k: v for k, v in fields.items() if v})
    return Reading(articles=[extracted])


def _sender(message: EmailMessage) -> Address | None:
    header = message["from"]
    addresses = getattr(header, "addresses", ())
    return addresses[0] if addresses else None
