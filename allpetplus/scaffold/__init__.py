"""Generators for developers: ``python -m allpetplus.scaffold module NAME`` adds a domain module (model,
service, state, page, migration, tests) wired into the main app; ``… app NAME --port N`` adds an embeddable
Reflex app with a landing page, ``/embed`` and a dashboard tab."""
