"""Saved-news-page templates for ``python -m benchmarks html``, modelled on common news CMSs.

Each renders one article (title, outlet, date, author, paragraphs) as the page a
browser would save, with the site around it: menus, a cookie banner, share bars,
related links, a newsletter box, comments, footers. They differ in where the
metadata is: everywhere (WordPress with Yoast, Arc), only in JSON-LD (a wire
service), OpenGraph and a visible byline (an AMP page of a local paper), only in
OpenGraph, or only in the visible byline and ``<time>`` element (a hand-made site).
Written for this benchmark; no real page is copied. The readers were not tuned on them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape


@dataclass(frozen=True)
class PageArticle:
    """What a template renders."""

    slug: str
    title: str
    outlet: str
    date: str  # YYYY-MM-DD
    author: str
    paragraphs: list[str]

    @property
    def host(self) -> str:
        return re.sub(r"[^a-z0-9]+", "", self.outlet.lower()) + ".example"

    @property
    def url(self) -> str:
        return f"https://www.{self.host}/news/{self.date.replace('-', '/')}/{self.slug}"

    @property
    def shown_date(self) -> str:
        day = date.fromisoformat(self.date)
        return f"{day.day} {day.strftime('%B %Y')}"


RELATED = [
    "Council approves new cycle lanes on the ring road",
    "Water company fined over sewage spill into estuary",
    "Hospital waiting lists fall for third month running",
    "Bus fares to rise by 4 per cent from January",
]
COMMENTS = [
    ("rivercat", "Good to finally see this reported properly."),
    ("J. Holloway", "I was there that night and it was worse than this says."),
    ("localreader22", "Who is going to pay for all of this in the end?"),
]
COOKIES = (
    "We use cookies and similar technologies to personalise content and ads and to analyse "
    "our traffic. By clicking Accept all, you agree to our use of cookies."
)
NEWSLETTER = (
    "Get the day's top stories in your inbox every morning. Sign up to our free newsletter."
)
SECTIONS = ["Home", "News", "Politics", "Business", "Sport", "Culture", "Opinion", "Weather"]


def _e(text: str) -> str:
    return escape(text, quote=True)


def _paragraphs(article: PageArticle, tag: str = "p", attrs: str = "") -> list[str]:
    return [f"<{tag}{attrs}>{_e(p)}</{tag}>" for p in article.paragraphs]


def _menu(cls: str = "menu") -> str:
    items = "".join(f'<li><a href="/{s.lower()}">{s}</a></li>' for s in SECTIONS)
    return f'<ul class="{cls}">{items}</ul>'


def _related(heading: str = "Related stories") -> str:
    items = "".join(f'<li><a href="/news/{i}">{_e(t)}</a></li>' for i, t in enumerate(RELATED))
    return f'<section class="related"><h2>{heading}</h2><ul>{items}</ul></section>'


def _comments(article: PageArticle) -> str:
    items = "".join(
        f'<li class="comment"><article class="comment-body"><footer class="comment-meta">'
        f'<b class="fn">{_e(who)}</b> <time>{article.shown_date}</time></footer>'
        f'<div class="comment-content"><p>{_e(said)}</p></div></article></li>'
        for who, said in COMMENTS
    )
    return (
        f'<div id="comments" class="comments-area"><h2 class="comments-title">'
        f"{len(COMMENTS)} thoughts on &ldquo;{_e(article.title)}&rdquo;</h2>"
        f'<ol class="comment-list">{items}</ol><div id="respond"><h3>Leave a Reply</h3>'
        '<form><textarea name="comment"></textarea><input type="submit" value="Post Comment">'
        "</form></div></div>"
    )


def _json_ld(article: PageArticle) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": f"{article.date}T08:00:00Z",
        "dateModified": f"{article.date}T09:30:00Z",
        "author": {"@type": "Person", "name": article.author},
        "publisher": {"@type": "Organization", "name": article.outlet},
        "mainEntityOfPage": article.url,
    }
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def _og(article: PageArticle, *, author: bool = True) -> str:
    tags = [
        ("og:type", "article"),
        ("og:site_name", article.outlet),
        ("og:title", article.title),
        ("og:url", article.url),
        ("article:published_time", f"{article.date}T08:00:00+00:00"),
    ] + ([("article:author", article.author)] if author else [])
    return "".join(f'<meta property="{k}" content="{_e(v)}">' for k, v in tags)


def wordpress(a: PageArticle) -> str:
    """A WordPress news theme with Yoast SEO: OpenGraph, JSON-LD, a visible byline."""
    body = _paragraphs(a)
    half = len(body) // 2
    box = f'<div class="newsletter-signup"><h4>Morning briefing</h4><p>{NEWSLETTER}</p></div>'
    content = "".join(body[:half]) + box + "".join(body[half:])
    return f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="UTF-8">
<title>{_e(a.title)} &#8211; {_e(a.outlet)}</title><meta name="author" content="{_e(a.author)}">
<link rel="canonical" href="{a.url}">{_og(a)}{_json_ld(a)}
<link rel="stylesheet" href="/wp-content/themes/newsup/style.css"></head>
<body class="post-template-default single single-post"><a class="skip-link" href="#primary">
Skip to content</a><header id="masthead" class="site-header"><div class="site-branding">
<p class="site-title"><a href="/">{_e(a.outlet)}</a></p><p class="site-description">
News from your community</p></div><nav id="site-navigation">{_menu()}</nav></header>
<div id="cookie-notice" role="dialog"><span>{COOKIES}</span><a href="#">Accept all</a>
<a href="/privacy">Privacy policy</a></div>
<main id="primary"><article class="post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{_e(a.title)}</h1><div class="entry-meta">
<span class="posted-on">Posted on <time class="entry-date published"
datetime="{a.date}T08:00:00+00:00">{a.shown_date}</time></span> <span class="byline">by
<span class="author vcard"><a class="url fn n" href="/author/x">{_e(a.author)}</a></span></span>
</div></header>
<div class="sharedaddy"><h3>Share this:</h3><ul><li>Facebook</li><li>X</li><li>WhatsApp</li>
<li>Email</li></ul></div><div class="entry-content">{content}<div class="author-bio">
<h4>About the author</h4><p>{_e(a.author)} is a reporter for {_e(a.outlet)}. Got a story? Email
the newsdesk at news@{a.host} or message us on WhatsApp.</p></div></div>
<div id="jp-relatedposts">{_related("Related")}</div><footer class="entry-footer">
Posted in <a href="/news">News</a> | Tagged <a href="/tag/local">local</a></footer></article>
<nav class="post-navigation"><a href="/prev">Previous post: {_e(RELATED[0])}</a>
<a href="/next">Next post: {_e(RELATED[1])}</a></nav>{_comments(a)}</main>
<aside id="secondary" class="widget-area"><section class="widget"><h2>Recent Posts</h2>
<ul>{"".join(f"<li>{_e(t)}</li>" for t in RELATED)}</ul></section></aside>
<footer id="colophon"><div class="site-info">&copy; {a.date[:4]} {_e(a.outlet)} &middot;
Proudly powered by WordPress</div></footer></body></html>"""


def arc(a: PageArticle) -> str:
    """An Arc-style big-outlet page: data attributes, ad slots, interstitial links."""
    parts = []
    for i, p in enumerate(a.paragraphs):
        parts.append(f'<p class="c-paragraph" data-el="text" dir="null">{_e(p)}</p>')
        if i == 1:
            parts.append('<div class="ad-slot" data-testid="ad">Advertisement</div>')
        if i == 2:
            link = f'<a href="/x">Read more: {_e(RELATED[2])}</a>'
            parts.append(f'<div class="b-interstitial-link">{link}</div>')
    most = "".join(f"<li><a href='/m{i}'>{_e(t)}</a></li>" for i, t in enumerate(RELATED))
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{_e(a.title)} - {_e(a.outlet)}</title><link rel="canonical" href="{a.url}">
{_og(a)}<meta name="twitter:card" content="summary_large_image">{_json_ld(a)}
<script>window.Fusion=window.Fusion||{{}};Fusion.arcSite="site";</script></head>
<body><div id="fusion-app"><header class="c-nav"><button>Sections</button><a class="logo" href="/">
{_e(a.outlet)}</a><button>Search</button><a href="/subscribe">Subscribe</a><a href="/login">Sign in
</a><nav class="c-nav-links">{_menu("c-links")}</nav></header>
<div class="b-alert" role="alert">{COOKIES} <button>Accept all</button></div>
<main><article class="b-article-body"><h1 class="b-header-title" data-testid="headline">
{_e(a.title)}</h1><div class="c-byline">By <a href="/people/x">{_e(a.author)}</a></div>
<time class="c-date" datetime="{a.date}T08:00:00Z">Updated {a.shown_date} at 9:30 a.m. GMT</time>
<div class="b-share"><button>Gift Article</button><button>Share</button>
<button>Comment</button></div>
<div class="article-body">{"".join(parts)}</div></article>
<section class="b-most-read"><h2>Most Read</h2><ol>{most}</ol></section>
<section class="b-newsletter"><h2>The Morning</h2><p>{NEWSLETTER}</p><form><input type="email">
<button>Sign up</button></form></section></main>
<footer class="b-footer"><ul><li>About Us</li><li>Careers</li><li>Terms of Service</li>
<li>Privacy Policy</li><li>Ad Choices</li></ul><p>&copy; 1996-{a.date[:4]} {_e(a.outlet)}</p>
</footer></div></body></html>"""


def wire(a: PageArticle) -> str:
    """A wire service's story page: metadata only in JSON-LD, nothing visible but the text."""
    topics = "".join(f"<li><a href='/hub/{t.lower()}'>{t}</a></li>" for t in SECTIONS[1:5])
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{_e(a.title)}</title>{_json_ld(a)}
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><header class="Page-header"><nav>{_menu("Page-header-navigation")}</nav>
<div class="ticker"><strong>Breaking</strong> <a href="/b">{_e(RELATED[3])}</a></div></header>
<div class="cookie" id="onetrust-banner-sdk"><p>{COOKIES}</p><button>I Accept</button>
<button>Cookie Settings</button></div>
<main class="Page-main"><div class="Page-headline"><h1>{_e(a.title)}</h1></div>
<div class="Page-actions"><a href="#">Share</a> <a href="#">Copy link</a> <a href="#">Email</a>
<a href="#">Print</a></div><div class="RichTextStoryBody">{"".join(_paragraphs(a))}</div>
<div class="Page-tags"><h3>Topics</h3><ul>{topics}</ul></div>
<p class="Page-copyright">Copyright {a.date[:4]} {_e(a.outlet)}. All rights reserved. This material
may not be published, broadcast, rewritten or redistributed without permission.</p>
{_related("More stories")}</main><footer class="Page-footer"><p>{_e(a.outlet)}</p><ul>
<li>Contact Us</li><li>Accessibility Statement</li><li>Terms of Use</li><li>Privacy Policy</li>
</ul></footer></body></html>"""


def amp(a: PageArticle) -> str:
    """A local paper's AMP page: OpenGraph, a visible byline, amp-* elements."""
    body = _paragraphs(a)
    body.insert(2, '<amp-ad width="300" height="250" type="doubleclick"></amp-ad>')
    return f"""<!doctype html><html amp lang="en"><head><meta charset="utf-8">
<script async src="https://cdn.ampproject.org/v0.js"></script>
<title>{_e(a.title)} | {_e(a.outlet)}</title><link rel="canonical" href="{a.url}">
{_og(a, author=False)}<style amp-boilerplate>body{{visibility:hidden}}</style></head>
<body><amp-sidebar id="menu" layout="nodisplay">{_menu("amp-menu")}</amp-sidebar>
<header class="amp-header"><button on="tap:menu.toggle">Menu</button><a href="/">{_e(a.outlet)}</a>
</header><amp-consent id="consent" layout="nodisplay"><div class="consent-ui"><p>We value your
privacy. {COOKIES}</p><button>Accept</button><button>Reject</button></div></amp-consent>
<article class="amp-article"><h1 class="headline">{_e(a.title)}</h1>
<p class="byline">By {_e(a.author)} | <time datetime="{a.date}">{a.shown_date}</time></p>
<figure><amp-img src="/img/lead.jpg" width="800" height="450" layout="responsive"></amp-img>
<figcaption>File picture: {_e(a.outlet)}</figcaption></figure>
<div class="social"><amp-social-share type="facebook"></amp-social-share>
<amp-social-share type="twitter"></amp-social-share><span>Share this story</span></div>
<div class="article-body">{"".join(body)}</div>
<div class="read-more"><h3>Read more local news</h3><ul>
{"".join(f"<li>{_e(t)}</li>" for t in RELATED[:3])}</ul></div></article>
<section class="newsletter"><h3>Sign up to our newsletter</h3><p>{NEWSLETTER}</p></section>
<footer><p>{_e(a.outlet)}, 12 High Street. Registered in England No. 01234567.</p>
<p>&copy; {a.date[:4]} {_e(a.outlet)}. All rights reserved.</p></footer></body></html>"""


def og_only(a: PageArticle) -> str:
    """A CMS page whose only metadata is OpenGraph (no JSON-LD, no visible byline or date)."""
    cards = "".join(
        f'<div class="card"><a href="/c{i}"><h3>{_e(t)}</h3></a></div>'
        for i, t in enumerate(RELATED)
    )
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{_e(a.title)}</title>{_og(a)}</head>
<body><div class="topbar"><a href="/">{_e(a.outlet)}</a> <a href="/login">Log in</a>
<a href="/subscribe">Subscribe</a></div><nav class="main-nav">{_menu()}</nav>
<div class="trending"><span>Trending:</span> <a href="/t1">{_e(RELATED[0])}</a>
<a href="/t2">{_e(RELATED[3])}</a></div>
<div class="breadcrumb"><a href="/">Home</a> &rsaquo; <a href="/news">News</a></div>
<div class="cookie-bar">{COOKIES} <a href="#">OK</a></div>
<div class="node node-article"><h1 class="page-title">{_e(a.title)}</h1>
<div class="share-bar"><a href="#">Facebook</a> <a href="#">X</a> <a href="#">LinkedIn</a>
<a href="#">Email</a></div><div class="field-body">{"".join(_paragraphs(a))}</div></div>
<div class="you-may-like"><h2>You may also like</h2>{cards}</div>
<div class="newsletter-box"><h2>Newsletter</h2><p>{NEWSLETTER}</p></div>
<div id="disqus_thread"><p>Comments powered by Disqus.</p></div>
<footer class="site-footer"><p>About us | Advertise | Contact | Terms</p>
<p>All content &copy; {_e(a.outlet)}</p></footer></body></html>"""


def visible_only(a: PageArticle) -> str:
    """A small paper's hand-made site: no metadata in the head, only a visible byline and
    ``<time>`` element, and the outlet's name in the masthead."""
    latest = "".join(f"<li><a href='/l{i}'>{_e(t)}</a></li>" for i, t in enumerate(RELATED))
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{_e(a.title)}</title></head><body><table width="100%"><tr><td>
<div class="masthead"><a href="/">{_e(a.outlet)}</a></div>
<div class="nav">{" | ".join(f'<a href="/{s.lower()}">{s}</a>' for s in SECTIONS)}</div>
</td></tr><tr><td valign="top"><div class="story"><h1>{_e(a.title)}</h1>
<p class="byline">By {_e(a.author)}</p><p class="dateline"><time datetime="{a.date}">
{a.shown_date}</time></p>{"".join(_paragraphs(a))}
<p class="tools"><a href="#">Print this article</a> | <a href="#">Email to a friend</a></p></div>
</td><td valign="top" width="200"><div class="sidebar"><h3>Latest headlines</h3><ul>{latest}</ul>
<p>Weather: 14&deg;C, light rain</p><p>{NEWSLETTER}</p></div></td></tr></table>
<div class="footer">&copy; {_e(a.outlet)} {a.date[:4]}. Letters to the editor: editor@{a.host}
</div></body></html>"""


def legacy(a: PageArticle) -> str:
    """An old CMS: the body one ``<div>`` of ``<br><br>``-separated text, a byline and a
    "Posted" date as plain text, the outlet only in the ``<title>``; no metadata tags."""
    day = date.fromisoformat(a.date)
    body = "<br><br>\n".join(_e(p) for p in a.paragraphs)
    return f"""<html><head><title>{_e(a.title)} - {_e(a.outlet)}</title></head>
<body bgcolor="#ffffff"><div id="header"><img src="/logo.gif" alt="{_e(a.outlet)}"></div>
<div id="menu">{" &middot; ".join(f'<a href="/{s.lower()}.asp">{s}</a>' for s in SECTIONS)}</div>
<div id="content"><font face="Arial" size="4"><b>{_e(a.title)}</b></font><br>
<span class="small">{_e(a.author)} &middot; Posted: {day.strftime("%d/%m/%Y")} 09:12</span><br><br>
<div class="text">{body}<br><br><i>Read more: <a href="/r">{_e(RELATED[1])}</a></i></div>
<p class="small">Have your say: write to the editor at letters@{a.host}</p></div>
<div id="right"><b>Most popular</b><br>{"<br>".join(_e(t) for t in RELATED)}</div>
<div id="footer">Site by LocalWeb CMS 3.2 &middot; Terms &middot; Privacy &middot; Cookies</div>
</body></html>"""


TEMPLATES: dict[str, Callable[[PageArticle], str]] = {
    "wordpress": wordpress,
    "arc": arc,
    "wire-jsonld": wire,
    "amp-local": amp,
    "og-only": og_only,
    "visible-only": visible_only,
    "legacy-br": legacy,
}
"""Template name -> renderer; where each keeps the metadata is in its docstring."""
