"""The kernel of the Kosmos executor image: ipykernel, started with less to import.

Started as ``python3 -c "import kosmos_kernel; kosmos_kernel.main()" -f <connection file>``: the
python3 kernelspec, the entrypoint's first kernel and kosmos_provisioner.KERNEL_ARGV name this
same command.

* debugpy and jedi cannot be imported while ipykernel imports (about 150 and 80 ms of CPU): no
  debugger, IPython's own completions; the code the kernel runs can import both.
* IPython.terminal.embed, which IPython's package imports only to offer ``IPython.embed`` and
  which imports prompt_toolkit and the terminal shell (about 120 ms of CPU), is a stand-in until
  something uses it; then the real module is imported and takes its place.
"""
import importlib
import sys
import types

_EMBED = "IPython.terminal.embed"


def _real_embed():
    """Imports the real IPython.terminal.embed in the stand-in's place."""
    if getattr(sys.modules.get(_EMBED), "_kosmos_stand_in", False):
        del sys.modules[_EMBED]
    module = importlib.import_module(_EMBED)
    terminal = sys.modules.get("IPython.terminal")
    if terminal is not None:
        terminal.embed = module
    return module


def _stand_in():
    module = types.ModuleType(_EMBED, "IPython.terminal.embed, imported when first used.")
    module._kosmos_stand_in = True

    def embed(**kwargs):
        return _real_embed().embed(**kwargs)

    def __getattr__(name):
        # the import system asks for __path__ and the like: a module has none of them
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(_real_embed(), name)

    module.embed = embed
    module.__getattr__ = __getattr__
    return module


def main():
    """Starts the kernel (its arguments are sys.argv's, as ipykernel_launcher's)."""
    sys.modules["debugpy"] = sys.modules["jedi"] = None
    if _EMBED not in sys.modules:
        sys.modules[_EMBED] = _stand_in()
    try:
        from ipykernel import kernelapp
    finally:
        del sys.modules["debugpy"], sys.modules["jedi"]
    kernelapp.launch_new_instance()
