"""Build script of the `spate` Python package.

Static metadata (name, version, entry points, extras) lives in pyproject.toml; this file does the
native part of the build:

1. libspate.so, the Swift runtime behind the C ABI in Sources/SpateC/include/spate.h. Taken from
   the environment variable SPATE_LIB when it names an already built library, otherwise built at the
   repository root with

       swift build -c release --product spate -Xswiftc -static-stdlib [--scratch-path DIR]

   (DIR from SPATE_SWIFT_BUILD_DIR, default .build). `-static-stdlib` links the Swift runtime into
   libspate.so, so the installed package needs no Swift toolchain. The library is copied into the
   package folder `spate/`.
2. The C extension `spate._spate`, compiled from every python/spate/_spate*.c, linked with -lspate and
   the run path $ORIGIN so that it finds libspate.so beside it.

The repository root is the parent of the folder holding this file: pip (>= 21.3) builds a local
directory in place, so `pip install ./python` runs this file from the repository.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

from setuptools import Distribution, Extension, find_packages, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

try:  # setuptools >= 70.1 has its own; older ones use the wheel package's
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from wheel.bdist_wheel import bdist_wheel

HERE = Path(__file__).resolve().parent  # python/
ROOT = HERE.parent  # the repository root (Package.swift)
LIB_NAME = "libspate.so"
PACKAGE = "spate"

# setuptools wants source paths relative to the folder of setup.py.
os.chdir(HERE)


def _log(message: str) -> None:
    print(f"spate setup: {message}", file=sys.stderr, flush=True)


def _swift_executable() -> str:
    found = shutil.which("swift")
    if found:
        return found
    fallback = Path("/opt/swift/usr/bin/swift")
    if fallback.exists():
        return str(fallback)
    raise SystemExit(
        "spate setup: `swift` was not found on PATH (nor at /opt/swift/usr/bin/swift). Install Swift 6, "
        "or set SPATE_LIB to an already built libspate.so."
    )


_lib_cache: Path | None = None


def spate_library() -> Path:
    """The libspate.so to ship: $SPATE_LIB, or a fresh release build of the Swift package."""
    global _lib_cache
    if _lib_cache is not None:
        return _lib_cache

    given = os.environ.get("SPATE_LIB")
    if given:
        lib = Path(given).expanduser().resolve()
        if not lib.is_file():
            raise SystemExit(f"spate setup: SPATE_LIB={given!r} is not a file")
        _log(f"using prebuilt {lib}")
        _lib_cache = lib
        return lib

    if not (ROOT / "Package.swift").is_file():
        raise SystemExit(
            f"spate setup: no Package.swift in {ROOT}; build from a checkout of the repository "
            "or set SPATE_LIB to a built libspate.so"
        )
    scratch = Path(os.environ.get("SPATE_SWIFT_BUILD_DIR") or ".build")
    if not scratch.is_absolute():
        scratch = ROOT / scratch
    swift = _swift_executable()
    args = [
        swift, "build",
        "-c", "release",
        "--product", "spate",
        "-Xswiftc", "-static-stdlib",
        "--scratch-path", str(scratch),
    ]
    _log("building libspate.so: " + " ".join(args[1:]))
    # stdout goes to stderr so that it shows next to pip's own messages when pip shows them.
    subprocess.run(args, cwd=ROOT, check=True, stdout=sys.stderr)
    bin_path = subprocess.run(
        args + ["--show-bin-path"], cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True
    ).stdout.strip().splitlines()[-1]
    lib = Path(bin_path) / LIB_NAME
    if not lib.is_file():
        raise SystemExit(f"spate setup: swift build finished but {lib} does not exist")
    _lib_cache = lib
    return lib


def _copy_if_changed(src: Path, dst: Path) -> None:
    if dst.exists() and src.samefile(dst):
        return
    if dst.exists():
        s, d = src.stat(), dst.stat()
        if s.st_size == d.st_size and s.st_mtime_ns <= d.st_mtime_ns:
            return
        dst.unlink()  # never write through into a library a running process may have mapped
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)


def _ship_library(src: Path, dst: Path) -> None:
    """Puts libspate.so into the package, without its symbol tables (`strip --strip-unneeded`:
    about half its size; what the dynamic linker and Swift's runtime need stays)."""
    if dst.exists() and dst.stat().st_mtime_ns >= src.stat().st_mtime_ns and dst.stat().st_size < src.stat().st_size:
        return  # already shipped, stripped, from this build
    _copy_if_changed(src, dst)
    strip = shutil.which("strip")
    if strip:
        subprocess.run([strip, "--strip-unneeded", str(dst)], check=True)
    else:
        _log("no `strip` on PATH: libspate.so is shipped with its symbols")


def _glibc_needed(binaries: list[Path]) -> tuple[int, int] | None:
    """The newest glibc symbol version the binaries link against (their manylinux floor), or None
    when it cannot be read (no binutils)."""
    objdump = shutil.which("objdump")
    if not objdump:
        return None
    newest = (2, 5)
    for binary in binaries:
        symbols = subprocess.run([objdump, "-T", str(binary)], check=True, stdout=subprocess.PIPE, text=True).stdout
        for major, minor in re.findall(r"GLIBC_(\d+)\.(\d+)", symbols):
            newest = max(newest, (int(major), int(minor)))
    return newest


class BdistWheel(bdist_wheel):
    """Tags the wheel manylinux_2_N, N the newest glibc its binaries need (as auditwheel would),
    rather than the bare linux tag no index accepts."""

    def get_tag(self):
        python, abi, plat = super().get_tag()
        if plat.startswith("linux_"):
            build_lib = Path(self.get_finalized_command("build").build_lib)
            binaries = sorted(build_lib.glob(f"{PACKAGE}/*.so"))
            glibc = _glibc_needed(binaries) if binaries else None
            if glibc:
                plat = f"manylinux_{glibc[0]}_{glibc[1]}_{plat[len('linux_'):]}"
        return python, abi, plat


class BuildPy(build_py):
    """Copies the Python sources, dropping files left in build/ by earlier builds, plus libspate.so."""

    def run(self) -> None:
        build_lib = Path(self.build_lib).resolve()
        # pip builds in place, so python/build/ survives between installs; without this a module
        # deleted from the sources would still be shipped from an earlier build.
        if build_lib.is_dir() and HERE in build_lib.parents:
            for package in {p.split(".")[0] for p in (self.packages or [])}:
                shutil.rmtree(build_lib / package, ignore_errors=True)
        super().run()
        _ship_library(spate_library(), build_lib / PACKAGE / LIB_NAME)


class BuildExt(build_ext):
    """Links the extension against libspate.so and puts the library beside it ($ORIGIN)."""

    def run(self) -> None:
        lib = spate_library()
        lib_dir = lib.parent
        if lib.name != LIB_NAME:  # -lspate finds only a file named libspate.so
            lib_dir = Path(self.build_temp).resolve() / "spate-lib"
            _copy_if_changed(lib, lib_dir / LIB_NAME)
        for ext in self.extensions:
            ext.library_dirs = [str(lib_dir), *ext.library_dirs]
            # Relink when the library changes (the extension is small; this is cheap).
            ext.depends = [*ext.depends, str(lib)]
        super().run()
        # Beside the extension: build_lib/spate/ normally, python/spate/ for --inplace builds.
        for ext in self.extensions:
            target_dir = Path(self.get_ext_fullpath(ext.name)).resolve().parent
            _ship_library(lib, target_dir / LIB_NAME)


class BinaryDistribution(Distribution):
    """The package ships a native library, so its wheel is platform-specific even without C sources."""

    def has_ext_modules(self) -> bool:
        return True


def extensions() -> list[Extension]:
    sources = sorted(glob.glob(f"{PACKAGE}/_spate*.c"))
    if not sources:
        _log(f"no {PACKAGE}/_spate*.c yet: building without the C extension {PACKAGE}._spate")
        return []
    headers = sorted(glob.glob(f"{PACKAGE}/*.h")) + sorted(
        str(p) for p in (ROOT / "Sources" / "SpateC" / "include").glob("*.h")
    )
    return [
        Extension(
            f"{PACKAGE}._spate",
            sources=sources,
            depends=headers,
            include_dirs=[str(ROOT / "Sources" / "SpateC" / "include"), PACKAGE],
            libraries=["spate"],
            runtime_library_dirs=["$ORIGIN"],
            extra_compile_args=["-O2", "-std=c11", "-Wall"],
        )
    ]


setup(
    packages=find_packages(where=".", include=["spate", "spate.*", "pyflink", "pyflink.*"]),
    # Only what is listed here: the C sources are not package data (setuptools would otherwise ship
    # them, as they appear in its manifest). libspate.so is added by BuildPy/BuildExt.
    include_package_data=False,
    package_data={PACKAGE: ["py.typed", "*.pyi"]},
    ext_modules=extensions(),
    cmdclass={"build_py": BuildPy, "build_ext": BuildExt, "bdist_wheel": BdistWheel},
    # The repository's README, which lives above this folder, describes the package.
    long_description=(ROOT / "README.md").read_text(encoding="utf-8") if (ROOT / "README.md").is_file() else "",
    long_description_content_type="text/markdown",
    distclass=BinaryDistribution,
    zip_safe=False,
)
