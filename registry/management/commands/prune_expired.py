"""Delete what the portal keeps only for a while (run daily from cron; the README says
how): rate-limit attempts past their window, e-mails sent longer ago than
``--sent-days`` (they hold addresses and links: personal data), e-mailed links spent or
expired ``RETENTION_SPENT_LINK_DAYS`` ago and submissions rejected
``RETENTION_REJECTED_SUBMISSION_DAYS`` ago (``registry.personal_data.retention_prune``).
The task rows of the outbox's worker are pruned by django-tasks-db's own
``prune_db_task_results``."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from registry import personal_data, ratelimit
from registry.models import OutboxMessage


class Command(BaseCommand):
    help = (
        "Delete expired rate-limit attempts, e-mails sent long ago, spent links and "
        "rejected submissions and uploaded imports past their retention time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sent-days", type=int, default=30)

    def handle(self, *args, sent_days: int, **options):
        attempts = ratelimit.prune()
        cutoff = timezone.now() - datetime.timedelta(days=max(sent_days, 0))
        sent, _ = OutboxMessage.objects.filter(
            status=OutboxMessage.Status.SENT, sent_at__lt=cutoff
        ).delete()
        pruned = personal_data.retention_prune()
        self.stdout.write(
            f"Deleted {attempts} rate-limit attempts, {sent} sent e-mails, {pruned.links} "
            f"spent or expired links, {pruned.submissions} rejected submissions, "
            f"{pruned.organisations} never-published entries and {pruned.imports} old imports."
        )
