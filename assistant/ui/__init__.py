"""The chat interface (Chainlit), started by ``assistant chat``.

``render`` formats answers as inert markdown, ``reader`` shows an article whole
with its cited sentence, ``library`` lists the loaded articles and makes the
starters, ``export`` writes a chat as Markdown, ``wording`` holds the interface's
own words, ``uploads`` stores files users add, ``service`` holds the one shared
assistant, ``frontend`` and ``origins`` keep the web app offline and local,
``access`` decides who must log in, ``upload_guard`` limits what the upload
endpoint takes and ``routes`` serves the page script's small API. ``history``
keeps chats in a SQLite file (Chainlit's data layer) and reads back their rated
answers, which ``feedback`` turns into an evaluation dataset. ``app`` holds
the Chainlit handlers, with ``replies`` (answers) and ``adding`` (opening,
uploads): the modules that import Chainlit.
"""
