// The chat page's own script (News Assistant): the loaded articles on the landing page and
// a reader for them; a preview of the quoted sentence on hover or tap of a marker [n]; the
// side panel opened only by a click, scrolled to the cited sentence, closed by Escape;
// clean text on copy; accessible names for icon buttons. Article text is always set as
// textContent, never as HTML. Served from public/ by Chainlit (custom_js in config.toml).
(() => {
  "use strict";
  const API = "/assistant";
  const NAMES = {
    "new-chat-button": "New chat",
    "upload-button": "Attach articles (text, web pages, PDF, e-mail, feeds, JSONL)",
    "chat-settings-open-modal": "Settings",
    "chat-submit": "Send question",
    "theme-toggle": "Toggle light or dark theme",
    "sidebar-trigger-button": "Past chats",
  };
  let clickedAt = 0; // when a marker was last clicked: a side panel opened since is wanted
  let touchTap = false;

  const el = (tag, props = {}, children = []) => {
    const node = Object.assign(document.createElement(tag), props);
    for (const child of children) node.append(child);
    return node;
  };
  const provenance = (a) => [a.outlet, a.date].filter(Boolean).join(", ");
  const passages = (n) => `${n} passage${n === 1 ? "" : "s"}`;

  // 1. The reader: an article whole, in a dialog over the chat.
  async function openReader(source) {
    closeReader();
    const response = await fetch(`${API}/article?source=${encodeURIComponent(source)}`);
    const article = await response.json();
    if (!response.ok) return;
    const close = el("button", { type: "button", className: "newsroom-close", textContent: "×" });
    close.setAttribute("aria-label", "Close the article");
    close.addEventListener("click", closeReader);
    const meta = [provenance(article), article.author && `by ${article.author}`]
      .filter(Boolean).join(" · ");
    const body = el("div", { className: "newsroom-reader-body" }, [
      el("h2", { id: "newsroom-reader-title", textContent: article.title }),
      el("p", { className: "newsroom-meta", textContent: meta }),
      el("p", { className: "newsroom-details", textContent: `${article.source} · ${passages(article.passages)}` }),
      ...article.paragraphs.map((text) => el("p", { textContent: text })),
    ]);
    const dialog = el("div", { id: "newsroom-reader", role: "dialog" }, [close, body]);
    dialog.setAttribute("aria-modal", "true");
    dialog.setAttribute("aria-labelledby", "newsroom-reader-title");
    document.body.append(dialog);
    close.focus();
  }
  function closeReader() {
    document.getElementById("newsroom-reader")?.remove();
  }

  // 2. The landing page: the loaded articles under the starters.
  let listing = false;
  async function listArticles() {
    const starters = document.getElementById("starters");
    if (!starters || document.getElementById("newsroom-articles") || listing) return;
    listing = true;
    try {
      const data = await (await fetch(`${API}/articles`)).json();
      uploads = data.uploads;
      if (!document.getElementById("starters") || document.getElementById("newsroom-articles")) return;
      const items = data.articles.map((a) => {
        const read = el("button", { type: "button", className: "newsroom-read", textContent: "Read" });
        read.setAttribute("aria-label", `Read ${a.title}`);
        read.addEventListener("click", () => openReader(a.source));
        const about = [provenance(a), passages(a.passages)].filter(Boolean).join(" · ");
        return el("li", {}, [
          el("span", { className: "newsroom-title", textContent: a.title }),
          el("span", { className: "newsroom-meta", textContent: about }),
          read,
        ]);
      });
      const heading = `Answers come from ${data.articles.length} article${data.articles.length === 1 ? "" : "s"}`;
      const box = el("section", { id: "newsroom-articles" }, [
        el("h2", { textContent: heading }),
        el("ul", {}, items),
      ]);
      box.setAttribute("aria-label", "Loaded articles");
      starters.after(box);
    } finally {
      listing = false;
    }
  }

  // 3. The preview of a marker's quoted sentence: from the sources list of its own message.
  function quoteOf(link) {
    const message = link.closest(".message-content");
    if (!message || link.closest("li")) return null;
    for (const item of message.querySelectorAll("li")) {
      const first = item.querySelector(":scope > a.element-link");
      if (first && first.textContent === link.textContent) {
        const quote = item.textContent.slice(first.textContent.length).trim();
        const article = item.parentElement.closest("li");
        const title = article ? article.firstChild.textContent || "" : "";
        return { quote, title: title.replace(/\s+·.*$/, "") };
      }
    }
    return null;
  }
  function showPreview(link) {
    const found = quoteOf(link);
    if (!found) return false;
    hidePreview();
    const tip = el("div", { id: "newsroom-preview", role: "tooltip" }, [
      el("p", { className: "newsroom-quote", textContent: found.quote }),
      el("p", { className: "newsroom-meta", textContent: found.title }),
    ]);
    document.body.append(tip);
    link.setAttribute("aria-describedby", "newsroom-preview");
    tip.dataset.for = link.textContent;
    const box = link.getBoundingClientRect();
    const width = Math.min(360, window.innerWidth - 16);
    tip.style.width = `${width}px`;
    tip.style.left = `${Math.max(8, Math.min(box.left, window.innerWidth - width - 8))}px`;
    const below = box.bottom + 6;
    tip.style.top = `${below + tip.offsetHeight < window.innerHeight ? below : Math.max(8, box.top - tip.offsetHeight - 6)}px`;
    return true;
  }
  function hidePreview() {
    document.getElementById("newsroom-preview")?.remove();
  }
  const marker = (target) => target instanceof Element ? target.closest("a.element-link") : null;
  // A tap also fires mouse events: only a real pointer hovers (a tap previews on click below).
  document.addEventListener("pointerover", (e) => {
    const a = marker(e.target);
    if (a && e.pointerType !== "touch") showPreview(a);
  });
  document.addEventListener("pointerout", (e) => {
    if (marker(e.target) && e.pointerType !== "touch") hidePreview();
  });
  document.addEventListener("focusin", (e) => {
    const a = marker(e.target); // by keyboard only: a tap focuses the marker too
    if (a && a.matches(":focus-visible")) showPreview(a);
  });
  document.addEventListener("focusout", (e) => { if (marker(e.target)) hidePreview(); });
  document.addEventListener("scroll", hidePreview, true);
  document.addEventListener("pointerdown", (e) => { touchTap = e.pointerType === "touch"; }, true);

  // 4. Clicks: a marker (first tap on a touch screen previews, the next opens), read links,
  //    the copy button of an answer.
  document.addEventListener("click", (e) => {
    const target = e.target instanceof Element ? e.target : null;
    if (!target) return;
    const link = marker(target);
    if (link) {
      const previewed = document.getElementById("newsroom-preview")?.dataset.for === link.textContent;
      if (touchTap && !previewed && showPreview(link)) {
        e.preventDefault();
        e.stopImmediatePropagation();
        return;
      }
      hidePreview();
      clickedAt = Date.now();
      document.documentElement.classList.remove("newsroom-auto-side");
      return;
    }
    const read = target.closest('a[href^="#read="]');
    if (read) {
      e.preventDefault();
      e.stopImmediatePropagation();
      openReader(decodeURIComponent(read.getAttribute("href").slice("#read=".length)));
      return;
    }
    const copy = target.closest("button");
    if (copy && copy.querySelector("svg.lucide-copy, svg.lucide-check") && copy.closest('[data-step-type="assistant_message"]')) {
      const content = copy.closest('[data-step-type="assistant_message"]').querySelector(".message-content");
      if (!content) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      navigator.clipboard.writeText(cleanText(content)).then(() => {
        copy.setAttribute("aria-label", "Copied");
        setTimeout(() => copy.setAttribute("aria-label", "Copy the answer with its sources"), 1500);
      });
    }
  }, true);

  // The answer as plain text: paragraphs, the sources list with each marker's quote.
  function cleanText(content) {
    const lines = [];
    const walk = (node, depth) => {
      for (const child of node.children) {
        if (child.matches("ul, ol")) {
          for (const item of child.children) {
            const own = [...item.childNodes].filter((n) => !(n instanceof Element && n.matches("ul, ol")))
              .map((n) => n.textContent).join("").trim();
            lines.push(`${"  ".repeat(depth)}- ${own}`);
            const nested = item.querySelector(":scope > ul, :scope > ol");
            if (nested) walk({ children: [nested] }, depth + 1);
          }
        } else if (child.matches("table")) {
          for (const row of child.querySelectorAll("tr")) {
            lines.push([...row.children].map((c) => c.textContent.trim()).join(" | "));
          }
        } else if (child.children.length && !child.matches("[role=article], p, h1, h2, h3, h4")) {
          walk(child, depth);
        } else {
          lines.push(child.textContent.trim(), "");
        }
      }
    };
    walk(content, 0);
    return lines.join("\n").replace(/\u2060/g, "").replace(/\n{3,}/g, "\n\n").trim() + "\n";
  }

  // 5. Escape closes the reader, else the side panel.
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    if (document.getElementById("newsroom-reader")) {
      closeReader();
      return;
    }
    hidePreview();
    const back = document.querySelector("#side-view-title button");
    if (back) back.click();
  });

  // 6. Files chosen with the paperclip: one the chat would refuse is taken out before it
  //    is sent, with a line naming it and why (Chainlit's own words name neither).
  let uploads = null; // limits, from /assistant/articles
  document.addEventListener("change", (e) => {
    const input = e.target;
    if (!(input instanceof HTMLInputElement) || input.id !== "upload-button-input" || !uploads) return;
    const chosen = [...input.files];
    const refused = [];
    let kept = chosen.filter((file) => {
      const why = refusal(file);
      if (why) refused.push(`${file.name}: ${why}`);
      return !why;
    });
    if (kept.length > uploads.max_files) {
      refused.push(`at most ${uploads.max_files} files can be added at a time (${kept.length} were chosen); none was added`);
      kept = [];
    }
    if (!refused.length) return;
    const files = new DataTransfer();
    for (const file of kept) files.items.add(file);
    input.files = files.files;
    notify(refused);
    if (!kept.length) {
      e.stopImmediatePropagation();
      input.value = "";
    }
  }, true);
  let askedLimits = false;
  function loadLimits() {
    if (uploads || askedLimits) return;
    askedLimits = true; // again in 5 s at most (before a login, the API says 401)
    fetch(`${API}/articles`).then((r) => r.ok && r.json()).then((d) => { if (d) uploads = d.uploads; })
      .catch(() => {}).finally(() => setTimeout(() => { askedLimits = false; }, 5000));
  }
  function refusal(file) {
    const dot = file.name.lastIndexOf(".");
    const suffix = dot > 0 ? file.name.slice(dot).toLowerCase() : "";
    if (!uploads.suffixes.includes(suffix)) {
      return `${suffix || "a file with no extension"} cannot be added; accepted: ${uploads.suffixes.join(", ")}`;
    }
    if (file.size === 0) return "empty file, nothing to add";
    if (file.size > uploads.max_mb * 2 ** 20) {
      return `file is ${file.size.toLocaleString("en")} bytes, over the ${uploads.max_mb} MB limit`;
    }
    return "";
  }
  function notify(lines) {
    document.getElementById("newsroom-notice")?.remove();
    const close = el("button", { type: "button", className: "newsroom-close", textContent: "×" });
    close.setAttribute("aria-label", "Close the message");
    const notice = el("div", { id: "newsroom-notice", role: "alert" }, [
      close,
      el("p", { textContent: `Not added:` }),
      el("ul", {}, lines.map((line) => el("li", { textContent: line }))),
    ]);
    close.addEventListener("click", () => notice.remove());
    document.body.append(notice);
    setTimeout(() => notice.remove(), 15000);
  }

  // 7. Whatever changes on the page. The side panel is decided at once, before the page
  //    is painted again (a mutation observer runs before rendering); the rest can wait a frame.
  let scrolledFor = null;
  let sideKey = null;
  let sideAuto = false;
  function onSidePanel() {
    const side = document.getElementById("side-view-content");
    const root = document.documentElement;
    if (!side) {
      root.classList.remove("newsroom-auto-side");
      sideKey = null;
      scrolledFor = null;
      return;
    }
    // Chainlit opens the panel by itself, all passages stacked, when an answer arrives; the
    // chat closes it again. Shown only when a click opened it, on one passage.
    const title = document.getElementById("side-view-title")?.textContent || "";
    const key = `${title}|${side.children.length}`;
    if (key !== sideKey) {
      sideKey = key;
      sideAuto = side.children.length > 1 || Date.now() - clickedAt > 1500;
      // Chainlit opens it again when a kept chat gets its address (/thread/...) after its
      // first answer, where the chat's own closing cannot follow: close it here too, or
      // its hidden sheet keeps a phone from taking taps.
      if (sideAuto) requestAnimationFrame(closeUnasked);
    }
    root.classList.toggle("newsroom-auto-side", sideAuto);
  }
  function closeUnasked() {
    if (sideAuto) document.querySelector("#side-view-title button")?.click();
  }
  function onChange() {
    for (const [id, name] of Object.entries(NAMES)) {
      const button = document.getElementById(id);
      if (button && !button.getAttribute("aria-label")) button.setAttribute("aria-label", name);
    }
    const back = document.querySelector("#side-view-title button");
    if (back && !back.getAttribute("aria-label")) back.setAttribute("aria-label", "Close the side panel");
    for (const copy of document.querySelectorAll('[data-step-type="assistant_message"] button:has(svg.lucide-copy)')) {
      if (!copy.getAttribute("aria-label")) copy.setAttribute("aria-label", "Copy the answer with its sources");
    }
    listArticles();
    loadLimits();
    const cited = document.querySelector("#side-view-content .font-bold");
    if (!sideAuto && cited && scrolledFor !== cited) {
      scrolledFor = cited;
      cited.scrollIntoView({ block: "center" });
    }
  }
  let queued = false;
  new MutationObserver(() => {
    onSidePanel();
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; onChange(); });
  }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
})();
