"""Small database expressions that Django does not ship, for SQLite and PostgreSQL alike."""

from django.db.models import F, FloatField, Func, QuerySet


class DaysBetween(Func):
    """Days (fractional) from one datetime column to another, computed in the database.

    Django's own datetime subtraction on SQLite calls a Python function per row; this
    uses `julianday` there and `EXTRACT(EPOCH …)` on PostgreSQL, so it can sort 100k rows.
    """

    output_field = FloatField()
    arity = 2

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)",
            arg_joiner=" - ",
            **extra,
        )


def median_days(queryset: QuerySet, start: str, end: str) -> tuple[float | None, int]:
    """The median of `end - start` in days over `queryset`, and how many rows it covers.

    Sorted and picked in the database (two small queries), never by loading every row.
    The median of an even count is the mean of the two middle values, as in `statistics`.
    """
    rows = queryset.filter(**{f"{start}__isnull": False, f"{end}__isnull": False})
    count = rows.count()
    if not count:
        return None, 0
    days = rows.annotate(_days=DaysBetween(F(end), F(start))).order_by("_days")
    middle = list(days.values_list("_days", flat=True)[(count - 1) // 2 : count // 2 + 1])
    return sum(middle) / len(middle), count
