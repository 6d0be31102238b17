from django.templatetags.static import static


def page(request) -> dict:
    """Variables the NHS.UK page template reads from its context on every page."""
    return {
        "cspNonce": str(getattr(request, "csp_nonce", "")),
        "assetPath": static("nhsuk/assets").rstrip("/"),
        "htmlLang": "en-GB",
    }
