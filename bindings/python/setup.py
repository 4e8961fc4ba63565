"""pip install for xiufu: builds the xiufu._core extension with CMake from the repository root
(Release; tests and benchmarks off; only the `_core` target) and packages it with the pure
Python files. Works offline with Debian's pip, setuptools, wheel and pybind11-dev:

    cd bindings/python
    /usr/bin/python3 -m pip install --no-build-isolation --break-system-packages --target DIR .

Environment: XIUFU_CMAKE_ARGS (extra CMake arguments), XIUFU_BUILD_JOBS (default 2).
"""

import os
import pathlib
import shlex
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]


class CMakeExtension(Extension):
    def __init__(self, name: str):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        if not (ROOT / "CMakeLists.txt").exists():
            raise RuntimeError(f"the xiufu sources are not at {ROOT}: install from a checkout")
        build_dir = pathlib.Path(self.build_temp).resolve() / "cmake"
        generator = ["-G", "Ninja"] if shutil.which("ninja") else []
        configure = [
            "cmake", "-S", str(ROOT), "-B", str(build_dir), *generator,
            "-DCMAKE_BUILD_TYPE=Release", "-DXIUFU_BUILD_PYTHON=ON", "-DXIUFU_BUILD_TESTS=OFF",
            "-DXIUFU_BUILD_BENCH=OFF", f"-DPython3_EXECUTABLE={sys.executable}",
            f"-DPYTHON_EXECUTABLE={sys.executable}",
            *shlex.split(os.environ.get("XIUFU_CMAKE_ARGS", "")),
        ]
        subprocess.check_call(configure)
        jobs = os.environ.get("XIUFU_BUILD_JOBS", "2")
        subprocess.check_call(["cmake", "--build", str(build_dir), "--target", "_core",
                               "-j", jobs])
        built = next((build_dir / "python" / "xiufu").glob("_core*.so"))
        target = pathlib.Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)


setup(
    name="xiufu",
    version="0.1.0",
    description="Credit-repair rules engine (信用修复规则引擎): pandas in, pandas out",
    python_requires=">=3.9",
    packages=["xiufu"],
    package_data={"xiufu": ["py.typed", "*.pyi"]},
    ext_modules=[CMakeExtension("xiufu._core")],
    cmdclass={"build_ext": CMakeBuild},
    # numpy and pandas come from the system (python3-numpy, python3-pandas): offline installs
    # must not try to fetch them.
    zip_safe=False,
)
