"""How events' values are stored as JSON, and read back as the same types.

Every value type an event holds is registered here under a stable name. JSON has no
tuples, so lists read back become tuples: sequences in events are always tuples.
A value type whose shape changes gets a new name (``Need.v2``) and the old one keeps
decoding; event classes change with ``class_version`` and an upcaster.
"""

import json
from dataclasses import fields, is_dataclass
from datetime import date
from enum import Enum
from typing import Any

from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Transcoding,
    TranscodingNotRegisteredError,
    UUIDAsHex,
)

from domain import (
    access,
    actors,
    amending,
    budget,
    budget_after,
    complaining,
    deciding,
    drafting,
    involvement,
    kinds,
    lifecycle,
    money,
    notifying,
    paying,
    reviewing,
    sharing,
)
from domain.budget import aggregate as budget_aggregate
from domain.personal_data import erasing
from domain.plan import aggregate as plan_aggregate

CONTAINERS = (list, dict)


def as_tuples(value: Any) -> Any:
    """Lists (and lists within dicts and lists) as tuples. Scalars and decoded values are
    passed over without a call: this runs on every value of every event read."""
    if type(value) is list:
        return tuple([as_tuples(v) if type(v) in CONTAINERS else v for v in value])
    if type(value) is dict:
        return {k: as_tuples(v) if type(v) in CONTAINERS else v for k, v in value.items()}
    return value


class ValueTranscoding(Transcoding):
    """A frozen dataclass as a JSON object of its fields."""

    def __init__(self, cls: type[Any], name: str) -> None:
        assert is_dataclass(cls)
        self.type = cls
        self.name = name
        self.field_names = tuple(f.name for f in fields(cls))

    def encode(self, obj: Any) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in self.field_names}

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(**data)  # the transcoder has made its lists tuples already


class EnumTranscoding(Transcoding):
    """An enum member as its value."""

    def __init__(self, cls: type[Enum], name: str) -> None:
        self.type = cls
        self.name = name
        self.members: dict[Any, Enum] = {member.value: member for member in cls}

    def encode(self, obj: Enum) -> Any:
        return obj.value

    def decode(self, data: Any) -> Enum:
        try:
            return self.members[data]
        except (KeyError, TypeError):
            member: Enum = self.type(data)  # an alias, or the enum's own error
            return member


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class CareledgerTranscoder(JSONTranscoder):
    """JSON with our value types registered; sequences read back as tuples.

    Encoding is the library's. Decoding parses the whole event, then walks the result
    once, decoding each ``{"_type_": ..., "_data_": ...}`` object innermost first (as the
    library's object hook does) and turning lists into tuples. The service parses with a
    faster parser (``store.transcoder``); what it reads is the same."""

    def decode(self, data: bytes) -> Any:
        return self._walk(self.parse(data))

    def parse(self, data: bytes) -> Any:
        """The event's JSON as Python's lists, dicts and scalars."""
        return json.loads(data)

    def _walk(self, value: Any) -> Any:
        kind = type(value)
        if kind is dict:
            if len(value) == 2 and "_type_" in value and "_data_" in value:
                name = value["_type_"]
                try:
                    transcoding = self.names[name]
                except KeyError:
                    msg = f"no transcoding registered under the name {name!r}"
                    raise TranscodingNotRegisteredError(msg) from None
                return transcoding.decode(self._walk(value["_data_"]))
            return {k: self._walk(v) if type(v) in CONTAINERS else v for k, v in value.items()}
        if kind is list:
            return tuple([self._walk(v) if type(v) in CONTAINERS else v for v in value])
        return value


VALUE_TYPES: tuple[type[Any], ...] = (
    actors.Actor,
    access.ReadOf,
    drafting.Need,
    drafting.Outcome,
    drafting.ContingencyEntry,
    drafting.CarerInvolvement,
    drafting.AccessibleOriginal,
    drafting.PreparedBy,
    drafting.ReplacementCare,
    drafting.Draft,
    budget.LineItem,
    budget.ManagementSplit,
    budget.BesideBudget,
    budget.DirectPaymentPayee,
    budget.DirectPaymentProposal,
    budget.Costing,
    notifying.Notice,
    drafting.Justification,
    drafting.Timeframe,
    deciding.Judgement,
    deciding.SignOffCriteria,
    deciding.Answer,
    deciding.DirectPaymentChecks,
    deciding.DirectPaymentCondition,
    deciding.CommissioningComparison,
    deciding.DirectPaymentDecision,
    deciding.Contributions,
    deciding.PanelDecision,
    deciding.AuthorityRelied,
    deciding.Agreement,
    deciding.Reduction,
    notifying.CopyDue,
    notifying.CopyIssued,
    involvement.Party,
    involvement.CapacityFinding,
    involvement.BestInterests,
    sharing.ShareRequest,
    sharing.SharingPreference,
    amending.AmendmentRequest,
    amending.AmendmentInProgress,
    reviewing.CompletedReview,
    reviewing.Monitoring,
    paying.PayeeNecessity,
    paying.CareHomeStay,
    lifecycle.PartyAgreement,
    lifecycle.OtherPlan,
    lifecycle.InterimService,
    lifecycle.UnmetNeedsExplanation,
    budget_aggregate.Indicative,
    budget_aggregate.Agreed,
    plan_aggregate.LastReturn,
    complaining.EntryRef,
)

ENUM_TYPES: tuple[type[Enum], ...] = (
    actors.Role,
    kinds.PlanKind,
    kinds.PlanBasis,
    kinds.PlanStatus,
    money.Frequency,
    drafting.NeedMetBy,
    drafting.OutcomeArea,
    drafting.AccessibleFormat,
    drafting.PreparerKind,
    budget.LineCategory,
    budget.ProviderType,
    budget.ManagementMethod,
    budget.BesideKind,
    budget.PayeeRelationship,
    notifying.Recipient,
    deciding.ReturnReason,
    drafting.IndicativeMethod,
    deciding.SignOffQuestion,
    deciding.AnswerValue,
    deciding.CheckOutcome,
    deciding.ConditionKind,
    deciding.CostComparison,
    notifying.ContactMethod,
    notifying.CopyFormat,
    notifying.CopyRecipient,
    notifying.Extent,
    involvement.PartyKind,
    involvement.InvolvementBasis,
    involvement.CapacityMatter,
    sharing.Requester,
    sharing.ShareBasis,
    sharing.ShareException,
    sharing.ShareOutcome,
    sharing.CarerCopy,
    amending.AmendmentRequester,
    amending.SignOffRoute,
    reviewing.ReviewReason,
    reviewing.ReviewOutcome,
    paying.NecessityGround,
    budget_after.Challenger,
    budget_after.ChallengeOutcome,
    lifecycle.SafeguardingOption,
    lifecycle.EndReason,
    lifecycle.OtherPlanKind,
    lifecycle.PartyRole,
    lifecycle.AgreementBasis,
    complaining.Complainant,
    complaining.AcknowledgedBy,
    complaining.PeriodBasis,
    complaining.ComplaintOutcome,
    complaining.ComplaintStatus,
    erasing.ErasureGround,
)


def register_transcodings(transcoder: JSONTranscoder) -> None:
    named = [t.__name__ for t in (*VALUE_TYPES, *ENUM_TYPES)]
    if len(set(named)) != len(named):  # a second type under a name would take its events
        raise TypeError(
            f"value types share a name: {sorted(n for n in set(named) if named.count(n) > 1)}"
        )
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO(), DateAsISO()):
        transcoder.register(transcoding)
    for value_type in VALUE_TYPES:
        transcoder.register(ValueTranscoding(value_type, f"careledger.{value_type.__name__}"))
    for enum_type in ENUM_TYPES:
        transcoder.register(EnumTranscoding(enum_type, f"careledger.{enum_type.__name__}"))
