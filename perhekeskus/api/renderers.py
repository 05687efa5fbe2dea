"""The browsable API (the HTML pages of /api/v1/ in a browser) under the site's content security
policy."""

from rest_framework import renderers


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """The REST framework's browsable API without its inline `<style>` of Pygments colours.

    The policy (CONTENT_SECURITY_POLICY in config/settings.py) allows no inline style. Those colours
    are for code blocks that only Markdown descriptions would have, and the markdown package is
    not installed; the one rule of them that the pages use is in our stylesheet
    (api/browsable.html links perhekeskus/browsable-api.css). Everything else on the page is the
    REST framework's own stylesheets and scripts, served from here.
    """

    template = "api/browsable.html"

    def get_context(self, data, accepted_media_type, renderer_context):
        context = super().get_context(data, accepted_media_type, renderer_context)
        context["code_style"] = None
        return context
