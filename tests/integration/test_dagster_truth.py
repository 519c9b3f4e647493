"""What the Dagster UI says about the deployment: a stable code location name, and no promise of a
retry that nothing will make."""

from __future__ import annotations

import contextlib
import tomllib

import dagster as dg
import yaml

from tests.paths import REPO_ROOT as REPO


def test_the_code_location_has_a_stable_name_not_the_clone_folder():
    workspace = yaml.safe_load((REPO / "workspace.yaml").read_text(encoding="utf-8"))
    names = {entry["python_module"].get("location_name") for entry in workspace["load_from"]}
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["dg"]["project"]
    assert names == {"spbe_warehouse"} and project.get("code_location_name") == "spbe_warehouse"


def test_an_in_process_run_does_not_claim_it_will_be_retried(monkeypatch):
    """The demo runs the job in its own process, where no daemon re-executes a failed run: it must
    carry max_retries 0, so Dagster does not tag its failure will_retry=true."""
    from pipelines import local

    seen = {}

    def fake_execute_job(job, instance, run_config, tags):
        seen.update(tags)
        raise RuntimeError("stop here")

    monkeypatch.setattr(dg, "execute_job", fake_execute_job)
    monkeypatch.setattr(dg.DagsterInstance, "get", staticmethod(lambda: dg.DagsterInstance.ephemeral()))
    with contextlib.suppress(RuntimeError):
        local.execute_refresh_all(2024, 2024, out=lambda line: None)
    assert seen.get("dagster/max_retries") == "0"


def test_in_mirror_mode_every_asset_description_says_synthetic(monkeypatch):
    import assets
    from pipelines.definitions import SYNTHETIC_LABEL, labelled

    loaded = dg.load_assets_from_package_module(assets)
    monkeypatch.delenv("SPBE_SOURCE_MODE", raising=False)
    assert labelled(loaded) is loaded
    monkeypatch.setenv("SPBE_SOURCE_MODE", "mirror")
    specs = [spec for a in labelled(loaded) if isinstance(a, dg.AssetsDefinition) for spec in a.specs]
    assert len(specs) > 5 and all((spec.description or "").startswith(SYNTHETIC_LABEL) for spec in specs), [s.key for s in specs]
