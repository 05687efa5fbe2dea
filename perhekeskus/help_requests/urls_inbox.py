"""URL patterns of the help requests (urls_inbox)."""

urlpatterns: list = []
