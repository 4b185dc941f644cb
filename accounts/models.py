from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models

# The account that records outliving an erased person point at (accounts.services). `.invalid`
# can never receive mail (RFC 2606), and it has no password, so nobody can sign in as it.
FORMER_MEMBER_EMAIL = "former-member@portal.invalid"


class UserManager(BaseUserManager):
    """People sign in with their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField("full name", max_length=200, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    @property
    def is_former_member(self) -> bool:
        return self.email == FORMER_MEMBER_EMAIL

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class ErasureRecord(models.Model):
    """That a person's personal data was erased: who asked, who erased it and when.

    It keeps none of the erased data: only the number the account had, so that entries
    in the admin's log can still be matched to the erasure."""

    former_account_id = models.PositiveIntegerField()
    requested_by = models.CharField("who asked", max_length=250)
    request_received_on = models.DateField("date the request was received")
    erased_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    erased_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-erased_at", "-id"]

    def __str__(self):
        return f"Erasure of account {self.former_account_id}"
