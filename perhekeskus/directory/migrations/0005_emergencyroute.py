"""EmergencyRoute moves from help_requests to the directory: the help-request pages, their
receipts and the professionals' guide all show the emergency numbers, so they live below those
apps. The table, its rows and the permissions (with the coordinator's grant) stay as they were:
only Django's idea of the owning app changes, and the content type row follows it."""

import django.db.models.deletion
from django.db import migrations, models


def move_content_type(apps, schema_editor, *, source="help_requests", target="directory"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label=target, model="emergencyroute").exists():
        return
    ContentType.objects.filter(app_label=source, model="emergencyroute").update(app_label=target)


def move_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="directory", target="help_requests")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0004_social_media_channels"),
        ("help_requests", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="EmergencyRoute",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("order", models.PositiveSmallIntegerField(default=0)),
                        (
                            "area",
                            models.ForeignKey(
                                blank=True,
                                help_text="Tyhjä: näytetään kaikkialla.",
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                to="directory.area",
                            ),
                        ),
                        (
                            "service",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="emergency_routes",
                                to="directory.service",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "hätäreitti",
                        "verbose_name_plural": "hätäreitit",
                        "db_table": "help_requests_emergencyroute",
                        "ordering": ["order", "pk"],
                        "unique_together": {("service", "area")},
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_type, move_back),
    ]
