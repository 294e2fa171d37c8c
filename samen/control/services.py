"""Internal control: draw a sample, read it, record findings, close it (the report is in
:mod:`samen.control.reports`).

Who: the holders of a grant whose role is a :class:`~samen.control.models.ControlRole`
(``interne-controle``), for the municipalities of that grant. A sample of any other
municipality is :class:`NotVisible` (404), exactly like one that does not exist, and the
refusal is audited. What the sample points at (decisions, payment lines) is read only through
``samen.cases.sampling`` and ``samen.income.sampling``, which apply the one access policy and
audit every decision and line handed out with purpose *controle*. Writes are transactions;
a finding that is changed carries its ``version`` (optimistic locking).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Purpose, policy_for
from samen.cases import sampling as case_sampling
from samen.control import sampling, score
from samen.control.models import (
    MAX_REMARK,
    ChecklistQuestion,
    ControlRole,
    Finding,
    Population,
    Sample,
    SampleItem,
    SampleRule,
    Verdict,
)
from samen.income import sampling as income_sampling
from samen.organisation.models import Municipality
from samen.people.services import NotAllowed, NotVisible, VersionConflict

__all__ = ["NotAllowed", "NotVisible", "VersionConflict", "draw_sample", "get_sample"]

PURPOSE = Purpose.CONTROLE
MAX_PERIOD_DAYS = 366


# ---------------------------------------------------------------------------------------------
# Who may control which municipality
# ---------------------------------------------------------------------------------------------
def control_municipality_ids(actor: Any) -> set[int]:
    """The municipalities of the actor's grants whose role performs internal control."""
    roles = set(ControlRole.objects.values_list("role_code", flat=True))
    policy = policy_for(actor)
    return {
        m
        for g in policy.grants_for(Action.READ)
        if g.role_code in roles
        for m in g.municipality_ids
    }


def may_control(actor: Any) -> bool:
    return bool(control_municipality_ids(actor))


def controlled_municipalities(actor: Any) -> list[Municipality]:
    return list(
        Municipality.objects.filter(pk__in=control_municipality_ids(actor)).order_by("name")
    )


def staff_name(actor: Any) -> str:
    staff = getattr(actor, "staff", None)
    return str(getattr(staff, "name", "") or actor.get_username())


def _sample_subject(sample: Sample) -> audit.Subject:
    return audit.Subject(
        object_type="steekproef",
        object_id=str(sample.pk),
        municipality_code=sample.municipality.cbs_code,
    )


def refuse(actor: Any, object_type: str, pk: object, what: str) -> NotVisible:
    audit.refused(actor, policy_for(actor), PURPOSE, audit.Subject(object_type, str(pk)[:64]))
    return NotVisible(f"{what} niet gevonden, of u heeft geen toegang.")


def _sample(actor: Any, pk: object, *, lock: bool = False) -> Sample:
    found = Sample.objects.select_related("municipality")
    if lock:
        found = found.select_for_update()
    try:
        sample = found.get(pk=int(str(pk)), municipality_id__in=control_municipality_ids(actor))
    except (Sample.DoesNotExist, ValueError, OverflowError):
        raise refuse(actor, "steekproef", pk, "Steekproef") from None
    return sample


# ---------------------------------------------------------------------------------------------
# Drawing a sample
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewSample:
    municipality_code: str
    period_from: dt.date
    period_until: dt.date
    seed: int | None = None


def _rule(population: str, day: dt.date) -> SampleRule:
    rule = SampleRule.objects.valid_on(day).filter(population=population).first()
    if rule is None:
        raise ValidationError(
            {
                "period_until": f"Er geldt op {day:%d-%m-%Y} geen steekproefregel voor de "
                f"{Population(population).label.lower()}; vraag functioneel beheer die vast "
                "te leggen."
            },
            code="no_rule",
        )
    return rule


def _check(data: NewSample, today: dt.date) -> None:
    errors: dict[str, str] = {}
    if data.period_until < data.period_from:
        errors["period_until"] = "Het einde van de periode ligt vóór het begin."
    elif (data.period_until - data.period_from).days >= MAX_PERIOD_DAYS:
        errors["period_until"] = "Een steekproef beslaat hoogstens een jaar."
    elif data.period_until >= today:
        errors["period_until"] = "Trek een steekproef over een periode die voorbij is."
    if data.seed is not None and not 1 <= data.seed <= sampling.MAX_SEED:
        errors["seed"] = f"De startwaarde is een geheel getal van 1 tot en met {sampling.MAX_SEED}."
    if errors:
        raise ValidationError(errors, code="invalid")


def draw_sample(actor: Any, data: NewSample, today: dt.date | None = None) -> Sample:
    """Draw and save a sample; the drawn decisions and lines are audited (purpose controle).
    Refused when the actor's grants do not reach every item of the population: a sample
    must come from the whole population."""
    today = today or timezone.localdate()
    municipality = Municipality.objects.filter(
        cbs_code=data.municipality_code, pk__in=control_municipality_ids(actor)
    ).first()
    if municipality is None:
        raise refuse(actor, "gemeente", data.municipality_code, "Gemeente")
    _check(data, today)
    rules = {p: _rule(p, data.period_until) for p in Population.values}
    decisions = case_sampling.decision_population(
        actor, municipality, data.period_from, data.period_until
    )
    lines = income_sampling.line_population(
        actor, municipality, data.period_from, data.period_until
    )
    if len(decisions.items) < decisions.total or len(lines.items) < lines.total:
        raise ValidationError(
            {
                "municipality": "Uw autorisatie omvat niet alle besluiten en betaalregels van deze "
                "gemeente in deze periode; een steekproef moet uit de hele populatie komen."
            },
            code="partial_population",
        )
    seed = data.seed if data.seed is not None else sampling.new_seed()
    kinds = dict(decisions.items)
    amounts = dict(lines.items)
    drawn: dict[str, list[int]] = {}
    summary: dict[str, Any] = {}
    for population, ids in (
        (Population.DECISIONS, list(kinds)),
        (Population.PAYMENT_LINES, list(amounts)),
    ):
        rule = rules[population]
        size = sampling.sample_size(len(ids), rule.confidence, rule.tolerable_rate)
        drawn[population] = sampling.draw(seed, population, ids, size)
        summary[population] = {
            "regel": rule.pk,
            "betrouwbaarheid": str(rule.confidence),
            "toelaatbaarFoutpercentage": str(rule.tolerable_rate),
            "bron": rule.source,
            "populatie": len(ids),
            "steekproef": size,
        }
    with transaction.atomic():
        sample = Sample.objects.create(
            municipality=municipality,
            period_from=data.period_from,
            period_until=data.period_until,
            seed=seed,
            seed_given=data.seed is not None,
            rules=summary,
            population_decisions=decisions.total,
            population_lines=lines.total,
            population_amount=lines.paid,
            drawn_by=actor,
            drawn_by_name=staff_name(actor),
        )
        SampleItem.objects.bulk_create(
            [
                SampleItem(
                    sample=sample,
                    population=Population.DECISIONS,
                    object_id=pk,
                    position=n,
                    case_type_code=kinds[pk],
                )
                for n, pk in enumerate(drawn[Population.DECISIONS], 1)
            ]
            + [
                SampleItem(
                    sample=sample,
                    population=Population.PAYMENT_LINES,
                    object_id=pk,
                    position=n,
                    amount=amounts[pk],
                )
                for n, pk in enumerate(drawn[Population.PAYMENT_LINES], 1)
            ]
        )
        audit.record(
            actor=actor,
            action=AuditEntry.Kind.CREATE,
            subjects=[_sample_subject(sample)],
            purpose=PURPOSE.value,
            roles=policy_for(actor).role_names(),
            changes={"seed": str(seed), "populatie": summary},
        )
        case_sampling.decisions(actor, drawn[Population.DECISIONS], PURPOSE)
        income_sampling.lines(actor, drawn[Population.PAYMENT_LINES], PURPOSE)
    return sample


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------
def samples(actor: Any) -> list[Sample]:
    """The samples of the municipalities the actor controls (no personal data; audited)."""
    found = list(
        Sample.objects.select_related("municipality").filter(
            municipality_id__in=control_municipality_ids(actor)
        )
    )
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.LIST,
        subjects=[_sample_subject(s) for s in found],
        purpose=PURPOSE.value,
        roles=policy_for(actor).role_names(),
    )
    return found


@dataclass
class ItemView:
    item: SampleItem
    source: Any  # the Decision or PaymentLine, or None when the actor may not read it
    findings: list[Finding] = field(default_factory=list)
    questions: list[ChecklistQuestion] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return len(self.findings)


@dataclass
class SampleView:
    sample: Sample
    items: list[ItemView]
    score: score.Score

    def of(self, population: str) -> list[ItemView]:
        return [i for i in self.items if i.item.population == population]

    @property
    def decisions(self) -> list[ItemView]:
        return self.of(Population.DECISIONS)

    @property
    def lines(self) -> list[ItemView]:
        return self.of(Population.PAYMENT_LINES)


def questions_for(item: SampleItem, day: dt.date) -> list[ChecklistQuestion]:
    """The checklist of an item: for a decision the questions for every decision and those
    of its case type; for a payment line those of payment lines; valid on ``day``."""
    found = ChecklistQuestion.objects.valid_on(day).filter(population=item.population)
    if item.population == Population.DECISIONS:
        found = found.filter(Q(case_type_code="") | Q(case_type_code=item.case_type_code))
    return list(found.order_by("order", "pk"))


def _sources(actor: Any, items: Iterable[SampleItem], kind: str) -> dict[tuple[str, int], Any]:
    items = list(items)
    ids = {p: [i.object_id for i in items if i.population == p] for p in Population.values}
    found: dict[tuple[str, int], Any] = {}
    if ids[Population.DECISIONS]:
        for pk, d in case_sampling.decisions(
            actor, ids[Population.DECISIONS], PURPOSE, kind=kind
        ).items():
            found[(Population.DECISIONS, pk)] = d
    if ids[Population.PAYMENT_LINES]:
        for pk, line in income_sampling.lines(
            actor, ids[Population.PAYMENT_LINES], PURPOSE, kind=kind
        ).items():
            found[(Population.PAYMENT_LINES, pk)] = line
    return found


def score_of(items: Iterable[SampleItem | ItemView], paid: Decimal) -> score.Score:
    answers = []
    for entry in items:
        item = entry.item if isinstance(entry, ItemView) else entry
        answers.append([(f.verdict, f.amount) for f in item.findings.all()])
    return score.error_score(answers, paid)


def get_sample(actor: Any, pk: object) -> SampleView:
    """A sample with its items: each decision and line shown is audited (purpose controle)."""
    sample = _sample(actor, pk)
    items = list(sample.items.prefetch_related("findings__question"))
    sources = _sources(actor, items, AuditEntry.Kind.LIST)
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.READ,
        subjects=[_sample_subject(sample)],
        purpose=PURPOSE.value,
        roles=policy_for(actor).role_names(),
    )
    views = [
        ItemView(i, sources.get((i.population, i.object_id)), list(i.findings.all())) for i in items
    ]
    return SampleView(sample, views, score_of(items, sample.population_amount))


def _item(actor: Any, sample_pk: object, item_pk: object) -> tuple[Sample, SampleItem]:
    sample = _sample(actor, sample_pk)
    try:
        item = sample.items.get(pk=int(str(item_pk)))
    except (SampleItem.DoesNotExist, ValueError, OverflowError):
        raise refuse(actor, "steekproefpost", item_pk, "Post") from None
    return sample, item


def _source(actor: Any, item: SampleItem) -> Any:
    reader = (
        case_sampling.decision if item.population == Population.DECISIONS else income_sampling.line
    )
    return reader(actor, item.object_id, PURPOSE)


def get_item(actor: Any, sample_pk: object, item_pk: object) -> ItemView:
    """One sampled item with its checklist and findings; its decision or line is audited as
    read, and one the actor may not read is :class:`NotVisible`."""
    sample, item = _item(actor, sample_pk, item_pk)
    source = _source(actor, item)
    return ItemView(
        item,
        source,
        list(item.findings.select_related("question")),
        questions_for(item, sample.period_until),
    )


# ---------------------------------------------------------------------------------------------
# Findings and closing
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewFinding:
    question_id: int
    verdict: str
    amount: Decimal = Decimal("0.00")
    remark: str = ""
    version: int | None = None  # required when the question was answered before


def _check_finding(item: SampleItem, data: NewFinding) -> None:
    errors: dict[str, str] = {}
    if data.verdict not in Verdict.values:
        errors["verdict"] = "Kies in orde, fout of onzeker."
    if data.amount < 0 or data.amount.as_tuple().exponent < -2:  # type: ignore[operator]
        errors["amount"] = "Geef een bedrag van 0 of meer, met hoogstens twee decimalen."
    elif data.verdict == Verdict.IN_ORDER and data.amount != 0:
        errors["amount"] = "Een post die in orde is heeft geen bedrag van een fout."
    elif item.amount is not None and data.amount > item.amount:
        errors["amount"] = f"Het bedrag is hoger dan wat de betaalregel betaalde ({item.amount})."
    if len(data.remark) > MAX_REMARK:
        errors["remark"] = f"Gebruik hoogstens {MAX_REMARK} tekens."
    elif data.verdict in (Verdict.ERROR, Verdict.UNCERTAIN) and not data.remark.strip():
        errors["remark"] = "Licht een fout of onzekerheid toe."
    if errors:
        raise ValidationError(errors, code="invalid")


def record_finding(actor: Any, sample_pk: object, item_pk: object, data: NewFinding) -> Finding:
    """Answer one checklist question of a sampled item (or change the answer)."""
    sample, item = _item(actor, sample_pk, item_pk)
    source = _source(actor, item)  # audited as read; NotVisible when not readable
    if sample.status != Sample.Status.OPEN:
        raise NotAllowed("Deze steekproef is afgerond; bevindingen liggen vast.")
    question = next(
        (q for q in questions_for(item, sample.period_until) if q.pk == data.question_id), None
    )
    if question is None:
        raise ValidationError(
            {"question": "Deze vraag hoort niet bij de controlelijst van deze post."}
        )
    _check_finding(item, data)
    subject = (
        case_sampling.subject
        if item.population == Population.DECISIONS
        else income_sampling.subject
    )(source)
    with transaction.atomic():
        finding = Finding.objects.select_for_update().filter(item=item, question=question).first()
        values = {"verdict": data.verdict, "amount": data.amount, "remark": data.remark.strip()}
        if finding is None:
            finding = Finding.objects.create(
                item=item,
                question=question,
                recorded_by=actor,
                recorded_by_name=staff_name(actor),
                **values,
            )
            kind = AuditEntry.Kind.CREATE
        else:
            if data.version != finding.version:
                raise VersionConflict("Iemand anders heeft deze bevinding intussen gewijzigd.")
            for name, value in values.items():
                setattr(finding, name, value)
            finding.recorded_by = actor
            finding.recorded_by_name = staff_name(actor)
            finding.version += 1
            finding.save()
            kind = AuditEntry.Kind.UPDATE
        audit.record(
            actor=actor,
            action=kind,
            subjects=[subject],
            purpose=PURPOSE.value,
            roles=policy_for(actor).role_names(),
            changes={
                "steekproef": sample.pk,
                "vraag": question.pk,
                "bevinding": data.verdict,
                "bedrag": str(data.amount),
            },
        )
    return finding


def close_sample(actor: Any, pk: object, version: int) -> Sample:
    """Close a sample once every question of every item is answered; its findings then count
    in the error score of steering and of the report."""
    with transaction.atomic():
        sample = _sample(actor, pk, lock=True)
        if sample.version != version:
            raise VersionConflict("Iemand anders heeft deze steekproef intussen gewijzigd.")
        if sample.status != Sample.Status.OPEN:
            raise NotAllowed("Deze steekproef is al afgerond.")
        open_items = [
            i.position
            for i in sample.items.prefetch_related("findings")
            if {f.question_id for f in i.findings.all()}
            < {q.pk for q in questions_for(i, sample.period_until)}
        ]
        if open_items:
            raise ValidationError(
                {"status": f"Nog niet elke vraag is beantwoord ({len(open_items)} posten open)."},
                code="unanswered",
            )
        sample.status = Sample.Status.CLOSED
        sample.closed_at = timezone.now()
        sample.version += 1
        sample.save(update_fields=["status", "closed_at", "version"])
        audit.record(
            actor=actor,
            action=AuditEntry.Kind.UPDATE,
            subjects=[_sample_subject(sample)],
            purpose=PURPOSE.value,
            roles=policy_for(actor).role_names(),
            changes={"status": sample.status},
        )
    return sample
