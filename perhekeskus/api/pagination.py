from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 20
