"""Only here because pyproject.toml cannot map a top-level folder into a package
while also discovering packages: resources/ ships inside the wheel as
app/resources. Everything else lives in pyproject.toml."""

from setuptools import find_packages, setup

setup(packages=find_packages(include=["app", "app.*"]) + ["app.resources"])
