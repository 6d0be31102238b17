"""The service directory: adding or changing a service clients are referred on to."""

from django.db import transaction

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor

from ..models import DirectoryService


def directory_service_save(
    hub, *, auditor: Auditor, service: DirectoryService | None = None, **fields
) -> DirectoryService:
    with transaction.atomic():
        if service is None:
            service = DirectoryService.objects.create(hub=hub, **fields)
            action = AuditAction.RECORD_CREATED
        else:
            DirectoryService.objects.filter(pk=service.pk, hub=hub).update(**fields)
            for name, value in fields.items():
                setattr(service, name, value)
            action = AuditAction.RECORD_CHANGED
        auditor.record(action, obj=service, hub=hub, detail={"directory": service.name})
    return service
