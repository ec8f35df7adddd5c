# One image for the three apps, the RQ worker and migrations.
#   docker build -t allpetplus .
#   docker run -p 3000-3002:3000-3002 allpetplus            # everything, embedded SQLite + Redis
# docker-compose.yml runs the same image as separate services on PostgreSQL and Redis.
FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    REFLEX_USE_NPM=1 \
    VAR_DIR=/data \
    PATH=/venv/bin:$PATH

WORKDIR /app
# Offscreen OpenGL for the product pictures: EGL with Mesa's software rasteriser, no display or GPU.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libegl1 libgl1 libegl-mesa0 libgl1-mesa-dri \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt ./
RUN python -m venv /venv && pip install -r requirements.txt

COPY . .
# Install each app's frontend packages and build it once, so containers start quickly.
RUN for app in allpetplus licensing products; do \
      ALLPETPLUS_APP=$app reflex export --frontend-only --no-zip --env prod || exit 1; \
    done

EXPOSE 3000 3001 3002
VOLUME ["/data"]
CMD ["python", "-m", "allpetplus.stack", "run"]
