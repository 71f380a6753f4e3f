"""Delete what the portal keeps only for a while (run daily from cron; the README says
how): rate-limit attempts past their window, and e-mails sent longer ago than
``--sent-days`` (they hold addresses and links: personal data). The task rows of the
outbox's worker are pruned by django-tasks-db's own ``prune_db_task_results``."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from registry import ratelimit
from registry.models import OutboxMessage


class Command(BaseCommand):
    help = "Delete expired rate-limit attempts and e-mails sent long ago."

    def add_arguments(self, parser):
        parser.add_argument("--sent-days", type=int, default=30)

    def handle(self, *args, sent_days: int, **options):
        attempts = ratelimit.prune()
        cutoff = timezone.now() - datetime.timedelta(days=max(sent_days, 0))
        sent, _ = OutboxMessage.objects.filter(
            status=OutboxMessage.Status.SENT, sent_at__lt=cutoff
        ).delete()
        self.stdout.write(f"Deleted {attempts} rate-limit attempts and {sent} sent e-mails.")
