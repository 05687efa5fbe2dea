"""What the search finds of the calendar: activities by their names, description, place and
organisers (read by search/registry.py; the format is directory/searchable.py's)."""

from perhekeskus.directory.searchable import ADDRESS, DESCRIPTION, NAME, OWNER, PLACE, Document, Source


def activities() -> dict[int, Document]:
    from .models import Activity

    found = {}
    for activity in Activity.objects.select_related("place").prefetch_related("organizers"):
        fields = [(NAME, activity.name_fi), (NAME, activity.name_sv), (NAME, activity.name_en)]
        fields += [(DESCRIPTION, activity.description_fi), (ADDRESS, activity.place_note)]
        if activity.place:
            fields += [(PLACE, activity.place.name_fi), (ADDRESS, activity.place.address)]
        fields += [(OWNER, organizer.name_fi) for organizer in activity.organizers.all()]
        found[activity.pk] = ((activity.name_fi.casefold(), activity.slug), fields)
    return found


SOURCES = {
    "activities": Source(activities, ("activities.Activity", "directory.Location", "directory.Organization")),
}
