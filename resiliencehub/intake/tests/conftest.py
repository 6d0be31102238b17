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


def run_tasks() -> list:
    """Run every queued task now, as the worker would; returns their return values."""
    from django_tasks_db.models import DBTaskResult

    results = []
    for row in DBTaskResult.objects.ready().order_by("enqueued_at"):
        task = row.task
        results.append(task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"]))
        row.delete()
    return results
