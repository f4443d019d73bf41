"""The tenants file (decision 0011): each authority's settings over the deployment's, and
clear refusals of a file that would have two authorities share a store, a key or a log."""

from pathlib import Path

import pytest

from api.settings import Settings
from api.tenants_file import authority_settings, chosen_authority


def written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tenants.toml"
    path.write_text(text)
    return path


def test_without_a_file_the_deployment_serves_its_one_authority() -> None:
    settings = Settings(authority="east-council")
    assert authority_settings(settings) == {"east-council": settings}
    assert chosen_authority(settings) is settings


def test_each_authority_has_its_own_store_and_keys_over_the_deployments(tmp_path: Path) -> None:
    path = written(
        tmp_path,
        """
[authorities.north-council]
postgres_schema = "north"
directory_file = "north-directory.toml"
audit_dev_key_file = "keys/north.pem"
shred_log_file = "logs/north.jsonl"

[authorities.south-council]
postgres_schema = "south"
directory_file = "south-directory.toml"
audit_dev_key_file = "keys/south.pem"
shred_log_file = "logs/south.jsonl"
policy_file = "south-policy.toml"
""",
    )
    settings = Settings(store="postgres", tenants_file=path, authority="south-council",
                        postgres_host="db.internal")  # fmt: skip

    found = authority_settings(settings)

    assert sorted(found) == ["north-council", "south-council"]
    north, south = found["north-council"], found["south-council"]
    assert (north.postgres_schema, south.postgres_schema) == ("north", "south")
    assert (north.views_schema, south.views_schema) == ("north_views", "south_views")
    assert north.postgres_host == south.postgres_host == "db.internal"  # the deployment's
    assert south.policy_file == Path("south-policy.toml")
    assert north.policy_file == settings.policy_file
    assert north.authority == "north-council"
    assert north.eventsourcing_env()["CARELEDGER_POSTGRES_SCHEMA"] == "north"
    assert chosen_authority(settings).authority == "south-council"


def two(a: str, b: str) -> str:
    """Two authorities, each with its own schema, directory and signing key, and more."""
    return (f'[authorities.a]\npostgres_schema = "a"\ndirectory_file = "a.toml"\n'
            f'audit_signing_key_file = "a.pem"\n{a}\n'
            f'[authorities.b]\npostgres_schema = "b"\ndirectory_file = "b.toml"\n'
            f'audit_signing_key_file = "b.pem"\n{b}\n')  # fmt: skip


@pytest.mark.parametrize(
    ("text", "says"),
    [('[authorities.a]\npostgres_schema = "x"\n[authorities.b]\npostgres_schema = "x"\n',
      "each authority needs its own postgres_schema"),
     (two('views_postgres_schema = "v"', 'views_postgres_schema = "v"'),
      "each authority needs its own read models' store"),
     ('[authorities.a]\npostgres_schema = "a"\n[authorities.b]\npostgres_schema = "b"\n',
      "each authority needs its own directory_file"),
     (two("", "").replace('"b.pem"', '"a.pem"'), "each authority needs its own audit signing key"),
     (two('audit_origin = "o"', 'audit_origin = "o"'), "each authority needs its own audit_origin"),
     (two('data_master_key = "k"', 'data_master_key = "k"'),
      "each authority needs its own data_master_key"),
     (two('shred_log_file = "l"', 'shred_log_file = "l"'),
      "each authority needs its own shred_log_file"),
     ('[authorities.a]\nstore = "memory"\n', "Extra inputs are not permitted"),
     ("[authorities.A_B]\n", "authorities.A_B"),
     ("authorities = {}\n", "at least 1 item"),
     ("[authorities.a\n", "the tenants file")],
    ids=["a shared schema", "shared read models", "a shared directory", "a shared signing key",
         "a shared origin", "a shared master key", "a shared shred log",
         "a setting not an authority's", "not an authority's id", "no authority", "not TOML"],
)  # fmt: skip
def test_a_file_that_would_mix_authorities_is_refused_saying_why(
    tmp_path: Path, text: str, says: str
) -> None:
    settings = Settings(store="postgres", tenants_file=written(tmp_path, text))
    with pytest.raises(ValueError, match="the tenants file") as refused:
        authority_settings(settings)
    assert says in str(refused.value)


def test_a_command_for_an_authority_the_file_does_not_list_is_refused(tmp_path: Path) -> None:
    path = written(tmp_path, "[authorities.north-council]\n")
    with pytest.raises(ValueError, match="does not list; it lists north-council"):
        chosen_authority(Settings(tenants_file=path, authority="west-council"))
