"""Settings for benchmark servers: the product's settings plus one bare comparison view."""

from resiliencehub.config.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
LOGGING = {"version": 1, "disable_existing_loggers": False}
