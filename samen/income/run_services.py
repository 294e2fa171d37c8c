"""The monthly payment runs as administration sees them: starting a run, its release by a
second person (four eyes), the reconciliation of its lines with the SEPA files, the files
themselves and the lines of a run per municipality. Screens and the API call these
functions; benefits as case work sees them are in :mod:`samen.income.services`.

Exporting a SEPA file, which holds clients' names and IBANs, is an export of personal data
and is audited with one entry per payment in it; reading a run's lines is audited per line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Purpose, policy_for
from samen.common import codes
from samen.income import deductions, payments, schedule
from samen.income.models import (
    OneOffPayment,
    PaymentDeduction,
    PaymentFile,
    PaymentLine,
    PaymentRun,
)
from samen.income.sepa import SepaConfigurationError
from samen.income.services import _scope, _subject
from samen.people.services import NotAllowed, NotVisible


# ---------------------------------------------------------------------------------------------
# The monthly run
# ---------------------------------------------------------------------------------------------
def may_view_runs(actor: Any) -> bool:
    return bool(getattr(actor, "has_perm", None) and actor.has_perm("income.view_paymentrun"))


def may_start_runs(actor: Any) -> bool:
    return bool(getattr(actor, "has_perm", None) and actor.has_perm("income.add_paymentrun"))


def runs(actor: Any) -> list[PaymentRun]:
    """The payment runs, newest first: figures per municipality, no personal data."""
    if not may_view_runs(actor):
        raise PermissionDenied("U mag de betaalruns niet inzien.")
    return list(PaymentRun.objects.order_by("-month")[:36])


def run_of(actor: Any, month: dt.date) -> PaymentRun | None:
    """The run of one month (any month, not only the recent ones)."""
    if not may_view_runs(actor):
        raise PermissionDenied("U mag de betaalruns niet inzien.")
    return PaymentRun.objects.filter(month=month.replace(day=1)).first()


def start_run(actor: Any, month: dt.date) -> PaymentRun:
    """Start (or resume) the run of ``month`` as a task: Celery in production, in-process in
    the embedded default. Running a month again pays nobody twice. Audited as one entry."""
    if not may_start_runs(actor):
        raise PermissionDenied("U mag geen betaalrun starten.")
    month = month.replace(day=1)
    today = timezone.localdate()
    if month > today.replace(day=1) + dt.timedelta(days=31):
        raise ValidationError({"month": "Een betaalrun kan hoogstens voor volgende maand."})
    from samen.income.tasks import run_month_task

    with transaction.atomic():
        run, _ = PaymentRun.objects.select_for_update().get_or_create(month=month)
        if run.released:
            raise ValidationError(
                {
                    "month": f"De betaalrun van {payments.month_label(month)} is al "
                    "vrijgegeven: er kan niets meer bij. Wat nog betaald moet worden, gaat "
                    "mee in een volgende betaalrun."
                }
            )
        # Four eyes: whoever starts (or resumes) a month may not release it.
        run.started_by.add(actor)
        audit.record(
            actor=actor,
            action=AuditEntry.Kind.CREATE,
            subjects=[audit.Subject("betaalrun", month.isoformat())],
            purpose=Purpose.UITVOERING.value,
            roles=policy_for(actor).role_names(),
        )
    transaction.on_commit(lambda: run_month_task.delay(month.isoformat()))
    return run


def may_release_runs(actor: Any) -> bool:
    return bool(getattr(actor, "has_perm", None) and actor.has_perm("income.release_paymentrun"))


class ReleaseRefused(Exception):
    """The run cannot be released now (already released, not finished, problems, files that
    do not agree with the lines, changed since the approver looked); the message says why."""


class NotReleased(Exception):
    """The SEPA file exists only once a second person has released the run."""


class FileDamaged(Exception):
    """A stored SEPA file no longer matches the SHA-256 recorded at its release."""


def _execution_date(month: dt.date) -> dt.date:
    """The payment date of the calendar, or today when that has passed (a bank refuses a
    requested execution date in the past)."""
    planned = schedule.payment_date(month)
    today = timezone.localdate()
    return max(planned.pay_on, today) if planned else today


def may_release(actor: Any, run: PaymentRun) -> bool:
    """Whether to offer the release: the right, a finished run not yet released, and not
    one the actor started. The service decides (and says why) when it is tried."""
    return (
        may_release_runs(actor)
        and not run.released
        and run.status == PaymentRun.Status.DONE
        and not run.started_by.filter(pk=actor.pk).exists()
    )


def started_by(actor: Any, run: PaymentRun) -> bool:
    return run.started_by.filter(pk=actor.pk).exists()


def _name(user: Any) -> str:
    staff = getattr(user, "staff", None)
    return staff.name if staff is not None else user.get_username()


def starters(run: PaymentRun) -> list[str]:
    """The names of those who started (or resumed) the run, for the run page."""
    return [_name(user) for user in run.started_by.select_related("staff").order_by("pk")]


def released_by_name(run: PaymentRun) -> str:
    return _name(run.released_by) if run.released_by is not None else ""


def release_run(
    actor: Any,
    month: dt.date,
    *,
    expected_attempts: int,
    purpose: Purpose = Purpose.UITVOERING,
) -> PaymentRun:
    """Release (vrijgeven) the run of ``month``: the second pair of eyes before money leaves.
    Only with the permission ``income.release_paymentrun``, never by someone who started the
    run, only once, only for a finished run without problems that nobody ran again since the
    approver saw it (``expected_attempts``), and only when every SEPA file agrees with the
    run's lines. The files are made here, validated against the XSD and stored with their
    SHA-256: from now on exactly these bytes are downloaded, and the run's lines can no
    longer change. The row lock makes two approvers at once one release. Audited as one
    entry for the run, with each file's hash, count and sum: the releaser sees figures, no
    personal data; the download of a file is the export (audited per payment)."""
    if not may_release_runs(actor):
        raise PermissionDenied("U mag geen betaalruns vrijgeven.")
    month = month.replace(day=1)
    label = payments.month_label(month)
    with transaction.atomic():
        run = PaymentRun.objects.select_for_update().filter(month=month).first()
        if run is None:
            raise ReleaseRefused(f"Er is geen betaalrun van {label}.")
        if run.released:
            raise ReleaseRefused(
                f"De betaalrun van {label} is al vrijgegeven, op "
                f"{timezone.localtime(run.released_at):%d-%m-%Y %H:%M} door "
                f"{released_by_name(run)}. Een betaalrun wordt maar één keer vrijgegeven."
            )
        if run.started_by.filter(pk=actor.pk).exists():
            raise PermissionDenied(
                f"U heeft de betaalrun van {label} zelf gestart. Een tweede medewerker met het "
                "recht om betaalruns vrij te geven moet hem goedkeuren (vier ogen)."
            )
        if run.status != PaymentRun.Status.DONE:
            raise ReleaseRefused(
                f"De betaalrun van {label} is niet gereed "
                f"(status: {run.get_status_display().lower()}). "
                "Alleen een afgeronde betaalrun kan worden vrijgegeven."
            )
        if run.not_calculated or run.missing_facts or run.error:
            raise ReleaseRefused(
                f"De betaalrun van {label} heeft problemen: {run.not_calculated} uitkering(en) "
                f"niet berekend door een fout en {run.missing_facts} zonder feiten, dus niet "
                "betaald. Los die op en start de maand opnieuw; geef hem daarna vrij."
            )
        if run.attempts != expected_attempts:
            raise ReleaseRefused(
                f"De betaalrun van {label} is intussen opnieuw gedraaid. Bekijk de nieuwe "
                "totalen en de aansluiting en geef hem daarna vrij."
            )
        when = _execution_date(month)
        try:
            files = payments.sepa_files(run, execution_date=when, validate=True)
        except SepaConfigurationError as error:
            raise ReleaseRefused(str(error)) from None
        result = reconcile(run, files)
        if not result.agrees:
            raise ReleaseRefused(
                "De betaalbestanden sluiten niet aan op de betaalregels, er is niets "
                f"vrijgegeven: {'; '.join(result.differences())}."
            )
        stored = {}
        for cbs, content in sorted(files.items()):
            figures = file_figures(content)
            digest = hashlib.sha256(content).hexdigest()
            PaymentFile.objects.create(
                run=run,
                municipality_code=cbs,
                content=content,
                sha256=digest,
                transactions=figures[0],
                control_sum=figures[1],
                execution_date=when,
            )
            stored[cbs] = {"sha256": digest, "aantal": figures[0], "bedrag": str(figures[1])}
        run.released_at = timezone.now()
        run.released_by = actor
        run.save(update_fields=["released_at", "released_by"])
        # What the deductions settled is booked now, once: the release happens once per run
        # (row lock above), and a failure here refuses the whole release.
        deductions.released(run)
        audit.record(
            actor=actor,
            action=AuditEntry.Kind.UPDATE,
            subjects=[audit.Subject("betaalrun", month.isoformat())],
            purpose=purpose.value,
            roles=policy_for(actor).role_names(),
            changes={
                "vrijgegeven": {
                    "bestanden": stored,
                    "uitvoeringsdatum": when.isoformat(),
                    "totaal": str(run.amount_total),
                    "poging": run.attempts,
                }
            },
        )
    return run


# ---------------------------------------------------------------------------------------------
# Reconciliation: the run's lines against the SEPA files
# ---------------------------------------------------------------------------------------------
SEPA_NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


def file_figures(content: bytes) -> tuple[int, Decimal]:
    """NbOfTxs and CtrlSum of a pain.001 file's group header, read from the XML itself."""
    # Our own file, just made by sepaxml or read back from our database, not outside input.
    root = ElementTree.fromstring(content)  # noqa: S314
    header = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", SEPA_NS)
    if header is None:
        return 0, Decimal("0.00")
    count = int(header.findtext("p:NbOfTxs", default="0", namespaces=SEPA_NS))
    total = Decimal(header.findtext("p:CtrlSum", default="0", namespaces=SEPA_NS))
    return count, total.quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Reconciled:
    """One paying municipality: the run's lines above 0.00 (those transferred; a line of
    0.00 is recorded but not in the file) against the file's NbOfTxs and CtrlSum."""

    cbs_code: str
    lines: int
    amount: Decimal
    zero_lines: int
    file_lines: int | None
    file_amount: Decimal | None
    error: str = ""

    @property
    def agrees(self) -> bool:
        if self.error:
            return False
        if self.file_lines is None:  # no file: right only when nothing is transferred
            return self.lines == 0
        return self.file_lines == self.lines and self.file_amount == self.amount


@dataclass(frozen=True)
class Reconciliation:
    rows: list[Reconciled]
    run_amount: Decimal  # the total recorded on the run when it finished
    released: bool
    error: str = ""

    @property
    def lines(self) -> int:
        return sum(r.lines for r in self.rows)

    @property
    def amount(self) -> Decimal:
        return sum((r.amount for r in self.rows), Decimal("0.00"))

    @property
    def file_lines(self) -> int:
        return sum(r.file_lines or 0 for r in self.rows)

    @property
    def file_amount(self) -> Decimal:
        return sum((r.file_amount or Decimal("0.00") for r in self.rows), Decimal("0.00"))

    @property
    def agrees(self) -> bool:
        return (
            not self.error
            and all(r.agrees for r in self.rows)
            and self.amount == self.file_amount == self.run_amount
        )

    def differences(self) -> list[str]:
        def euro(amount: Decimal | None) -> str:
            text = f"{amount or 0:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
            return f"€ {text}"

        found = [self.error] if self.error else []
        for r in self.rows:
            if r.error:
                found.append(f"{r.cbs_code}: {r.error}")
            elif not r.agrees:
                found.append(
                    f"{r.cbs_code}: {r.lines} betaalregels ({euro(r.amount)}), in het bestand "
                    f"{r.file_lines or 0} ({euro(r.file_amount)})"
                )
        if self.amount != self.run_amount:
            found.append(
                f"totaal van de regels {euro(self.amount)}, vastgelegd bij de run "
                f"{euro(self.run_amount)}"
            )
        return found


def _line_totals(run: PaymentRun) -> dict[str, dict[str, Any]]:
    rows = (
        PaymentLine.objects.filter(run=run)
        .values("benefit__municipality__cbs_code")
        .annotate(
            n=models.Count("id", filter=models.Q(amount__gt=0)),
            zero=models.Count("id", filter=models.Q(amount=0)),
            amount=models.Sum("amount"),
        )
    )
    totals = {
        row["benefit__municipality__cbs_code"]: {
            "n": row["n"],
            "zero": row["zero"],
            "amount": Decimal(row["amount"] or 0).quantize(Decimal("0.01")),
        }
        for row in rows
    }
    # A deduction paid to a third party is a transfer of its own in the file.
    transfers = (
        PaymentDeduction.objects.filter(line__run=run)
        .exclude(creditor_iban="")
        .values("line__benefit__municipality__cbs_code")
        .annotate(n=models.Count("id"), amount=models.Sum("amount"))
        .order_by()
    )
    for row in transfers:
        entry = totals.setdefault(
            row["line__benefit__municipality__cbs_code"],
            {"n": 0, "zero": 0, "amount": Decimal("0.00")},
        )
        entry["n"] += row["n"]
        entry["amount"] += Decimal(row["amount"] or 0).quantize(Decimal("0.01"))
    # So is a one-off payment (a penalty for not deciding in time).
    for row in (
        OneOffPayment.objects.filter(run=run)
        .values("municipality__cbs_code")
        .annotate(n=models.Count("id"), amount=models.Sum("amount"))
        .order_by()
    ):
        entry = totals.setdefault(
            row["municipality__cbs_code"], {"n": 0, "zero": 0, "amount": Decimal("0.00")}
        )
        entry["n"] += row["n"]
        entry["amount"] += Decimal(row["amount"] or 0).quantize(Decimal("0.01"))
    return totals


def reconcile(
    run: PaymentRun, files: dict[str, bytes], errors: dict[str, str] | None = None
) -> Reconciliation:
    """Per paying municipality and in total: the sum and number of the run's lines against
    the CtrlSum and NbOfTxs in its file, and the lines' total against the run's total."""
    totals = _line_totals(run)
    figures = {cbs: file_figures(content) for cbs, content in files.items()}
    rows = []
    for cbs in sorted(set(totals) | set(figures)):
        line = totals.get(cbs, {"n": 0, "zero": 0, "amount": Decimal("0.00")})
        counted = figures.get(cbs)
        rows.append(
            Reconciled(
                cbs_code=cbs,
                lines=line["n"],
                amount=line["amount"],
                zero_lines=line["zero"],
                file_lines=counted[0] if counted else None,
                file_amount=counted[1] if counted else None,
                error=(errors or {}).get(cbs, ""),
            )
        )
    return Reconciliation(
        rows=rows,
        run_amount=Decimal(run.amount_total).quantize(Decimal("0.01")),
        released=run.released,
    )


def reconciliation(actor: Any, run: PaymentRun) -> Reconciliation | None:
    """What the run page shows: for a released run the stored files (each checked against
    its SHA-256), for a finished one the files as the release would make them now; None
    while the run is not finished. Figures only, no personal data."""
    if not may_view_runs(actor):
        raise PermissionDenied("U mag de betaalruns niet inzien.")
    if run.status != PaymentRun.Status.DONE:
        return None
    if run.released:
        files = {}
        damaged = {}
        for stored in PaymentFile.objects.filter(run=run):
            content = bytes(stored.content)
            files[stored.municipality_code] = content
            if hashlib.sha256(content).hexdigest() != stored.sha256:
                damaged[stored.municipality_code] = (
                    "het opgeslagen bestand klopt niet meer met zijn SHA-256"
                )
        return reconcile(run, files, damaged)
    try:
        files = payments.sepa_files(run, execution_date=_execution_date(run.month))
    except SepaConfigurationError as error:
        return Reconciliation(
            rows=reconcile(run, {}).rows,
            run_amount=Decimal(run.amount_total).quantize(Decimal("0.01")),
            released=False,
            error=str(error),
        )
    return reconcile(run, files)


# ---------------------------------------------------------------------------------------------
# The SEPA file and the lines of a run
# ---------------------------------------------------------------------------------------------
def _stored_file(run: PaymentRun, municipality_code: str) -> PaymentFile | None:
    return PaymentFile.objects.filter(run=run, municipality_code=municipality_code).first()


def sepa_file(
    actor: Any, month: dt.date, municipality_code: str, purpose: Purpose = Purpose.UITVOERING
) -> bytes:
    """The pain.001 file of one paying municipality for a month, exactly as it was made when
    the run was released (:class:`NotReleased` before that): an export of personal data
    (names and IBANs), allowed to those whose grant exports Participatiewet data of that
    municipality, and audited with one entry per payment in it."""
    policy = policy_for(actor)
    month = month.replace(day=1)
    run = PaymentRun.objects.filter(month=month, status=PaymentRun.Status.DONE).first()
    exportable = _scope(policy, Action.EXPORT).filter(municipality__cbs_code=municipality_code)
    if run is None or not exportable.exists():
        raise NotVisible("Geen betaalbestand gevonden, of u heeft geen toegang.")
    paid = (
        PaymentLine.objects.filter(
            run=run, benefit__municipality__cbs_code=municipality_code, amount__gt=0
        )
        .select_related("benefit__person", "benefit__municipality", "benefit__domain")
        .order_by("pk")
    )
    one_offs = OneOffPayment.objects.filter(
        run=run, municipality__cbs_code=municipality_code
    ).select_related("person", "municipality", "domain")
    if not paid.exists() and not one_offs.exists():
        raise NotVisible("Geen betaalbestand gevonden, of u heeft geen toegang.")
    if not run.released:
        raise NotReleased(
            f"Het betaalbestand van {payments.month_label(month)} is nog niet vrijgegeven. "
            "Een tweede medewerker met het recht om betaalruns vrij te geven (niet degene die "
            "de run startte) moet de betaalrun eerst goedkeuren; daarna kunt u het bestand "
            "downloaden."
        )
    stored = _stored_file(run, municipality_code)
    if stored is None:
        raise NotVisible("Geen betaalbestand gevonden, of u heeft geen toegang.")
    content = bytes(stored.content)
    if hashlib.sha256(content).hexdigest() != stored.sha256:
        raise FileDamaged(
            "Het opgeslagen betaalbestand klopt niet meer met de SHA-256 van de vrijgave en "
            "wordt niet verstrekt. Meld dit bij functioneel beheer."
        )
    # The file is one whole: it may leave only with someone who may export every payment in
    # it (a benefit of a confidential case needs a grant at that level).
    exportable_one_offs = policy.scope_records(one_offs, Action.EXPORT)
    if paid.exclude(benefit__in=exportable).exists() or (
        one_offs.exclude(pk__in=exportable_one_offs.values("pk")).exists()
    ):
        audit.refused(actor, policy, purpose, audit.Subject("betaalbestand", municipality_code))
        raise NotAllowed(
            "Het betaalbestand bevat betalingen op uitkeringen met een hogere "
            "vertrouwelijkheid dan u mag exporteren."
        )
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.EXPORT,
        subjects=[
            *(_subject(line.benefit, "betaling") for line in paid),
            *(
                audit.Subject(
                    object_type="eenmalige-betaling",
                    object_id=str(one_off.pk),
                    data_subject_id=one_off.person.bsn,
                    municipality_code=one_off.municipality.cbs_code,
                    domain_code=one_off.domain.code,
                )
                for one_off in one_offs
            ),
        ],
        purpose=purpose.value,
        roles=policy.role_names(),
    )
    return content


@dataclass(frozen=True)
class LinePage:
    items: list[PaymentLine]
    total: int


def run_lines(
    actor: Any,
    month: dt.date,
    municipality_code: str,
    *,
    search: str = "",
    offset: int = 0,
    limit: int = 25,
    purpose: Purpose = Purpose.UITVOERING,
) -> LinePage:
    """A page of the payment lines of one paying municipality in the run of ``month``:
    only those on benefits the actor may read (the one policy, as for a benefit), searched
    by BSN (nine digits) or by name (every word in a given name, prefix or surname). Every
    line shown is audited as a list read, one entry per payment, as the person list does.
    Raises :class:`NotVisible` when there is no run of that month."""
    if not may_view_runs(actor):
        raise PermissionDenied("U mag de betaalruns niet inzien.")
    run = PaymentRun.objects.filter(month=month.replace(day=1)).first()
    if run is None:
        raise NotVisible("Betaalrun niet gevonden.")
    policy = policy_for(actor)
    if not policy.grants_for(Action.READ):
        return LinePage([], 0)
    lines = PaymentLine.objects.filter(
        run=run,
        benefit__municipality__cbs_code=municipality_code,
        benefit__in=_scope(policy, Action.READ).values("pk"),
    )
    search = search.strip()
    if search.isdigit():
        try:
            bsn = codes.parse_bsn_shape(search)
        except codes.InputError as error:
            raise ValidationError({"search": str(error)}) from None
        lines = lines.filter(benefit__person__bsn=bsn)
    elif search:
        for word in search.split()[:10]:
            lines = lines.filter(
                models.Q(benefit__person__given_names__icontains=word)
                | models.Q(benefit__person__surname_prefix__icontains=word)
                | models.Q(benefit__person__surname__icontains=word)
            )
    total = lines.count()
    shown = list(
        lines.select_related(
            "benefit__person", "benefit__municipality", "benefit__domain"
        ).order_by("benefit__person__surname", "benefit__person__given_names", "pk")[
            offset : offset + limit
        ]
    )
    if shown:
        audit.record(
            actor=actor,
            action=AuditEntry.Kind.LIST,
            subjects=[_subject(line.benefit, "betaling") for line in shown],
            purpose=purpose.value,
            roles=policy.role_names(),
        )
    return LinePage(shown, total)
