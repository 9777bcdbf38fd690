# G40 Netwerk: one image for web (gunicorn), worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    G40_ENV_FILE=/nonexistent

# pg_dump and pg_restore for django-dbbackup (make backup, make restore); gpg for its
# encryption (BACKUP_GPG_RECIPIENT)
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client gnupg libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 g40
WORKDIR /app

# The runtime lock file: the exact versions, checked against their hashes (make lock).
COPY requirements/base.txt requirements/base.txt
COPY requirements/pip.txt requirements/pip.txt
RUN pip install --require-hashes -r requirements/pip.txt \
    && pip install --require-hashes -r requirements/base.txt

COPY --chown=g40:g40 . .
# collectstatic needs settings but no database or real secret
RUN DEBUG=0 SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py collectstatic --no-input

USER g40
EXPOSE 8000
CMD ["gunicorn", "g40.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
