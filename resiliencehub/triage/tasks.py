"""Background work for the duty queue.

The new-alert email is the shared record's (`resiliencehub.records.tasks`): a task queued
before it moved there names this module, so the name stays importable from here.
"""

from resiliencehub.records.tasks import NoOneToNotify, notify_duty_of_alert

__all__ = ["NoOneToNotify", "notify_duty_of_alert"]
