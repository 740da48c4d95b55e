"""Build hooks: generate the anaplan.v1 stubs from the repository's protos.

All metadata lives in pyproject.toml. This file only adds commands that run
grpcio-tools before the ordinary setuptools steps:

* build_py (used by wheels and by ``pip install -e``) generates
  ``anaplan/v1/*_pb2.py``, ``*_pb2.pyi`` (grpcio-tools' --pyi_out),
  ``*_pb2_grpc.py`` and ``*_pb2_grpc.pyi`` (mypy-protobuf's protoc-gen-mypy_grpc,
  typing the sync and the grpc.aio stubs) next to this file, so the regular and
  the editable install both find them, typed;
* sdist copies the protos into the archive, so that an sdist builds without the
  repository around it.

Where the protos are looked up, first hit wins:
  1. $ANAPLAN_PROTO_DIR (a directory holding anaplan/v1/*.proto);
  2. ./proto (inside an sdist);
  3. ../../proto (the repository checkout).
Only anaplan/v1 is generated. google/rpc comes from googleapis-common-protos:
generating it here too would register google.rpc.Status twice in the
descriptor pool.
"""

import glob
import os
import shutil
import sys
import tempfile

from setuptools import setup
from setuptools.command.build_py import build_py as _build_py
from setuptools.command.egg_info import egg_info as _egg_info
from setuptools.command.sdist import sdist as _sdist

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_REL = os.path.join("anaplan", "v1")


def find_proto_root():
    candidates = []
    env = os.environ.get("ANAPLAN_PROTO_DIR")
    if env:
        candidates.append(env)
    candidates.append(os.path.join(HERE, "proto"))
    candidates.append(os.path.join(HERE, "..", "..", "proto"))
    for root in candidates:
        if glob.glob(os.path.join(root, PACKAGE_REL, "*.proto")):
            return os.path.abspath(root)
    raise RuntimeError(
        "anaplan-grpc: cannot find anaplan/v1/*.proto; looked in %s. "
        "Set ANAPLAN_PROTO_DIR to the repository's proto/ directory."
        % ", ".join(candidates))


def mypy_grpc_plugin(tmp):
    """Path of mypy-protobuf's protoc-gen-mypy_grpc (a build requirement):
    its console script when on PATH, else a wrapper around this Python."""
    found = shutil.which("protoc-gen-mypy_grpc")
    if found:
        return found
    import mypy_protobuf.main  # noqa: F401  (fails early with a clear ImportError)
    if os.name == "nt":
        path = os.path.join(tmp, "protoc-gen-mypy_grpc.bat")
        body = '@"%s" -c "from mypy_protobuf.main import grpc; grpc()"\r\n' % sys.executable
    else:
        path = os.path.join(tmp, "protoc-gen-mypy_grpc")
        body = ('#!/bin/sh\nexec "%s" -c "from mypy_protobuf.main import grpc; grpc()"\n'
                % sys.executable)
    with open(path, "w") as f:
        f.write(body)
    os.chmod(path, 0o755)
    return path


_GENERATED = False


def generate_stubs():
    """Runs once per setup.py process, before setuptools looks at anaplan/v1."""
    global _GENERATED
    if _GENERATED:
        return
    _GENERATED = True
    # Imported here: grpcio-tools is a build requirement only.
    import grpc_tools
    from grpc_tools import protoc

    proto_root = find_proto_root()
    well_known = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    protos = sorted(
        os.path.relpath(p, proto_root).replace(os.sep, "/")
        for p in glob.glob(os.path.join(proto_root, PACKAGE_REL, "*.proto")))
    out_dir = os.path.join(HERE, PACKAGE_REL)
    # Start clean so a proto removed upstream leaves no stale module behind.
    if os.path.isdir(out_dir):
        shutil.rmtree(out_dir)
    os.makedirs(out_dir)
    with tempfile.TemporaryDirectory(prefix="anaplan-grpc-gen-") as tmp:
        args = [
            "grpc_tools.protoc",
            "--proto_path=" + proto_root,
            "--proto_path=" + well_known,
            "--python_out=" + HERE,
            "--pyi_out=" + HERE,
            "--grpc_python_out=" + HERE,
            # Typed stubs of the *_pb2_grpc modules (sync and grpc.aio).
            "--plugin=protoc-gen-mypy_grpc=" + mypy_grpc_plugin(tmp),
            "--mypy_grpc_out=" + HERE,
        ] + protos
        if protoc.main(args) != 0:
            raise RuntimeError("anaplan-grpc: protoc failed for %s" % protos)
    with open(os.path.join(out_dir, "__init__.py"), "w") as f:
        f.write('"""Generated from proto/anaplan/v1 at build time. Do not edit."""\n')
    # PEP 561: type checkers use the .pyi files above only with this marker.
    open(os.path.join(out_dir, "py.typed"), "w").close()
    sys.stderr.write("anaplan-grpc: generated stubs for %s from %s\n"
                     % (", ".join(protos), proto_root))


class build_py(_build_py):
    def run(self):
        generate_stubs()
        super().run()


class egg_info(_egg_info):
    # egg_info already checks that every listed package directory exists.
    def run(self):
        generate_stubs()
        super().run()


class sdist(_sdist):
    def make_release_tree(self, base_dir, files):
        super().make_release_tree(base_dir, files)
        proto_root = find_proto_root()
        dest = os.path.join(base_dir, "proto", PACKAGE_REL)
        os.makedirs(dest, exist_ok=True)
        for p in glob.glob(os.path.join(proto_root, PACKAGE_REL, "*.proto")):
            shutil.copy2(p, dest)


setup(cmdclass={"build_py": build_py, "egg_info": egg_info, "sdist": sdist})
