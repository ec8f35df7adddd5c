"""The first HTML's edits: the head React leaves alone, the snapshot in front, the scripts after the paint."""

import json

from allpetplus.seo import shell
from allpetplus.seo.head import Head, json_ld_script, render

BUILT = (
    '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/><link rel="modulepreload" href="/assets/a.js"/>'
    '<title>Product · All Pet Plus</title><meta content="Generic." name="description"/>'
    '<meta content="favicon.ico" property="og:image"/><script>theme()</script></head><body>'
    '<section></section><div data-is-root-theme="true" class="radix-themes"><header id="top">Brand</header>'
    '<main class="m"><p>0 products</p></main><div data-testid="x" data-ssr-slot="viewer"></div></div>'
    '<script type="module" async="">import "/assets/manifest-1.js";\nimport("/assets/entry.js");</script>'
    "</body></html>"
)


def test_the_title_goes_first_and_our_tags_after_the_theme_script():
    head = render(Head(title="Harness · $39.00", description="A harness.", url="http://shop/product/h"))
    html = shell.apply(BUILT, "Harness · $39.00", head)
    assert html.count("<title>") == 1 and html.index("<title>Harness · $39.00</title>") < html.index("charSet")
    assert "Generic." not in html and "favicon.ico" not in html
    assert html.index("<script>theme()</script>") < html.index('<link rel="canonical" href="http://shop/product/h"/>')
    assert html.index('<link rel="canonical"') < html.index("</head>")


def test_the_snapshot_copies_the_live_root_without_its_ids_and_fills_its_main_and_slots():
    root = shell.root_markup(BUILT)
    assert root.startswith('<div data-is-root-theme="true"') and root.endswith("</div>")
    assert 'id="top"' not in root and "data-testid" not in root
    snapshot = shell.fill_slot(shell.replace_main(root, "<h1>Harness</h1>"), "viewer", "<img alt=a>")
    assert '<main class="m"><h1>Harness</h1></main>' in snapshot and "<img alt=a></div>" in snapshot
    html = shell.apply(BUILT, "T", "", snapshot)
    assert html.index("<body><apl-page>") < html.index("<section>")
    assert "apl-page ~ [data-is-root-theme]{display:none!important}" in html


def test_with_a_snapshot_the_scripts_start_after_the_paint():
    html = shell.apply(BUILT, "T", "", shell.root_markup(BUILT))
    assert '<link rel="modulepreload"' not in html
    assert f'<script type="{shell.DEFERRED_TYPE}" async="">import "/assets/manifest-1.js"' in html
    loader = html[html.rindex("<script>") : html.rindex("</body>")]
    assert json.dumps(["/assets/a.js"]) in loader and "addEventListener('load'" in loader
    assert shell.load_scripts_after_paint(html) == html  # nothing left to defer


def test_json_ld_cannot_close_its_script():
    block = json_ld_script({"name": "</script><script>alert(1)</script>"})
    assert "</script><script>" not in block[: -len("</script>")]
    assert json.loads(block[len('<script type="application/ld+json">') : -len("</script>")])["name"].startswith(
        "</script>"
    )


def test_a_private_page_only_gains_noindex():
    html = shell.add_to_head(BUILT, '<meta name="robots" content="noindex"/>')
    assert "<title>Product · All Pet Plus</title>" in html and 'content="noindex"/></head>' in html


def test_component_styles_are_sent_once_in_the_head_for_emotion_to_adopt():
    root = '<div data-is-root-theme="true"'
    built = BUILT.replace(root, '<style data-emotion="css a1">.css-a1{color:red}</style>' + root).replace(
        "<main", '<style data-emotion="css b2">.css-b2{margin:0}</style><main'
    )
    html = shell.apply(built, "T", "", shell.root_markup(built))
    assert html.count(".css-a1{color:red}") == 1 and html.count(".css-b2{margin:0}") == 1
    head, body = html.split("</head>")
    assert '<style data-emotion="css a1 b2">.css-a1{color:red}.css-b2{margin:0}</style>' in head
    assert "data-emotion" not in body
