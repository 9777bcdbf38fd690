"""The settings' data: the periodic tasks (Celery beat).

Plain values, imported by name by ``g40/settings.py`` (the one settings module); nothing
here reads the environment."""

# Periodic work (Celery beat): one entry per task, named <app>-<what it does>.
CELERY_BEAT_SCHEDULE: dict = {
    "outbox-purge-sent-mail": {"task": "outbox.purge_sent_mail", "schedule": 60 * 60 * 24},
    "outbox-send-unsent-mail": {"task": "outbox.send_unsent_mail", "schedule": 60},
    "accounts-purge-security-log": {
        "task": "accounts.purge_security_log",
        "schedule": 60 * 60 * 24,
    },
    "networkdays-send-reminders": {
        "task": "networkdays.send_reminders",
        "schedule": 60 * 60,
    },
    "networkdays-purge-needs": {"task": "networkdays.purge_needs", "schedule": 60 * 60 * 24},
    # Used RSVP links, once every link has expired (DIGITAL_MEETING_RSVP_LINK_DAYS).
    "networkdays-purge-used-rsvp-links": {
        "task": "networkdays.purge_used_rsvp_links",
        "schedule": 60 * 60 * 24,
    },
    "audit-purge-log": {"task": "audit.purge_audit_log", "schedule": 60 * 60 * 24},
    "letters-purge-subscription-requests": {
        "task": "letters.purge_subscription_requests",
        "schedule": 60 * 60 * 24,
    },
    # An approved letter whose sending task the broker did not take.
    "letters-send-approved": {"task": "letters.send_approved", "schedule": 60 * 5},
    "themegroups-send-weekly-digests": {
        "task": "themegroups.send_weekly_digests",
        "schedule": 60 * 60 * 24,
    },
    "membership-purge-application-contacts": {
        "task": "membership.purge_application_contacts",
        "schedule": 60 * 60 * 24,
    },
    # Revoked and expired API tokens, after RETENTION_DAYS["api_tokens"].
    "api-purge-tokens": {"task": "api.purge_tokens", "schedule": 60 * 60 * 24},
    "lobby-send-acknowledge-reminders": {
        "task": "lobby.send_acknowledge_reminders",
        "schedule": 60 * 60,
    },
    # Followers of a pillar or group: the new knowledge products, once a week at most.
    "knowledge-send-weekly-digests": {
        "task": "knowledge.send_weekly_digests",
        "schedule": 60 * 60 * 24,
    },
    "lobby-flag-due-actions": {
        "task": "lobby.flag_due_actions",
        "schedule": 60 * 60,
    },
    # What was put before the DB: one digest a day at most per DB member (DB_DIGEST).
    "outbox-send-db-digests": {"task": "outbox.send_db_digests", "schedule": 60 * 60 * 24},
}
