"""Edits of a built page's HTML: its head replaced by the page's own tags, and a snapshot of the page put in
front of the live one.

The snapshot is a custom element (``<apl-page>``) as the first child of ``<body>``. React hydrates the whole
document and skips elements in ``<body>`` it did not render, so the snapshot causes no hydration mismatch;
while it is there, a style hides the live root. When the live page has its state it renders a
``[data-page-ready]`` marker (``allpetplus.ui.template.shell``); a small script then removes the snapshot in the
same frame, so the page never goes blank and nothing that was on screen moves. Without JavaScript the
snapshot simply stays.

A page may mark parts of itself ``data-paint-later`` (``PAINT_LATER``): controls that cannot be used before its
scripts run anyway. In the snapshot they keep their place but are drawn only once the page's picture is painted,
so the first frame is the picture's and a slow device shows it sooner. Without JavaScript (``scripting: none``)
they are drawn with the rest.
"""

from __future__ import annotations

import json
import re
from html import escape

SNAPSHOT_TAG = "apl-page"
READY_ATTRIBUTE = "data-page-ready"
PAINT_LATER = "data-paint-later"
#: Set on the snapshot once its picture is painted (or will not be): what is marked ``PAINT_LATER`` is drawn.
PAINTED_ATTRIBUTE = "data-painted"

_TITLE = re.compile(r"<title>.*?</title>", re.S)
_REPLACED_META = re.compile(r'<meta (?:content="[^"]*" (?:name="description"|property="og:image")|'
                            r'(?:name="description"|property="og:image") content="[^"]*")\s*/?>')  # fmt: skip
_ROOT_START = re.compile(r'(?:<style data-emotion="[^"]*">[^<]*</style>)?<div data-is-root-theme="true"')
_IDS = re.compile(r'\s(?:id|data-testid)="[^"]*"')
_MAIN = re.compile(r"(<main\b[^>]*>)(.*?)(</main>)", re.S)

SWAP_CSS = (
    f"{SNAPSHOT_TAG}{{display:block}}{SNAPSHOT_TAG} ~ [data-is-root-theme]{{display:none!important}}"
    f"@media (scripting:enabled){{{SNAPSHOT_TAG}:not([{PAINTED_ATTRIBUTE}]) [{PAINT_LATER}]{{visibility:hidden}}}}"
)
#: On the live page's ready marker: remove the snapshot, and give the tab back the page's own title (React puts
#: the route's generic title first when it mounts its head).
SWAP_SCRIPT = (
    "(function(t){var o=new MutationObserver(function(){"
    f"if(!document.querySelector('[{READY_ATTRIBUTE}]'))return;"
    f"o.disconnect();var s=document.querySelector('{SNAPSHOT_TAG}');if(s)s.remove();document.title=t;}});"
    "o.observe(document,{childList:true,subtree:true});})"
)


def root_markup(html: str) -> str | None:
    """The pre-rendered live root (header, main, footer, with their inline styles), or ``None`` if absent."""
    start = _ROOT_START.search(html)
    if start is None:
        return None
    end = html.find("<script", start.end())
    if end < 0:
        return None
    markup = html[start.start() : end].rstrip()
    # A copy must not repeat the live page's ids (nor its test ids) while both are in the document.
    return _IDS.sub("", markup) if markup.endswith("</div>") else None


def replace_main(root: str, inner: str) -> str:
    """The root with its ``<main>``'s content replaced by ``inner``."""
    return _MAIN.sub(lambda m: m.group(1) + inner + m.group(3), root, count=1)


def fill_slot(root: str, name: str, inner: str, attribute: str = "data-ssr-slot") -> str:
    """The root with the empty element marked ``data-ssr-slot="name"`` (or ``attribute="name"``) filled with
    ``inner``."""
    pattern = re.compile(r"(<(\w+)\b[^>]*\b" + re.escape(attribute) + '="' + re.escape(name) + r'"[^>]*>)(</\2>)')
    return pattern.sub(lambda m: m.group(1) + inner + m.group(3), root, count=1)


def add_to_head(html: str, tags: str) -> str:
    """The built page with ``tags`` at the end of its head."""
    end = html.find("</head>")
    return html if end < 0 else html[:end] + tags + html[end:]


_MODULEPRELOAD = re.compile(r'<link rel="modulepreload" href="([^"]+)"\s*/?>')
_BOOTSTRAP = re.compile(r'<script type="module" async="">(?=import "/assets/manifest)')
DEFERRED_TYPE = "text/x-deferred-module"
#: Loads the page's JavaScript once the page is loaded and painted: first the module preloads the built page had
#: in its head, then React Router's bootstrap module. "Painted" is the browser's word for it, not a frame
#: produced (on a slow device a frame reaches the screen much later): the page's leading picture's element
#: timing (``elementtiming="hero"``) when it has one, else its largest contentful paint. At the paint, what the
#: snapshot marks ``PAINT_LATER`` is drawn (also when the picture fails). A first tap or key starts the scripts
#: at once; a browser without these entries starts them at the load, and a tab in the background (which paints
#: nothing) 3 s after it.
LOAD_AFTER_PAINT = (
    "(function(preloads,picture,eager){var loaded=eager||document.readyState==='complete',painted=false,"
    "started=false;"
    "function paint(){if(painted)return;painted=true;"
    f"var s=document.querySelector('{SNAPSHOT_TAG}');if(s)s.setAttribute('{PAINTED_ATTRIBUTE}','');ready()}}"
    "function start(){if(started)return;started=true;setTimeout(function(){"
    "preloads.forEach(function(h){var l=document.createElement('link');l.rel='modulepreload';l.href=h;"
    "document.head.appendChild(l)});"
    f"var b=document.querySelector('script[type=\"{DEFERRED_TYPE}\"]');if(!b)return;"
    "var s=document.createElement('script');s.type='module';s.textContent=b.textContent;"
    "document.body.appendChild(s)},0)}"
    "function ready(){if(loaded&&painted)start()}"
    "var h=document.querySelector('apl-page [elementtiming=hero]');"
    "picture=picture&&!!h&&h.getBoundingClientRect().top<innerHeight;"  # a picture below the fold is not waited for
    "var type=picture?'element':'largest-contentful-paint',P=window.PerformanceObserver;"
    "if(!P||(P.supportedEntryTypes||[]).indexOf(type)<0)paint();"
    "else new P(function(list){if(list.getEntries().some(function(e){return !picture||e.identifier==='hero'}))"
    "paint()}).observe({type:type,buffered:true});"
    "if(h)h.addEventListener('error',paint);"
    "['pointerdown','keydown'].forEach(function(t){addEventListener(t,start,{once:true,capture:true})});"
    "function onload(){loaded=true;setTimeout(paint,3000);ready()}"
    "if(loaded)onload();else addEventListener('load',onload,{once:true})})"
)


def load_scripts_after_paint(html: str, picture: bool = False, eager: bool = False) -> str:
    """The built page with its JavaScript run only after its first paint.

    The built page preloads every module in its head and starts its bootstrap module at once, so on a slow
    network the scripts share the line with the page's picture, and a phone's largest paint waits for them.
    With the content in the HTML, the scripts can wait: their preloads and the bootstrap are started by a
    small script once the page is painted and loaded. React still finds the bootstrap's element where it
    rendered it (only its type differs, so the browser does not run it), and the loader goes last in
    ``<body>``, after every script React hydrates there. ``eager`` (the builder, there to be used): they start
    at the paint, without waiting for the window to load. (Fetching them with the page and running them at the
    paint was tried for the builder: the modules then shared the line with its picture, painted 300 ms later.)
    """
    preloads = _MODULEPRELOAD.findall(html)
    if not preloads or not _BOOTSTRAP.search(html):
        return html
    html = _MODULEPRELOAD.sub("", html)
    html = _BOOTSTRAP.sub(f'<script type="{DEFERRED_TYPE}" async="">', html, count=1)
    end = html.rfind("</body>")
    arguments = ",".join(json.dumps(value) for value in (preloads, picture, eager))
    loader = f"<script>{LOAD_AFTER_PAINT}({arguments})</script>"
    return html[:end] + loader + html[end:] if end >= 0 else html


_EMOTION = re.compile(r'<style data-emotion="css ([^"]*)">([^<]*)</style>')


def hoist_styles(html: str) -> str:
    """The page with the component styles written beside each element (once for the snapshot, once for the live
    root) sent once, in one style element at the end of ``<head>``.

    Emotion moves these elements into ``<head>`` anyway when the page's JavaScript starts, and takes the ids in
    ``data-emotion`` as already inserted, so the live page adopts the single element as it would the many.
    """
    ids: dict[str, str] = {}
    for names, rules in _EMOTION.findall(html):
        ids.setdefault(names, rules)
    if not ids:
        return html
    style = f'<style data-emotion="css {" ".join(ids)}">{"".join(ids.values())}</style>'
    return add_to_head(_EMOTION.sub("", html), style)


def apply(
    html: str, title: str, head: str, snapshot: str | None = None, style: str = "", first: str = "", *,
    scripts_eager: bool = False,
) -> str:  # fmt: skip
    """The built page with ``title`` and ``head`` in place of its own title and description, and ``snapshot``
    in front.

    React hydrates the head by claiming, for each element it renders there, the next element of the same tag
    after the last one it claimed; an element of ours it claimed would be a hydration error. So the title goes
    first in ``<head>`` (before React's own place for one) and the rest last, after the theme script, the
    last element React renders in the built head. ``first`` (the preload of the page's largest picture) goes
    right after the title, ahead of the built page's script preloads, so the picture is fetched first.
    """
    html = _REPLACED_META.sub("", _TITLE.sub("", html, count=1))
    quoted = json.dumps(title).replace("<", "\\u003c")
    script = f"<script>{SWAP_SCRIPT}({quoted})</script>"
    if snapshot is not None:
        head = f"<style>{SWAP_CSS}{style}</style>{head}"
    html = add_to_head(html, head + script)
    at = html.find("<head>")
    html = html[: at + 6] + f"<title>{escape(title)}</title>{first}" + html[at + 6 :]
    if snapshot is not None:
        body = html.find("<body>")
        if body >= 0:
            html = html[: body + 6] + f"<{SNAPSHOT_TAG}>{snapshot}</{SNAPSHOT_TAG}>" + html[body + 6 :]
        html = load_scripts_after_paint(html, picture=bool(first), eager=scripts_eager)
        html = hoist_styles(html)
    return html
