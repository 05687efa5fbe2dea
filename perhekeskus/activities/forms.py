"""The calendar pages' parameters: which week, and the filters of the today and this-week lists.

Every parameter is validated here, as in the directory's search form: a week that is not a date,
a year far off, an unknown slug or an age that is not a number is a clear message and a 400,
never a 500 and never a silently empty calendar.
"""

from django import forms
from django.core.validators import validate_slug
from django.utils.translation import gettext_lazy as _

from perhekeskus.directory.forms import AgeField, clean_query, query_field
from perhekeskus.directory.models import Area, Location, Organization, TargetGroup

FIRST_YEAR, LAST_YEAR = 2000, 2099


class WeekForm(forms.Form):
    """?week=YYYY-MM-DD, any day of the week; empty for this week."""

    week = forms.DateField(
        label=_("Viikko"),
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Anna viikon päivä muodossa VVVV-KK-PP, esim. 2022-02-14.")},
    )

    def clean_week(self):
        day = self.cleaned_data.get("week")
        if day and not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Kalenterissa on vuodet %(first)d–%(last)d."), params={"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return day


class SlugChoiceField(forms.ModelChoiceField):
    """A choice by slug; anything that cannot be a slug is refused before the database sees it."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="slug", required=False, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            validate_slug(value)
        except forms.ValidationError:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None
        return super().to_python(value)


class OccurrenceFilterForm(forms.Form):
    """Filters of the today and this-week lists: words to look for, then slugs, and the age."""

    q = query_field(_("Hakusana"))

    target_group = SlugChoiceField(
        TargetGroup.objects.all(),
        label=_("Kenelle"),
        empty_label=_("Kaikki kohderyhmät"),
        error_messages={"invalid_choice": _("Tuntematon kohderyhmä.")},
    )
    age = AgeField(label=_("Lapsen ikä"))
    organizer = SlugChoiceField(
        Organization.objects.all(),
        label=_("Järjestäjä"),
        empty_label=_("Kaikki järjestäjät"),
        error_messages={"invalid_choice": _("Tuntematon järjestäjä.")},
    )
    place = SlugChoiceField(
        Location.objects.all(),
        label=_("Paikka"),
        empty_label=_("Kaikki paikat"),
        error_messages={"invalid_choice": _("Tuntematon paikka.")},
    )
    area = SlugChoiceField(
        Area.objects.all(),
        label=_("Alue"),
        empty_label=_("Kaikki alueet"),
        error_messages={"invalid_choice": _("Tuntematon kunta tai alue.")},
    )

    def clean_q(self):
        return clean_query(self.cleaned_data.get("q") or "")
