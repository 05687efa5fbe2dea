"""URL patterns of the help requests (urls_staff)."""

urlpatterns: list = []
