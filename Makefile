# Shortcuts for the two commands of the README.
.PHONY: run test migrate check

run:        ## start everything at http://localhost:3000 (Ctrl-C stops)
	bash scripts/run.sh

test:       ## unit, integration and end-to-end tests
	bash scripts/test.sh

migrate:    ## alembic upgrade head + seed data
	.venv/bin/python -m allpetplus.stack migrate

check:      ## start-up checks only
	.venv/bin/python -m allpetplus.stack check
