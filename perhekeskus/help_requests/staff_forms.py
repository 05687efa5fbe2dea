"""The query-string forms of the coordinator's statistics and the admins' audit log.

Both pages are GET pages whose address can be bookmarked and shared, so every filter is a
query-string field validated here: bad input is a 400 with a message next to the field, never a
500 from a date the database cannot hold.
"""

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import AuditEvent
from .selectors import AuditFilters
from .statistics import MAX_PERIOD_DAYS, Period, default_period

# Days that can be asked about: wide enough for any real question, narrow enough that a day
# before or after them (the period's bounds) never overflows the date type.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)


def day_field(label) -> forms.DateField:
    message = gettext_lazy("Anna päivä väliltä 1.1.2000–31.12.2099.")
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        validators=[MinValueValidator(FIRST_DAY, message), MaxValueValidator(LAST_DAY, message)],
    )


class DateRangeForm(forms.Form):
    """`?from=YYYY-MM-DD&to=YYYY-MM-DD`, both optional. The field names are Python keywords,
    hence added in __init__."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = day_field(gettext_lazy("Alkaen"))
        self.fields["to"] = day_field(gettext_lazy("Päättyen"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            raise forms.ValidationError(_("Alkupäivä on myöhemmin kuin loppupäivä."))
        return cleaned


class PeriodForm(DateRangeForm):
    """The period of the statistics: by default the 12 ISO weeks up to `to` (today unless given),
    at most about three years."""

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        end = cleaned.get("to") or self.today
        start = cleaned.get("from") or default_period(end).start  # the 12 weeks up to `to`
        if start > end:
            raise forms.ValidationError(_("Alkupäivä on myöhemmin kuin loppupäivä."))
        if (end - start).days + 1 > MAX_PERIOD_DAYS:
            raise forms.ValidationError(
                _("Jakso on liian pitkä: enintään %(days)d päivää kerrallaan.") % {"days": MAX_PERIOD_DAYS}
            )
        cleaned["period"] = Period(start, end)
        return cleaned


class AuditFilterForm(DateRangeForm):
    """Filters of the audit log: a request number, an action and days (Finnish time)."""

    request = forms.IntegerField(label=gettext_lazy("Pyynnön numero"), required=False, min_value=1)
    action = forms.ChoiceField(
        label=gettext_lazy("Tapahtuma"),
        required=False,
        choices=[("", gettext_lazy("kaikki"))] + AuditEvent.Action.choices,
    )

    def filters(self) -> AuditFilters:
        """The (valid) filters for `selectors.audit_events`."""
        data = self.cleaned_data
        return AuditFilters(
            request_ref=data.get("request"),
            action=data.get("action") or "",
            first_day=data.get("from"),
            last_day=data.get("to"),
        )
