"""The Jinja2 environment: NHS.UK frontend macros, URL and static helpers, date filters."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from resiliencehub.nhsuk_forms.formatting import format_date, format_time
from resiliencehub.nhsuk_forms.rendering import error_summary, field


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


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
