"""The chat interface (Chainlit), started by ``assistant chat``.

``render`` formats answers as inert markdown, ``uploads`` stores files users add,
``service`` holds the one shared assistant, ``frontend`` and ``origins`` keep the
web app offline and local, ``access`` decides who must log in and
``upload_guard`` limits what the upload endpoint takes; ``app`` holds the
Chainlit handlers and is the only module that imports Chainlit.
"""
