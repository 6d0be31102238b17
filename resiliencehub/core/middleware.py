"""Request-wide behaviour: a request id for the audit trail, and no caching of pages."""

import re
import secrets

REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Gives every request an id (a trusted proxy's, if well formed) that audit events carry."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request.request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else secrets.token_hex(8)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


class NoStoreMiddleware:
    """Every page the app renders may hold personal data: no browser or proxy may keep it.

    Static files are answered by WhiteNoise before this middleware runs, so they stay
    cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response["Cache-Control"] = "no-store"
        response["Pragma"] = "no-cache"
        return response
