from django.db import models


class AuditEvent(models.Model):
    """One insert, update or delete of a tracked row, written by a database trigger.

    Rows are never changed (a trigger refuses it). `user_id` is not a foreign key: the
    history must outlive the account; empty means no person was signed in (the shell,
    a management command, a background task or the database itself).
    """

    class Operation(models.TextChoices):
        INSERT = "INSERT", "Created"
        UPDATE = "UPDATE", "Changed"
        DELETE = "DELETE", "Deleted"

    table_name = models.CharField(max_length=100)
    row_id = models.CharField(max_length=40)
    operation = models.CharField(max_length=6, choices=Operation.choices)
    old_row = models.JSONField(null=True)
    new_row = models.JSONField(null=True)
    compact_id = models.BigIntegerField(null=True)
    user_id = models.BigIntegerField(null=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["compact_id", "-at", "-id"], name="audit_compact_at_idx"),
            models.Index(fields=["table_name", "row_id"], name="audit_row_idx"),
        ]

    def __str__(self):
        return f"{self.get_operation_display()} {self.table_name} {self.row_id}"
