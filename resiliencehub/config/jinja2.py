"""The Jinja2 environment: NHS.UK frontend macros, URL and static helpers, date filters."""

from datetime import date, datetime

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from resiliencehub.nhsuk_forms.rendering import error_summary, field


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def format_date(value: date | datetime | None, with_time: bool = False) -> str:
    """NHS.UK style: "21 November 2026", optionally "21 November 2026 at 3:05pm"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
        day = f"{value.day} {value:%B %Y}"
        if with_time:
            return f"{day} at {format_time(value)}"
        return day
    return f"{value.day} {value:%B %Y}"


def format_time(value: datetime) -> str:
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    if value.hour == 12 and value.minute == 0:
        return "midday"
    return f"{hour}:{value.minute:02d}{suffix}" if value.minute else f"{hour}{suffix}"


def environment(**options) -> Environment:
    app_loader = options.pop("loader")
    # The NHS.UK macros read optional nested parameters (params.navigation.colour)
    # and expect a missing one to be empty rather than an error.
    options["undefined"] = ChainableUndefined
    env = Environment(**options)  # noqa: S701 - Django passes autoescape=True
    env.loader = ChoiceLoader([app_loader, PackageLoader("nhsuk_frontend_jinja", "templates")])
    env.globals.update(
        url=url,
        static=static,
        settings_production=settings.PRODUCTION,
        field=field,
        error_summary=error_summary,
    )
    env.filters.update(nhs_date=format_date, nhs_time=format_time)
    return env
