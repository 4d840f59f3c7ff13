"""News files written for the chat's upload tests: a saved web page and a PDF.

The stories are invented (no copyrighted page): a ferry service on a lake,
saved as a news site's page with its menus, cookie banner, share bar, related
links, newsletter box, comments and footer; and a port authority's annual
report as a PDF, made by the tests' own PDF writer.
"""

from __future__ import annotations

from tests.ingest.pdf_maker import pdf_bytes, wrap

FERRY_OUTLET = "Lakeside Courier"
FERRY_DATE = "2024-05-14"
FERRY_TITLE = "Electric ferry starts service on Lake Orrin"
FERRY_PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{FERRY_TITLE} | {FERRY_OUTLET}</title>
  <link rel="canonical" href="https://courier.example/news/2024/05/14/orrin-electric-ferry">
  <meta property="og:site_name" content="{FERRY_OUTLET}">
  <meta property="og:title" content="{FERRY_TITLE}">
  <meta name="author" content="Ines Varga">
  <meta property="article:published_time" content="{FERRY_DATE}T07:15:00+02:00">
  <script>window.dataLayer = window.dataLayer || [];</script>
</head>
<body>
  <header>
    <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a>
      <a href="/weather">Weather</a> <a href="/subscribe">Subscribe</a></nav>
    <div class="cookie-banner">We use cookies to give you the best experience.
      Accept all cookies or manage your preferences.</div>
  </header>
  <main>
    <article>
      <h1>{FERRY_TITLE}</h1>
      <p class="byline">By Ines Varga · 14 May 2024</p>
      <div class="share">Share on Facebook · Share on X · Email this story</div>
      <p>The first electric ferry on Lake Orrin carried its first passengers on Monday,
      crossing from Brannock to Tessel Point in 22 minutes, the lake's transport board said.</p>
      <p>The ferry, named Heron, takes 180 passengers and 24 bicycles and cost 7.4 million
      euros, two thirds of it paid by the regional climate fund. It charges its batteries at
      Brannock pier for ten minutes between crossings.</p>
      <p>"Nobody on the lake will miss the smell of diesel," said the board's director,
      Pavel Oster, who rode on the first crossing with the mayors of both towns.</p>
      <p>The board plans to replace its two remaining diesel ferries by 2027 if the Heron
      runs without breakdowns through its first winter.</p>
    </article>
    <aside class="related"><h2>Related stories</h2>
      <ul><li><a href="/a">Lake levels at a ten-year low</a></li>
      <li><a href="/b">Brannock pier to be rebuilt</a></li></ul></aside>
    <section class="newsletter"><h2>Sign up for our morning newsletter</h2>
      <p>Get the day's top stories in your inbox. Subscribe now, it's free.</p></section>
    <section class="comments"><h2>Comments (2)</h2>
      <p>lakefan: About time!</p><p>oldsalt: I will miss the old boats.</p></section>
  </main>
  <footer>© 2024 {FERRY_OUTLET}. All rights reserved. Privacy · Terms · Contact us</footer>
</body>
</html>
"""

PORT_TITLE = "Harlow Port Authority annual report 2023"
PORT_DATE = "2024-02-06"
PORT_AUTHOR = "Harlow Port Authority"


def port_report_pdf() -> bytes:
    """A two-paragraph annual report as a PDF with a title, author and creation date."""
    lines = [
        PORT_TITLE,
        *wrap(
            [
                "The port of Harlow handled 2.3 million containers in 2023, eleven per cent "
                "more than the year before, the port authority said in its annual report.",
                "The new deep-water quay, opened in September, can take ships of up to 400 "
                "metres. Dredging the channel to it cost 96 million pounds.",
            ]
        ),
    ]
    return pdf_bytes(lines, title=PORT_TITLE, author=PORT_AUTHOR, created="D:20240206090000Z")


EMPTY_PAGE = """<!DOCTYPE html>
<html><head><title>Gallery | Lakeside Courier</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="gallery"><img src="a.jpg" alt=""><img src="b.jpg" alt=""></div>
<footer>© 2024 Lakeside Courier</footer></body></html>
"""
