"""The runtime's Python packages on the import path: run only in contexts of a runtime that has packages
(GraalPyRuntime.Builder.pythonPackages), after the bootstrap; a context without packages never runs it.

The folder goes at the end of sys.path, after the standard library, as CPython puts site-packages: a package cannot
shadow a standard module. Its finder is the standard FileFinder, with one loader changed (see _SourceLoader).
"""

import sys
from importlib.machinery import (BYTECODE_SUFFIXES, EXTENSION_SUFFIXES, SOURCE_SUFFIXES, ExtensionFileLoader, FileFinder,
                                 SourceFileLoader, SourcelessFileLoader)


def _graalpy_class_assignment_error(error):
    message = str(error)
    return message.startswith("__class__ assignment: ") and "object layout differs" in message


class _SourceLoader(SourceFileLoader):
    """Runs a module's body again when it fails with GraalPy 25.0.3's spurious layout error, up to three runs in all.

    With an Engine shared by contexts, as every runtime of this library has, GraalPy refuses ``cls.__class__ = cls``
    the first time or two a call site runs it in a context ("object layout differs", where CPython and a context with
    an engine of its own accept it), and accepts it from then on. h11 makes its sentinels so (``class
    SERVER(Sentinel, metaclass=Sentinel)``): without this, its first import in every context fails. A module whose body
    really fails so fails the same way on its last run, which raises as usual. See docs/packages.md.
    """

    _RUNS = 3

    def exec_module(self, module):
        for run in range(1, self._RUNS + 1):
            try:
                super().exec_module(module)
                return
            except TypeError as error:
                if run == self._RUNS or not _graalpy_class_assignment_error(error):
                    raise


def _finder_for(mount):
    loaders = ((ExtensionFileLoader, EXTENSION_SUFFIXES), (_SourceLoader, SOURCE_SUFFIXES),
               (SourcelessFileLoader, BYTECODE_SUFFIXES))

    def finder(path):
        if path != mount and not path.startswith(mount + "/"):
            raise ImportError("not in the Python packages folder", path=path)
        return FileFinder(path, *loaders)

    return finder


def add_packages(mount):
    sys.path_hooks.insert(0, _finder_for(mount))
    sys.path.append(mount)
