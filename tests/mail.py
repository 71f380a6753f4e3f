"""The outbox worker, run in a test's own transaction."""


def run_worker() -> int:
    """Run every task that is due, as ``manage.py db_worker`` does (its own claim and
    run steps), then return how many ran: the outbox's e-mails land in ``mail.outbox``.
    The worker's loop itself is not used: it closes the database connection between
    tasks, which would end the test's transaction."""
    from django.db import transaction
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        with transaction.atomic():
            result = DBTaskResult.objects.ready().get_locked()
            if result is None:
                return ran
            result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
