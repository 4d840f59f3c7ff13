"""A chat process for the PostgreSQL tests: the chat's own service, driven by stdin.

Reads one question per line, answers it with ``ChatService.ask`` (what the chat UI calls)
and prints one JSON line: the answer and its cited files, or the one-line error the chat
would show. The settings (backend, DSN, corpus, index) come from the environment.
"""

from __future__ import annotations

import json
import sys

from assistant.errors import AssistantError
from assistant.ui.service import ChatService


def main() -> None:
    service = ChatService(echo=lambda line: print(line, file=sys.stderr, flush=True))
    service.start()
    if not service.wait(timeout=300):
        print(json.dumps({"error": service.error}), flush=True)
        return
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        try:
            reply = service.ask(line.strip(), [])
        except AssistantError as exc:
            print(json.dumps({"error": str(exc)}), flush=True)
            continue
        answer = reply.answer
        sources = sorted({c.source for c in answer.citations})
        out = {"text": answer.text, "answerable": answer.answerable, "sources": sources}
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
