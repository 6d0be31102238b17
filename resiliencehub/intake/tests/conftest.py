import pytest

from conftest import load_demo_hub


@pytest.fixture
def hub_c(db):
    return load_demo_hub("site-c")


@pytest.fixture
def hub_d(db):
    return load_demo_hub("site-d")


@pytest.fixture(autouse=True)
def _memory_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def run_tasks(named: str | None = None) -> list:
    """Run every queued task now (or only those called `named`), as the worker would;
    returns their return values."""
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.ready().order_by("enqueued_at")
    if named is not None:
        rows = rows.filter(task_path__endswith=named)
    results = []
    for row in rows:
        task = row.task
        results.append(task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"]))
        row.delete()
    return results
