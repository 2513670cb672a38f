from rest_framework.pagination import PageNumberPagination


class PagePagination(PageNumberPagination):
    """?page=2&per_page=50, as OSDI names them; at most 100 a page."""

    page_size_query_param = "per_page"
    max_page_size = 100
