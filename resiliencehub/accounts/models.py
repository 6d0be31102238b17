from django.contrib.auth.models import AbstractUser
from django.db import models

from .roles import Role


class User(AbstractUser):
    """A person who signs in: hub staff, an organisation contact or a system administrator.

    Clients (keyworkers) never have a User: they reach their own records through
    single-use links and email verification (intake).
    """

    full_name = models.CharField(max_length=200, blank=True)

    class Meta:
        db_table = "accounts_user"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class Membership(models.Model):
    """One role a user holds in one hub. A user may hold several roles, in several hubs."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    hub = models.ForeignKey("hub.Hub", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "hub", "role"], name="unique_membership_role")
        ]
        ordering = ["hub__name", "role"]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.hub}"
