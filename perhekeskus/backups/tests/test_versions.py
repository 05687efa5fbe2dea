"""How a backup's migrations stand against the code's (versions.py), which restore reports."""

from django.db.migrations.loader import MigrationLoader

from perhekeskus.backups.versions import compare


def code_latest() -> dict[str, str]:
    return dict(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())


def test_a_backup_at_the_code_s_migrations_matches():
    assert compare(code_latest()).matches


def test_a_backup_made_before_an_app_s_newest_migration_needs_migrate():
    latest = code_latest()
    latest["auth"] = "0011_update_proxy_permissions"
    del latest["sessions"]  # an app the backup's release did not have yet
    gap = compare(latest)
    assert (gap.behind, gap.unknown) == (["auth", "sessions"], [])


def test_a_backup_made_by_a_newer_release_names_the_migrations_the_code_lacks():
    latest = {**code_latest(), "help_requests": "0099_from_the_future", "newapp": "0001_initial"}
    gap = compare(latest)
    assert (gap.behind, gap.unknown) == ([], ["help_requests.0099_from_the_future", "newapp.0001_initial"])
