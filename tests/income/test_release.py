"""Four eyes before money leaves (issue 12 item 7): a payment run's SEPA files exist only
after a second person with the release right approved the run; the starter cannot release,
nobody can release twice, and once released the files and the lines are final."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from samen.access.models import AuditEntry
from samen.income import run_services as services
from samen.income.models import Benefit, PaymentFile, PaymentLine, PaymentRun
from samen.income.payments import RunReleased, run_month, sepa_files
from tests import factories
from tests.income.test_payments import MARCH, FakeCalculator, five, make_benefit, municipalities

__all__ = ["five", "municipalities"]  # fixtures

PAY_DAY = dt.date(2026, 3, 25)


def user_with(*codenames: str, username: str) -> Any:
    user = factories.UserFactory(username=username)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return type(user).objects.get(pk=user.pk)  # fresh: no cached permissions


@pytest.fixture
def starter(db: None) -> Any:
    # An administration member who may start and (for others' runs) release.
    return user_with("view_paymentrun", "add_paymentrun", "release_paymentrun", username="starter")


@pytest.fixture
def approver(db: None) -> Any:
    return user_with("view_paymentrun", "release_paymentrun", username="approver")


def started_run(starter: Any, django_capture_on_commit_callbacks: Any) -> PaymentRun:
    """March started by ``starter`` through the service (the task is not executed), then
    run with the fake calculator, as the worker would."""
    with django_capture_on_commit_callbacks(execute=False):
        services.start_run(starter, MARCH)
    return run_month(MARCH, calculate=FakeCalculator())


@pytest.fixture
def run(five: list[Benefit], starter: Any, django_capture_on_commit_callbacks: Any) -> PaymentRun:
    return started_run(starter, django_capture_on_commit_callbacks)


def test_the_service_records_who_started_the_run(run: PaymentRun, starter: Any) -> None:
    assert list(run.started_by.all()) == [starter]
    assert services.starters(run) == ["starter"]
    assert not run.released


def test_the_starter_cannot_release_the_run(run: PaymentRun, starter: Any) -> None:
    with pytest.raises(PermissionDenied, match="zelf gestart.*tweede medewerker"):
        services.release_run(starter, MARCH, expected_attempts=run.attempts)
    run.refresh_from_db()
    assert not run.released and run.released_by is None
    assert not PaymentFile.objects.exists()
    assert not services.may_release(starter, run)


def test_a_second_person_releases_and_the_files_are_stored_with_their_hash(
    run: PaymentRun, approver: Any
) -> None:
    assert services.may_release(approver, run)

    released = services.release_run(approver, MARCH, expected_attempts=run.attempts)

    assert released.released and released.released_by == approver
    stored = {f.municipality_code: f for f in PaymentFile.objects.filter(run=run)}
    assert sorted(stored) == ["GM0935", "GM0938", "GM0981"]
    # A file made again differs (its message id and creation time are new each time):
    # hence the stored bytes and their hash, not a recipe to make them again.
    again = sepa_files(run, execution_date=stored["GM0981"].execution_date)
    assert bytes(stored["GM0981"].content) != again["GM0981"]
    for file in stored.values():
        content = bytes(file.content)
        assert file.sha256 == hashlib.sha256(content).hexdigest()
        for line in PaymentLine.objects.filter(
            run=run, benefit__municipality__cbs_code=file.municipality_code, amount__gt=0
        ):
            assert line.benefit.iban.encode() in content
    assert (stored["GM0938"].transactions, stored["GM0938"].control_sum) == (1, Decimal("850.10"))
    entry = AuditEntry.objects.get(object_type="betaalrun", action="update")
    assert entry.actor_id == approver.pk
    assert entry.changes["vrijgegeven"]["bestanden"]["GM0981"] == {
        "sha256": stored["GM0981"].sha256,
        "aantal": 1,
        "bedrag": "1234.56",
    }
    assert entry.data_subject_id == ""  # the release discloses no personal data


def test_a_released_run_cannot_be_released_again(run: PaymentRun, approver: Any) -> None:
    services.release_run(approver, MARCH, expected_attempts=run.attempts)
    other = user_with("view_paymentrun", "release_paymentrun", username="other")
    for who in (approver, other):
        with pytest.raises(services.ReleaseRefused, match="al vrijgegeven.*maar één keer"):
            services.release_run(who, MARCH, expected_attempts=run.attempts)
    assert PaymentFile.objects.count() == 3
    assert AuditEntry.objects.filter(object_type="betaalrun", action="update").count() == 1
    run.refresh_from_db()
    assert run.released_by == approver


def test_release_needs_the_permission(run: PaymentRun) -> None:
    viewer = user_with("view_paymentrun", username="viewer")
    with pytest.raises(PermissionDenied, match="U mag geen betaalruns vrijgeven"):
        services.release_run(viewer, MARCH, expected_attempts=run.attempts)
    assert not PaymentFile.objects.exists()


def test_an_unfinished_run_or_one_with_problems_is_not_released(
    run: PaymentRun, approver: Any
) -> None:
    PaymentRun.objects.filter(pk=run.pk).update(status=PaymentRun.Status.RUNNING)
    with pytest.raises(services.ReleaseRefused, match="niet gereed.*lopend"):
        services.release_run(approver, MARCH, expected_attempts=run.attempts)
    PaymentRun.objects.filter(pk=run.pk).update(status=PaymentRun.Status.DONE, not_calculated=1)
    with pytest.raises(services.ReleaseRefused, match="problemen: 1 uitkering"):
        services.release_run(approver, MARCH, expected_attempts=run.attempts)
    assert not PaymentFile.objects.exists()
    with pytest.raises(services.ReleaseRefused, match="geen betaalrun van april 2026"):
        services.release_run(approver, dt.date(2026, 4, 1), expected_attempts=1)


def test_a_run_that_ran_again_since_the_approver_looked_is_not_released(
    run: PaymentRun, approver: Any
) -> None:
    seen = run.attempts
    run_month(MARCH, calculate=FakeCalculator())  # a benefit granted since could be added
    with pytest.raises(services.ReleaseRefused, match="intussen opnieuw gedraaid"):
        services.release_run(approver, MARCH, expected_attempts=seen)
    assert services.release_run(approver, MARCH, expected_attempts=seen + 1).released


def test_lines_that_disagree_with_the_run_total_refuse_the_release(
    run: PaymentRun, approver: Any
) -> None:
    # a line lost after the run finished: the files follow the lines, the run total does not
    PaymentLine.objects.filter(run=run, benefit__municipality__cbs_code="GM0981").delete()
    check = services.reconciliation(approver, PaymentRun.objects.get(pk=run.pk))
    assert check is not None and not check.agrees
    with pytest.raises(services.ReleaseRefused, match="sluiten niet aan.*vastgelegd bij de run"):
        services.release_run(approver, MARCH, expected_attempts=run.attempts)
    assert not PaymentFile.objects.exists()


def test_the_reconciliation_compares_the_lines_with_ctrlsum_and_nboftxs(
    run: PaymentRun, approver: Any
) -> None:
    before = services.reconciliation(approver, run)
    assert before is not None and before.agrees and not before.released
    rows = {r.cbs_code: r for r in before.rows}
    assert (rows["GM0938"].lines, rows["GM0938"].zero_lines) == (1, 1)
    assert rows["GM0938"].file_amount == Decimal("850.10")
    assert before.amount == before.file_amount == Decimal("4084.66")
    assert before.file_lines == 4

    services.release_run(approver, MARCH, expected_attempts=run.attempts)
    after = services.reconciliation(approver, PaymentRun.objects.get(pk=run.pk))
    assert after is not None and after.agrees and after.released

    # a stored file that was tampered with no longer agrees (and is not served)
    PaymentFile.objects.filter(municipality_code="GM0981").update(content=b"<xml/>")
    damaged = services.reconciliation(approver, PaymentRun.objects.get(pk=run.pk))
    assert damaged is not None and not damaged.agrees
    assert "SHA-256" in "; ".join(damaged.differences())


def test_after_the_release_the_lines_and_files_are_final(
    run: PaymentRun, approver: Any, starter: Any, django_capture_on_commit_callbacks: Any
) -> None:
    services.release_run(approver, MARCH, expected_attempts=run.attempts)
    late = make_benefit(Benefit.objects.first().municipality, 99)  # granted after the release

    with pytest.raises(RunReleased, match="vrijgegeven: er kan niets meer bij"):
        run_month(MARCH, calculate=FakeCalculator())
    with pytest.raises(ValidationError, match="al vrijgegeven"):
        services.start_run(starter, MARCH)
    line = PaymentLine.objects.filter(run=run).first()
    assert line is not None
    line.amount = Decimal("1.00")
    with pytest.raises(ValidationError, match="nooit gewijzigd"):
        line.save()
    with pytest.raises(ValidationError, match="vrijgegeven"):
        line.delete()
    with pytest.raises(ValidationError, match="er kan geen betaalregel meer bij"):
        PaymentLine.objects.create(
            run=run, benefit=late, month=MARCH, amount=Decimal("5.00"), calculation={}
        )
    stored = PaymentFile.objects.first()
    assert stored is not None
    with pytest.raises(ValidationError, match="nooit gewijzigd"):
        stored.save()
    with pytest.raises(ValidationError, match="nooit verwijderd"):
        stored.delete()
    assert PaymentLine.objects.filter(run=run).count() == 5
    run.refresh_from_db()
    assert run.status == PaymentRun.Status.DONE  # the refused resume did not touch it


@pytest.mark.skipif(
    "postgresql" not in __import__("django.db").db.connection.vendor,
    reason="two approvers at once need two connections to a server (SQLite serialises them)",
)
@pytest.mark.django_db(transaction=True)
def test_two_approvers_at_once_make_one_release(
    municipalities: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    make_benefit(municipalities["GM0981"], 1)
    starter = user_with(
        "view_paymentrun", "add_paymentrun", "release_paymentrun", username="starter"
    )
    run = started_run(starter, django_capture_on_commit_callbacks)
    approvers = [
        user_with("view_paymentrun", "release_paymentrun", username=f"approver{i}")
        for i in range(2)
    ]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def release(user: Any) -> None:
        try:
            barrier.wait()
            services.release_run(user, MARCH, expected_attempts=run.attempts)
            outcomes.append("vrijgegeven")
        except services.ReleaseRefused as refusal:
            outcomes.append(str(refusal))
        finally:
            connection.close()

    threads = [threading.Thread(target=release, args=(user,)) for user in approvers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes)[1] == "vrijgegeven"
    assert "al vrijgegeven" in sorted(outcomes)[0]
    assert PaymentFile.objects.count() == 1
    assert AuditEntry.objects.filter(object_type="betaalrun", action="update").count() == 1
