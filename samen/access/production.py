"""What production requires of the audit trail's configuration: its own key for the keyed
hashes and checkpoint signatures, and a checkpoint directory outside the database.

Pure (no Django imports), so that the settings can apply the same rules at import time as the
system check (:mod:`samen.access.checks`) and the WSGI entry point do later.
"""

from __future__ import annotations

MIN_KEY_LENGTH = 32
REFUSAL = "Productiemodus weigert te starten: "


def key_problem(key: str, *, development_key: str, secret_key: str) -> str | None:
    """Why ``key`` (SAMEN_AUDIT_KEY) cannot be used in production, or None."""
    if not key or key == development_key or len(key) < MIN_KEY_LENGTH:
        return (
            f"zet SAMEN_AUDIT_KEY op een eigen geheime sleutel van minstens {MIN_KEY_LENGTH} "
            "tekens voor de audittrail (de ontwikkelsleutel is niet toegestaan)"
        )
    if key == secret_key:
        return "SAMEN_AUDIT_KEY moet een andere sleutel zijn dan DJANGO_SECRET_KEY"
    return None


def checkpoint_dir_problem(directory: str) -> str | None:
    """Why ``directory`` (SAMEN_AUDIT_CHECKPOINT_DIR) cannot be used in production, or None.
    Only whether it is set; whether it exists is checked when the application starts."""
    if not directory.strip():
        return (
            "zet SAMEN_AUDIT_CHECKPOINT_DIR op een map buiten de database voor de checkpoints "
            "van de audittrail, op opslag die bestanden niet laat wijzigen (zie "
            "docs/operations.md)"
        )
    return None
