"""The first HTML of every public page, for people, search engines and link previews.

Reflex pre-renders each static route once, at build time, with its default state, and answers every dynamic
route with one shell; the content arrives over the websocket after the JavaScript runs. This package sits in
front of the built frontend (``middleware``): for a public route it writes the page's own head (title,
description, canonical URL, Open Graph and Twitter cards, schema.org JSON-LD) into the built HTML and adds a
server-side snapshot of the page (``snapshot``, drawn from the same services and the app's own pre-rendered
header and footer), which the live page replaces once it has its state. ``sitemap`` answers
``/sitemap.xml`` and ``/robots.txt`` from the catalog as it is now.
"""
