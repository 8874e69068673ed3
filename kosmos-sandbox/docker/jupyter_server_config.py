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
