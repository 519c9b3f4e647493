"""deploy/k8s without a cluster: the instance loads with the k8s run launcher, the Definitions load
and validate with the k8s executor and deploy/k8s/run_config.yaml, and the manifests are linted
against the Kubernetes API's own models (every key known, every required field present).

What this does not test: a pod, Job, volume or Secret on a real cluster (docs/deployment.md)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
import sqlalchemy as sa
import yaml

from tests.paths import REPO_ROOT

K8S = REPO_ROOT / "deploy" / "k8s"
# A kubeconfig naming a cluster nobody runs: the launcher is built from it, never connects.
FAKE_KUBECONFIG = """
apiVersion: v1
kind: Config
clusters: [{name: none, cluster: {server: "https://127.0.0.1:9"}}]
users: [{name: none, user: {token: not-a-secret}}]
contexts: [{name: none, context: {cluster: none, user: none, namespace: spbe}}]
current-context: none
"""


def test_the_k8s_instance_loads_with_the_k8s_run_launcher(tmp_path, monkeypatch, postgres_url):
    pytest.importorskip("dagster_k8s")
    import dagster as dg

    config = yaml.safe_load((K8S / "dagster.yaml").read_text())
    assert config["run_launcher"]["config"].get("load_incluster_config", True) is True  # in a pod: the pod's account
    # Outside a cluster: the same launcher config, built from a kubeconfig that points nowhere.
    (tmp_path / "kubeconfig").write_text(FAKE_KUBECONFIG)
    config["run_launcher"]["config"] |= {"load_incluster_config": False, "kubeconfig_file": str(tmp_path / "kubeconfig")}
    (tmp_path / "dagster.yaml").write_text(yaml.safe_dump(config))
    url = sa.engine.make_url(postgres_url)
    for name, value in (("HOST", url.host), ("PORT", str(url.port)), ("USER", url.username),
                        ("PASSWORD", url.password or "trust-auth"), ("DB", url.database)):
        monkeypatch.setenv(f"DAGSTER_PG_{name}", value)
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        launcher = instance.run_launcher
        assert type(launcher).__name__ == "K8sRunLauncher"
        assert launcher.job_namespace == "spbe" and launcher.supports_check_run_worker_health
        assert launcher.instance_config_map == "spbe-dagster-instance" and launcher.postgres_password_secret == "spbe-postgres"
        assert [v["name"] for v in launcher.volumes] == ["http-cache"] and launcher.env_secrets == ["spbe-warehouse"]
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
        assert instance.run_monitoring_enabled and instance.run_retries_enabled
        assert instance.get_concurrency_config().pool_config.default_pool_limit == 1


_DEFINITIONS_PROBE = """
import sys, yaml
import dagster as dg
from pipelines.definitions import defs
run_config = yaml.safe_load(open(sys.argv[1]))
for name in ("refresh_all", "refresh_official_results"):
    job = defs.resolve_job_def(name)
    assert job.executor_def.name == "k8s", job.executor_def.name
    dg.validate_run_config(job, run_config)
print("ok")
"""


def test_the_definitions_validate_with_the_k8s_executor_and_its_run_config(tmp_path):
    pytest.importorskip("dagster_k8s")
    env = {**os.environ, "SPBE_EXECUTOR": "k8s", "DAGSTER_HOME": str(tmp_path), "SPBE_HTTP_CACHE_DIR": "/var/cache/spbe"}
    shutil.copy(REPO_ROOT / "deploy" / "local" / "dagster.yaml", tmp_path / "dagster.yaml")
    dagster = str(shutil.which("dagster", path=os.path.dirname(sys.executable)))
    validate = subprocess.run([dagster, "definitions", "validate", "-m", "pipelines.definitions"], cwd=REPO_ROOT, env=env,
                              capture_output=True, text=True)
    assert validate.returncode == 0, validate.stdout[-2000:] + validate.stderr[-2000:]
    probe = subprocess.run([sys.executable, "-c", _DEFINITIONS_PROBE, str(K8S / "run_config.yaml")], cwd=REPO_ROOT, env=env,
                           capture_output=True, text=True)
    assert probe.returncode == 0 and probe.stdout.strip().endswith("ok"), probe.stderr[-3000:]


def _model(api_version: str, kind: str) -> str:
    version = api_version.split("/")[-1]
    return f"{version[0].upper()}{version[1:]}{kind}"


def _unknown_keys(value, type_name: str, where: str) -> list[str]:
    """Keys the Kubernetes model `type_name` does not have, anywhere in `value` (a typo'd key would
    be dropped silently by kubectl's client-side apply in older versions; here it fails)."""
    import kubernetes.client as k8s

    if type_name.startswith("list[") and isinstance(value, list):
        return [p for i, item in enumerate(value) for p in _unknown_keys(item, type_name[5:-1], f"{where}[{i}]")]
    if type_name.startswith("dict(") and isinstance(value, dict):
        inner = type_name[5:-1].split(", ", 1)[1]
        return [p for key, item in value.items() for p in _unknown_keys(item, inner, f"{where}.{key}")]
    cls = getattr(k8s, type_name, None)
    if cls is None or not isinstance(value, dict):
        return []
    by_json = {json: attr for attr, json in cls.attribute_map.items()}
    problems = []
    for key, item in value.items():
        if key not in by_json:
            problems.append(f"{where}.{key}: not a field of {type_name}")
        else:
            problems += _unknown_keys(item, cls.openapi_types[by_json[key]], f"{where}.{key}")
    return problems


def test_the_manifests_lint_against_the_kubernetes_api_models():
    kubernetes = pytest.importorskip("kubernetes")
    client = kubernetes.client.ApiClient()
    docs = [d for d in yaml.safe_load_all((K8S / "manifests.yaml").read_text()) if d]
    kinds = {d["kind"] for d in docs}
    assert {"Deployment", "Service", "StatefulSet", "PersistentVolumeClaim", "Role", "RoleBinding", "ServiceAccount", "ConfigMap"} <= kinds
    for doc in docs:
        model = _model(doc["apiVersion"], doc["kind"])
        where = f"{doc['kind']}/{doc['metadata']['name']}"
        assert hasattr(kubernetes.client, model), f"{where}: no model {model}"
        assert _unknown_keys(doc, model, where) == []
        # The models' constructors refuse a missing required field.
        client._ApiClient__deserialize(doc, model)
        if doc["kind"] == "Secret":
            pytest.fail(f"{where}: secrets are created with kubectl, never kept in the repository")
    # Every ConfigMap, Secret and claim the pods and dagster.yaml name is created by the manifests
    # or by the documented kubectl commands at the top of the file.
    text = (K8S / "manifests.yaml").read_text()
    for name in ("spbe-dagster-instance", "spbe-postgres", "spbe-warehouse"):
        assert f" {name} " in text.split("---", 1)[0] or f"secret generic {name}" in text
    instance = yaml.safe_load((K8S / "dagster.yaml").read_text())["run_launcher"]["config"]
    declared = {d["metadata"]["name"] for d in docs}
    assert set(instance["env_config_maps"]) <= declared
    assert {v["persistentVolumeClaim"]["claimName"] for v in instance["volumes"]} <= declared
    assert instance["service_account_name"] in declared


def test_the_k8s_yaml_is_tidy():
    """A small lint of the YAML itself: parses, no tabs, no trailing spaces, no duplicate keys."""

    class Unique(yaml.SafeLoader):
        pass

    def no_duplicates(loader, node, deep=False):
        keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
        duplicated = {k for k in keys if keys.count(k) > 1}
        assert not duplicated, f"duplicate keys {duplicated} at line {node.start_mark.line + 1}"
        return loader.construct_mapping(node, deep)

    Unique.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, no_duplicates)
    for path in sorted(K8S.glob("*.yaml")):
        text = path.read_text()
        assert "\t" not in text and not any(line.endswith(" ") for line in text.splitlines()), path
        list(yaml.load_all(text, Loader=Unique))
