"""What a build of data/processed was made from and what it holds: the manifest both the writer and the loaders read.

``manifest.json`` records the sha256 of every input (catalog, raw files, reference
tables, schema, code of the layers that make the tables) and of every output file. It is
written last, so a folder whose outputs all match it is a complete build; anything else
(a missing, truncated, 0-byte or edited file, a truncated manifest) is found by
:func:`verify` and never served.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ipanalysis.config import CATALOG, CORPUS_REF, PACKAGE_DIR, PARSE_REF, RAW, REFERENCE, SCHEMA, label
from ipanalysis.errors import OutputError

PACKAGE = PACKAGE_DIR
MANIFEST = "manifest.json"
FORMAT = 2  # 2: inputs and outputs (1, inputs only, cannot be verified)
# what decides the tables: the catalog, the raw files, the parser and corpus facts, the
# schema and the code of the layers that make them (analysis, report labels and
# translations do not, so editing a chart label does not mark data/processed stale)
CODE = ("config.py", "errors.py", "schema.py", "parse", "corpus")
VOCABULARIES = REFERENCE / "vocabularies"  # the allowed values of published fields, and the level order


def input_files() -> list[Path]:
    """Every file whose content decides the output (raw files only if they resolve inside data/raw)."""
    raw_root = RAW.resolve()
    raw = [f for f in sorted(RAW.glob("*")) if f.resolve().is_relative_to(raw_root)]
    files = [CATALOG, *sorted(SCHEMA.parent.glob("*.csv")), *raw]
    files += [*sorted(PARSE_REF.glob("*.csv")), *sorted(CORPUS_REF.glob("*.csv")), *sorted(VOCABULARIES.glob("*.csv"))]
    for c in CODE:
        p = PACKAGE / c
        files += sorted(p.rglob("*.py")) if p.is_dir() else [p]
    return [f for f in files if f.is_file()]


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def inputs_digest() -> dict[str, str]:
    return {label(f): sha256_bytes(f.read_bytes()) for f in input_files()}


def manifest_text(inputs: dict[str, str], outputs: dict[str, str]) -> str:
    """The manifest's bytes: sorted keys, no time stamp, so the same build gives the same file."""
    doc = {"format": FORMAT, "inputs": inputs, "outputs": outputs}
    return json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def read_manifest(folder: Path) -> dict:
    """The manifest of ``folder``; an :class:`OutputError` when it is unreadable, truncated or of an old format."""
    path = folder / MANIFEST
    try:
        doc = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise OutputError(path, "no manifest (the folder was never built, or a build was interrupted)") from None
    except OSError as exc:
        raise OutputError(path, f"unreadable ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise OutputError(path, f"not a complete manifest ({exc})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("inputs"), dict):
        raise OutputError(path, "not a manifest written by `ipanalysis build`")
    if doc.get("format") != FORMAT or not isinstance(doc.get("outputs"), dict):
        raise OutputError(path, "written by an older ipanalysis that did not record its outputs")
    return doc


def read_outputs(folder: Path, manifest: dict, needed: list[str]) -> tuple[dict[str, bytes], list[str]]:
    """The bytes of every output the manifest lists, and what does not match it.

    ``needed`` are file names that must be among the outputs. The bytes returned are the
    ones that were hashed, so a file replaced between the check and the read cannot slip in.
    """
    outputs: dict[str, str] = manifest["outputs"]
    problems = [f"{folder / n}: not in the manifest" for n in needed if n not in outputs]
    data: dict[str, bytes] = {}
    for name, digest in sorted(outputs.items()):
        p = folder / name
        try:
            b = p.read_bytes()
        except FileNotFoundError:
            problems.append(f"{p}: missing")
            continue
        except OSError as exc:
            problems.append(f"{p}: unreadable ({exc.strerror or exc})")
            continue
        if sha256_bytes(b) != digest:
            problems.append(f"{p}: {len(b)} bytes that differ from the build (sha256 {sha256_bytes(b)[:12]}…)")
            continue
        data[name] = b
    return data, problems


def verify(folder: Path, needed: list[str] | None = None) -> list[str]:
    """What is wrong with a built folder (empty when every output matches its manifest)."""
    try:
        manifest = read_manifest(folder)
    except OutputError as exc:
        return [str(exc)]
    return read_outputs(folder, manifest, needed or [])[1]
