"""A posted body that is not UTF-8 is answered with a 400 and a clear message, before anything reads it.

The rule is `directory.posted_text.undecodable_body`; this middleware (in MIDDLEWARE after
LocaleMiddleware and before the CSRF check, which would read the body) applies it to every view:
the API gets `{"detail": ...}` in its language, a page gets the posted fields back as far as they
could be read, in a form that sends them again, and a view marked `@undecodable_body_page(page)`
(the help request form) gets its own form shown again by `page`. Nothing is stored.
"""

import logging

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation

from perhekeskus.directory.posted_again import api_language, api_path, posted_again
from perhekeskus.directory.posted_text import (
    UNDECODABLE_API_MESSAGE,
    UNDECODABLE_MESSAGE,
    kept_post,
    undecodable_body,
)

logger = logging.getLogger(__name__)

TEMPLATE = "400_not_utf8.html"


class UndecodableBodiesMiddleware:
    """A form or JSON body that is not UTF-8 (or declares another charset) is a 400, never read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not undecodable_body(request):
            return None
        logger.info("A posted body on %s was not UTF-8; answered 400, nothing read", request.path)
        page = getattr(view_func, "undecodable_body_page", None)
        if page is not None:
            return page(request)
        if api_path(request):
            with translation.override(api_language(request)):
                response = JsonResponse(
                    {"detail": str(UNDECODABLE_API_MESSAGE)}, status=400, json_dumps_params={"ensure_ascii": False}
                )
                response["Content-Language"] = translation.get_language()
            return response
        context = {**posted_again(request, kept_post(request)), "message": UNDECODABLE_MESSAGE}
        response = render(request, TEMPLATE, context, status=400)
        response["Cache-Control"] = "no-store"
        return response
