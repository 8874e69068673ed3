# System-wide Jupyter Server (1.x) configuration of the Kosmos executor image,
# installed as /etc/jupyter/jupyter_server_config.py.
#
# Mode-specific settings (unix socket vs. TCP, token) are passed on the command
# line by /usr/local/bin/kosmos-kernel-server; everything common lives here.
c = get_config()  # noqa: F821  (provided by traitlets when the file is loaded)

# --- where files live -------------------------------------------------------
c.ServerApp.root_dir = "/workspace"
c.ServerApp.open_browser = False

# --- API only: no terminals, no idle shutdown, no culling --------------------
c.ServerApp.terminals_enabled = False
c.ServerApp.shutdown_no_activity_timeout = 0
c.MappingKernelManager.cull_idle_timeout = 0
c.MappingKernelManager.cull_interval = 300
# Keep outputs produced while no WebSocket is attached (default True; explicit).
c.MappingKernelManager.buffer_offline_messages = True

# --- never silently drop kernel output --------------------------------------
c.ServerApp.limit_rate = False
c.ServerApp.iopub_data_rate_limit = 1e12
c.ServerApp.iopub_msg_rate_limit = 1e9
c.ServerApp.rate_limit_window = 3.0

# --- clients are programs, not browsers -------------------------------------
# The Host header check is pointless behind a unix socket / private network,
# and a WebSocket client may send any Origin.
c.ServerApp.allow_remote_access = True
c.ServerApp.allow_origin = "*"

# --- fast start-up -----------------------------------------------------------
# Only jupyter_server itself; no extension discovered on the system is loaded
# (Debian may ship config.d snippets enabling nbclassic & co. when installed).
c.ServerApp.jpserver_extensions = {}
c.ServerApp.log_level = "INFO"

# --- activity watching, switchable ------------------------------------------
# Jupyter Server subscribes to every kernel's IOPub to keep `execution_state`
# and `last_activity` of GET /api/kernels current (for culling and UIs). It
# decodes each message in Python, in the container's CPU share, and slows every
# cell by about a millisecond. The Kosmos executor, which reaches kernels over
# ZeroMQ itself and uses neither field, starts the server with
# --KosmosKernelManager.watch_activity=False; the kernel model then reports
# execution_state "unknown". Default: watching, as in a stock server.
#
# With --KosmosKernelManager.expose_connection=True each kernel's REST model
# (POST /api/kernels, GET /api/kernels/<id>, the restart answer) carries its
# connection info as "kosmos_connection": the executor reads it over the
# server's socket instead of opening runtime/kernel-<id>.json in a directory
# that code in the kernel can write (and plant a symbolic link in).
from jupyter_server.services.kernels.kernelmanager import (  # noqa: E402
    AsyncMappingKernelManager,
)
from traitlets import Bool  # noqa: E402


class KosmosKernelManager(AsyncMappingKernelManager):
    """The server's default kernel manager, with activity watching switchable."""

    watch_activity = Bool(
        True,
        config=True,
        help="Watch each kernel's IOPub to keep execution_state and last_activity current.",
    )

    expose_connection = Bool(
        False,
        config=True,
        help="Add each kernel's connection info (socket paths, signing key) to its REST model,"
        " so that a client that talks to the kernel's ZeroMQ sockets need not read the"
        " connection file from a directory the kernel can write.",
    )

    def kernel_model(self, kernel_id):
        model = super().kernel_model(kernel_id)
        if self.expose_connection:
            info = self._kernels[kernel_id].get_connection_info()
            key = info.get("key", b"")
            model["kosmos_connection"] = {
                "transport": info["transport"],
                "ip": info["ip"],
                "shell_port": info["shell_port"],
                "iopub_port": info["iopub_port"],
                "signature_scheme": info["signature_scheme"],
                "key": key.decode("ascii") if isinstance(key, bytes) else key,
            }
        return model

    def start_watching_activity(self, kernel_id):
        if self.watch_activity:
            return super().start_watching_activity(kernel_id)
        kernel = self._kernels[kernel_id]
        kernel.execution_state = "unknown"
        kernel.reason = ""
        kernel._activity_stream = None


c.ServerApp.kernel_manager_class = KosmosKernelManager


# --- kernel specs without importing ipykernel in the server -------------------
# jupyter_client's KernelSpecManager imports ipykernel.kernelspec (and with it IPython and
# debugpy: about half a second of the container's CPU) on the first POST /api/kernels, only to
# learn whether the "python3" spec is ipykernel's built-in one, and IPython.paths (0.3 s more) to
# find IPython's directory. The image has its python3 spec on disk
# (/usr/share/jupyter/kernels/python3, launched by kosmos_provisioner), so this manager reads
# specs from their directories only, does not add the built-in one, and takes IPython's directory
# from $IPYTHONDIR (set by the image) as IPython would.
import os  # noqa: E402

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel  # noqa: E402
from jupyter_client.provisioning import KernelProvisionerFactory  # noqa: E402
from jupyter_core.paths import jupyter_path  # noqa: E402


class KosmosKernelSpecManager(KernelSpecManager):
    """KernelSpecManager that reads kernel specs from disk only, without importing IPython."""

    def _kernel_dirs_default(self):
        ipython_dir = os.environ.get("IPYTHONDIR") or os.path.expanduser("~/.ipython")
        return jupyter_path("kernels") + [os.path.join(ipython_dir, "kernels")]

    def _get_kernel_spec_by_name(self, kernel_name, resource_dir):
        kspec = self.kernel_spec_class.from_resource_dir(resource_dir)
        if not KernelProvisionerFactory.instance(parent=self.parent).is_provisioner_available(
            kspec
        ):
            raise NoSuchKernel(kernel_name)
        return kspec


c.KernelSpecManager.ensure_native_kernel = False
c.ServerApp.kernel_spec_manager_class = KosmosKernelSpecManager
