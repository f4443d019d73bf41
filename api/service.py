"""The composition root: the application on its store and the five read models beside it
(the work queues, the plan facts, the integrity record, the decision log and the access
log), opened the same way by the HTTP service and by every command."""

import functools
from collections.abc import Sequence
from datetime import UTC, datetime

import structlog
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from api.directory_file import DirectoryFile
from api.logging import log_decisions
from api.policy_file import load_policy
from api.settings import Settings
from audit import notes
from audit.access_log import AccessLog
from audit.checkpoints import CheckpointLog, Signer
from audit.decision_log import DecisionLog
from audit.integrity import IntegrityLedger
from domain.application import CarePlanning
from domain.policy import Policy
from projections.catalogue import read_models as projection_models
from projections.rows import ReadModel
from projections.runner import Projections
from store.application import ServicePlanning


def read_models(policy: Policy) -> tuple[ReadModel, ...]:
    """Every read model the service keeps, each with its own tables and position."""
    return (*projection_models(policy), IntegrityLedger(), DecisionLog(), AccessLog())


def open_planning(settings: Settings) -> CarePlanning:
    settings.prepare_store()
    planning = ServicePlanning(
        env=settings.eventsourcing_env(),
        policy=load_policy(settings.policy_file),
        directory=DirectoryFile(settings.directory_file).current,
    )
    planning.listeners.append(log_decisions)
    return planning


def open_projections(planning: CarePlanning, settings: Settings, names: Sequence[str] = (),
                     signer: Signer | None = None) -> Projections:  # fmt: skip
    """The read models, the integrity record and the audit logs (those named, or all), on
    the configured views store: the runner keeps them all the same way. Checkpoints of the
    integrity record are signed with ``signer`` (the configured key, if not given)."""
    models = read_models(planning.policy)
    unknown = set(names) - {m.name for m in models}
    if unknown:
        known = ", ".join(m.name for m in models)
        raise ValueError(f"no read model {', '.join(sorted(unknown))}; there are {known}")
    chosen = [m for m in models if not names or m.name in names]
    projections = Projections(planning, chosen, settings.views_env(),
                              settings.projection_batch_size)  # fmt: skip
    if "integrity" in projections.runners:
        log = CheckpointLog(projections.runner("integrity").view)
        signing = signer or audit_signer(settings)

        def checkpoint_when_due() -> None:
            now = datetime.now(UTC)
            every_events, every_seconds = (settings.checkpoint_every_events,
                                           settings.checkpoint_every_seconds)  # fmt: skip
            if log.due(every_events, every_seconds, now, signing.key_id):
                log.take(signing, now)

        projections.after_catch_up.append(checkpoint_when_due)
    return projections


def production_key_problems(settings: Settings) -> list[str]:
    """Why the keys configured are not fit to serve with outside development: a
    development key beside the store lets whoever can rewrite the store sign for it."""
    problems = []
    if settings.jwt_algorithm == "HS256" and settings.jwt_secret is None:
        problems.append(
            "no token secret is configured (CARELEDGER_JWT_SECRET, or an RS256 "
            "or EdDSA key): the development secret would be made under ./var/"
        )
    if settings.data_master_key is None:
        problems.append(
            "no data master key is configured (CARELEDGER_DATA_MASTER_KEY): each "
            "person's data key would be kept unwrapped in the store"
        )
    key = settings.audit_signing_key_file
    if key is None:
        problems.append(
            "no audit signing key is configured (CARELEDGER_AUDIT_SIGNING_KEY_FILE):"
            " the development key would be made under ./var/"
        )
    elif settings.store == "sqlite" and key.resolve().is_relative_to(
        settings.sqlite_path.resolve().parent
    ):
        problems.append(
            f"the audit signing key {key} is in the store's folder: whoever can "
            "rewrite the store could sign for it"
        )
    return problems


def audit_witnesses(settings: Settings) -> dict[str, Ed25519PublicKey]:
    """The configured witnesses' cosigning keys, by name; ``ValueError`` naming a bad one."""
    witnesses = {}
    for vkey in filter(None, (v.strip() for v in settings.audit_witnesses.split(","))):
        name, kind, public = notes.from_vkey(vkey)
        if kind != notes.COSIGNATURE:
            raise ValueError(f"CARELEDGER_AUDIT_WITNESSES: {name}'s key is not a cosigning key")
        witnesses[name] = public
    if settings.audit_witness_threshold > len(witnesses):
        raise ValueError(f"CARELEDGER_AUDIT_WITNESS_THRESHOLD is "
                         f"{settings.audit_witness_threshold}, but {len(witnesses)} witnesses "
                         "are configured")  # fmt: skip
    return witnesses


def audit_signer(settings: Settings) -> Signer:
    origin = settings.audit_origin or f"careledger.local/{settings.authority}"
    if settings.audit_signing_key_file is not None:
        return Signer.from_file(settings.audit_signing_key_file, origin)
    _warn_development_key(str(settings.audit_dev_key_file))
    return Signer.development(settings.audit_dev_key_file, origin)


@functools.cache
def _warn_development_key(path: str) -> None:
    """Once a process: checkpoints signed with a development key prove little."""
    structlog.get_logger().warning("audit.development_key", key_file=path)
