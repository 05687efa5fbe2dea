"""POST /api/v1/help-requests/: a Pyydä apua! request as JSON, for the button on other sites and apps.

Thin over the help-request domain: the web form's own `HelpRequestForm` validates, the same
`submit_help_request` stores, the same per-client rate limits count (the form's and the API's
together), and the answer is the receipt as JSON. The request schema is read from the form, so
what the documentation says is what the form accepts.

No sign-in, so no session and no CSRF check (DRF exempts views without session authentication):
the endpoint changes nothing on anybody's behalf. Retries are safe when the client sends a random
`form_token` (say 32 random bytes in base64url) with each new request and the same token with every
retry of it: a retry returns the first receipt (200) instead of creating a second request. Without
a token the server makes one, and a retry creates a new request. The token may come instead as an
`Idempotency-Key` header (the IETF draft's name, as quoted string or bare); given both, they must
be the same.

When the database cannot store the request (restarting, read-only, disk full) the answer is a 503
with Retry-After and nothing is stored; the client sends the same request with the same token
again after that many seconds.
"""

from django import db
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from perhekeskus.directory.emergency import emergency_numbers
from perhekeskus.directory.translation import active_language
from perhekeskus.directory.unavailable import (
    UNAVAILABLE_MESSAGE,
    database_unavailable,
    log_unavailable,
    unavailable_response,
)
from perhekeskus.help_requests.forms import FORM_TOKEN_RE, HelpRequestForm
from perhekeskus.help_requests.limits import SUBMIT_GROUP, SUBMIT_RATES, over_limit
from perhekeskus.help_requests.submission import (
    SubmissionUnavailable,
    TokenReusedError,
    submit_help_request,
)

from . import examples
from .help_request_schema import IDEMPOTENCY_KEY_PATTERN, HelpRequestSchema
from .openapi import error_example
from .params import LanguageParams
from .serializers import ErrorSerializer


class EmergencyNumberSerializer(serializers.Serializer):
    """A number to call at once (112, the social emergency line of the municipality ...)."""

    name = serializers.CharField(help_text=gettext_lazy("Palvelun nimi vastauksen kielellä."))
    number = serializers.CharField(help_text=gettext_lazy("Puhelinnumero kirjoitettuna; tyhjä, jos numeroa ei ole."))
    tel = serializers.CharField(source="href", help_text=gettext_lazy("tel:-linkki."))
    areas = serializers.ListField(
        child=serializers.CharField(),
        help_text=gettext_lazy("Alueet, joita numero koskee; tyhjä: kaikkialla tai pyynnön kunnassa."),
    )


class HelpRequestReceiptSerializer(serializers.Serializer):
    """The receipt (kuitti) of a help request."""

    received = serializers.BooleanField(help_text=gettext_lazy("Aina true: pyyntö on tallessa."))
    due_at = serializers.DateTimeField(
        help_text=gettext_lazy("Luvattu vastausaika, ISO 8601 ja aikavyöhyke (seuraavan arkipäivän loppu).")
    )
    pickup_code = serializers.CharField(
        allow_null=True,
        help_text=gettext_lazy(
            "Nimettömän pyynnön noutotunnus, jolla vastaus luetaan; näytä se kysyjälle. Sitä ei tallenneta, "
            "eikä sitä saa myöhemmin muuten kuin lähettämällä sama pyyntö samalla form_tokenilla. Muuten null."
        ),
    )
    urgent = serializers.BooleanField(
        help_text=gettext_lazy("Viestissä on merkkejä kiireestä: näytä hätänumerot heti ja näkyvästi.")
    )
    emergency_numbers = EmergencyNumberSerializer(many=True)
    new = serializers.BooleanField(
        help_text=gettext_lazy("false, kun sama form_token oli jo lähettänyt tämän pyynnön (vastaus 200).")
    )


IDEMPOTENCY_KEY = "Idempotency-Key"
IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    IDEMPOTENCY_KEY,
    type={"type": "string", "pattern": IDEMPOTENCY_KEY_PATTERN},
    location=OpenApiParameter.HEADER,
    required=False,
    description=gettext_lazy(
        "Sama kuin rungon form_token (16–100 merkkiä A–Z, a–z, 0–9, _ ja -, esimerkiksi UUID), lainausmerkeissä "
        "tai ilman. Käytetään, kun rungossa ei ole form_tokenia; jos molemmat annetaan, niiden on oltava samat."
    ),
    examples=[OpenApiExample("uuid", value=examples.HELP_REQUEST["form_token"])],
)


@extend_schema(
    summary=gettext_lazy("Lähetä avunpyyntö (Pyydä apua!)"),
    description=format_lazy(
        "{} {}",
        gettext_lazy(
            "Sama lomake ja samat rajat kuin sivuston Pyydä apua! -lomakkeella. Vastaus on kuitti: luvattu "
            "vastausaika ja nimettömälle pyynnölle noutotunnus, joka näytetään kysyjälle vain kerran. Lähetä "
            "jokaisen uuden pyynnön mukana satunnainen form_token ja uusinnoissa sama: uusinta palauttaa saman "
            "kuitin (200) eikä luo toista pyyntöä. Ei kirjautumista, evästeitä eikä CSRF-tunnistetta. "
            "Pyyntöjä rajoitetaan asiakkaan osoitteen mukaan (yhteinen raja lomakkeen kanssa)."
        ),
        gettext_lazy(
            "Tunnisteen voi antaa myös otsakkeessa Idempotency-Key, jos sitä ei haluta runkoon; jos molemmat "
            "annetaan, niiden on oltava samat. Kun tietokanta ei hetkeen pysty tallentamaan (uudelleenkäynnistys, "
            "vain luku -tila, täysi levy), vastaus on 503 ja otsake Retry-After: mitään ei tallennettu, ja sama "
            "pyyntö samalla tunnisteella lähetetään uudelleen sen jälkeen. Kaksi tallennettua pyyntöä yhdestä "
            "tunnisteesta ei synny koskaan."
        ),
    ),
    parameters=[IDEMPOTENCY_KEY_PARAMETER],
    examples=[OpenApiExample("anonymous", value=examples.HELP_REQUEST, request_only=True)],
    responses={
        201: OpenApiResponse(
            HelpRequestReceiptSerializer,
            description=gettext_lazy("Pyyntö vastaanotettu."),
            examples=[OpenApiExample("receipt", value=examples.RECEIPT)],
        ),
        200: OpenApiResponse(
            HelpRequestReceiptSerializer,
            description=gettext_lazy("Sama form_token oli jo lähettänyt saman pyynnön: sen kuitti, ei uutta pyyntöä."),
            examples=[OpenApiExample("retry", value={**examples.RECEIPT, "new": False})],
        ),
        400: OpenApiResponse(
            ErrorSerializer,
            description=format_lazy(
                "{} {}",
                gettext_lazy(
                    "Virheellinen pyyntö: tyhjä tai liian pitkä viesti, ohjausmerkkejä, virheellinen yhteystieto, "
                    "tuntematon aihe tai kunta, liian suuri tai rikkinäinen JSON. `errors` kertoo kentittäin."
                ),
                gettext_lazy(
                    "Myös runko, joka ei ole UTF-8-merkistössä, ja virheellinen tai form_tokenista poikkeava "
                    "Idempotency-Key (`errors` otsakkeen nimellä)."
                ),
            ),
            examples=[error_example("no-text", "Virheellinen pyyntö.", {"text": ["Kirjoita viesti."]})],
        ),
        409: OpenApiResponse(
            ErrorSerializer,
            description=gettext_lazy("form_token on jo käytetty toisenlaiseen viestiin: lähetä uudella tunnisteella."),
            examples=[
                error_example(
                    "token-reused",
                    "Tällä form_tokenilla on jo lähetetty toinen viesti. Lähetä uusi pyyntö uudella tunnisteella.",
                )
            ],
        ),
        415: OpenApiResponse(
            ErrorSerializer,
            description=gettext_lazy("Runko ei ole JSONia: lähetä Content-Type: application/json."),
            examples=[error_example("not-json", 'Unsupported media type "text/plain" in request.')],
        ),
        429: OpenApiResponse(
            ErrorSerializer,
            description=gettext_lazy("Liian monta pyyntöä: odota hetki."),
            examples=[
                error_example("too-many", "Liian monta pyyntöä lyhyessä ajassa. Odota hetki ja yritä uudelleen.")
            ],
        ),
        503: OpenApiResponse(
            ErrorSerializer,
            description=format_lazy(
                "{} {}",
                gettext_lazy("Pyyntöjä ei juuri nyt voida vastaanottaa; mitään ei tallennettu."),
                gettext_lazy(
                    "Kun syy on tietokanta, joka ei hetkeen vastaa, mukana on Retry-After: lähetä sama pyyntö samalla "
                    "tunnisteella uudelleen sen jälkeen."
                ),
            ),
            examples=[error_example("unavailable", UNAVAILABLE_MESSAGE)],
        ),
    },
)
class HelpRequestCreateView(APIView):
    """Receive a help request sent as JSON and answer with its receipt."""

    # No session authentication, hence no CSRF check; the language of ?lang= does not apply.
    authentication_classes = ()
    permission_classes = ()
    schema = HelpRequestSchema()
    parser_classes = (JSONParser,)
    renderer_classes = (JSONRenderer,)

    def dispatch(self, request, *args, **kwargs):
        with translation.override(translation.get_language_from_request(request)):
            response = super().dispatch(request, *args, **kwargs)
            if callable(getattr(response, "render", None)):
                response.render()
        return response

    def post(self, request):
        try:
            return self.receive(request)
        except db.Error as error:
            if not database_unavailable(error):
                raise
            log_unavailable(error, path=request.path)
            return unavailable_response(_error(str(UNAVAILABLE_MESSAGE), status=503))

    def receive(self, request):
        data = _json_object(request)
        lang = data.pop("lang", None)
        lang_form = LanguageParams({"lang": lang if isinstance(lang, str) else ""})
        lang_valid = _is_text(lang) and lang_form.is_valid()
        if lang_valid and lang_form.cleaned_data["lang"]:
            translation.activate(lang_form.cleaned_data["lang"])
        # Counted after the language is known (the limit may count in the database, and a fault
        # there is answered in the asker's language), before anything is validated or stored.
        if over_limit(request._request, SUBMIT_GROUP, SUBMIT_RATES):
            return _error(_("Liian monta pyyntöä lyhyessä ajassa. Odota hetki ja yritä uudelleen."), status=429)
        errors = {name: [_("Anna arvo merkkijonona.")] for name, value in data.items() if not _is_text(value)}
        if not _is_text(lang):
            errors["lang"] = [_("Anna arvo merkkijonona.")]
        elif not lang_valid:
            errors["lang"] = [str(message) for message in lang_form.errors["lang"]]
        if "form_token" not in errors:
            key_errors = _take_idempotency_key(request, data)
            if key_errors:
                errors[IDEMPOTENCY_KEY] = key_errors
        if errors:
            return _error(_("Virheellinen pyyntö."), errors=errors)
        form = HelpRequestForm({name: value for name, value in data.items() if value is not None})
        if not form.is_valid():
            errors = {field: [str(message) for message in messages] for field, messages in form.errors.items()}
            return _error(_("Virheellinen pyyntö."), errors=errors)
        # Read before the request is stored: a fault after the commit must not answer "nothing was
        # stored" to a client that may then send it again without a token of its own.
        numbers = list(emergency_numbers(form.cleaned_data.get("municipality")))
        try:
            sent = submit_help_request(cleaned=form.cleaned_data, language=active_language(), at=timezone.now())
        except SubmissionUnavailable:
            return _error(_("Pyyntöjä ei juuri nyt voida vastaanottaa. Mitään ei tallennettu."), status=503)
        except TokenReusedError:
            message = _("Tällä form_tokenilla on jo lähetetty toinen viesti. Lähetä uusi pyyntö uudella tunnisteella.")
            return _error(message, status=409)
        receipt = {
            "received": True,
            "due_at": sent.due_at,
            "pickup_code": sent.pickup_code,
            "urgent": sent.urgent,
            "emergency_numbers": numbers,
            "new": sent.new,
        }
        return Response(HelpRequestReceiptSerializer(receipt).data, status=201 if sent.new else 200)


def _json_object(request) -> dict:
    """The body as a JSON object; a 400 for a body too big, broken or not an object."""
    try:
        request._request.body  # noqa: B018 -- read here so Django's size limit applies to JSON too
    except RequestDataTooBig:
        raise ParseError(
            _("Pyyntö on liian suuri (enintään %(max)d tavua).") % {"max": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
        ) from None
    try:
        data = request.data
    except (ParseError, RecursionError):  # RecursionError: JSON nested deeper than Python recurses
        raise ParseError(_("Pyynnön runko ei ole kelvollista JSONia.")) from None
    if not isinstance(data, dict):
        raise ParseError(_('Lähetä JSON-olio, esimerkiksi {"text": "...", "contact_method": "anonymous"}.'))
    return data


def _take_idempotency_key(request, data: dict) -> list[str]:
    """The Idempotency-Key header, if sent, as the body's form_token; the messages if it cannot be."""
    header = request.headers.get(IDEMPOTENCY_KEY)
    if header is None:
        return []
    key = header.strip(" \t")  # HTTP's optional whitespace, no more: the schema's pattern says the rest
    if len(key) >= 2 and key[0] == key[-1] == '"':  # the IETF draft's structured-field string
        key = key[1:-1]
    if not FORM_TOKEN_RE.match(key):
        return [_("Idempotency-Key on virheellinen: anna 16–100 merkkiä A–Z, a–z, 0–9, _ ja -, esimerkiksi UUID.")]
    token = data.get("form_token")
    if token and token != key:
        return [_("Idempotency-Key ja form_token eroavat. Anna tunniste vain toisessa tai sama molemmissa.")]
    data["form_token"] = key
    return []


def _is_text(value) -> bool:
    return value is None or isinstance(value, str)


def _error(detail: str, *, errors: dict | None = None, status: int = 400) -> Response:
    body = {"detail": detail}
    if errors:
        body["errors"] = errors
    return Response(body, status=status)
