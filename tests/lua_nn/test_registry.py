"""Every class of the inventory's appendix A is constructible by name (so .t7 files holding it load)."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import check_registry  # noqa: E402


def test_appendix_a_classes_exist():
    names = check_registry.appendix_a_names()
    assert len(names) > 190
    assert check_registry.missing(names) == []
