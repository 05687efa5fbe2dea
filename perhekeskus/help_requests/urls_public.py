"""URL patterns of the help requests (urls_public)."""

urlpatterns: list = []
