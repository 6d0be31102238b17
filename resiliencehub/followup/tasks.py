"""The worker's schedule for `run_due` (ADR 0037): a task that sends what is due and
queues its own next run `EVERY` minutes later. `schedule_next` queues a run only if none
is queued, so starting the server twice still makes one chain, never two."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from .sending import run_due

EVERY = timedelta(minutes=5)


@task()
def send_due_contacts_task() -> str:
    try:
        return run_due().summary()
    finally:
        schedule_next(timezone.now() + EVERY)


def schedule_next(when=None) -> bool:
    """Queue the next run at `when` (default now) unless one is queued already; returns
    whether it queued one."""
    waiting = DBTaskResult.objects.filter(
        task_path=send_due_contacts_task.module_path, status=TaskResultStatus.READY
    )
    if waiting.exists():
        return False
    send_due_contacts_task.using(run_after=when or timezone.now()).enqueue()
    return True
