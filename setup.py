"""Compiles the C tensor core (tensor_core/build.py) as part of `pip install` and `pip install -e`."""
import importlib.util
import os

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))


def _core_builder():
    spec = importlib.util.spec_from_file_location("tc_build", os.path.join(HERE, "tensor_core", "build.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class BuildWithCore(build_py):
    def run(self):
        builder = _core_builder()
        if self.editable_mode:
            builder.build(outdir=os.path.join(HERE, "tensor_core"))
        super().run()
        if not self.editable_mode:
            builder.build(outdir=os.path.join(self.build_lib, "tensor_core"),
                          workdir=os.path.join(self.build_lib, "..", "tc_work"))


setup(cmdclass={"build_py": BuildWithCore})
