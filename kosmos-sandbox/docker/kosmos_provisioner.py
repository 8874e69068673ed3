"""Kernel provisioner of the Kosmos executor image: the first kernel is the one the entrypoint
started while Jupyter Server was still starting.

/usr/local/bin/kosmos-kernel-server starts one kernel process at once (KERNEL_ARGV, ipc
transport in the directory the server's --KernelManager.ip names, a fresh random key), so that
the kernel imports IPython while the server imports itself, and hands the server (only the
server: the kernel is started before the variable exists) its pid, key, ip and connection file in
KOSMOS_KERNEL_PRESTART. The first launch in the server ADOPTS that process when it fits the
launch (same kernel command, same transport and ip, still alive): it returns its connection info,
and poll, wait, signal, interrupt and kill act on its pid (a child of the server: the entrypoint
exec'd into the server). Any other launch (a restart, a second kernel, or a first one that does
not fit, after the unfit process was killed) starts a new process as LocalProvisioner does. The
REST API (start, restart, interrupt, shutdown) is unchanged; the connection info reaches clients
through the server's kernel model as before.

Selected by the python3 kernelspec's metadata.kernel_provisioner (provisioner_name "kosmos").
"""
import os
import signal
import time

from jupyter_client.provisioning import LocalProvisioner
from jupyter_client.provisioning.provisioner_base import KernelProvisionerBase

#: The variable the entrypoint passes to the server: "<pid> <key> <ip> <connection file>".
PRESTART_VARIABLE = "KOSMOS_KERNEL_PRESTART"

#: The kernel command of the image's python3 kernelspec (and of the entrypoint's kernel), without
#: the trailing connection file: ipykernel started by kosmos_kernel.py, which imports less (no
#: debugpy, no jedi, IPython's terminal shell only when used).
KERNEL_ARGV = [
    "/usr/bin/python3",
    "-c",
    "import kosmos_kernel; kosmos_kernel.main()",
    "-f",
]

_PORTS = {"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5}
_taken = False


class _AdoptedProcess:
    """The part of subprocess.Popen that LocalProvisioner uses, for a process it did not start."""

    def __init__(self, pid):
        self.pid = pid
        self.returncode = None
        self.stdin = self.stdout = self.stderr = None

    def poll(self):
        if self.returncode is None:
            try:
                done, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                # not a child of this process (cannot happen with the image's entrypoint)
                try:
                    os.kill(self.pid, 0)
                except ProcessLookupError:
                    self.returncode = -1
            else:
                if done:
                    self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError("kernel process %d is still running" % self.pid)
            time.sleep(0.01)
        return self.returncode

    def send_signal(self, signum):
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self):
        self.send_signal(signal.SIGKILL)

    def terminate(self):
        self.send_signal(signal.SIGTERM)


def _prestarted():
    """(pid, key, ip, file) from the server's environment, or None; only the first call answers."""
    global _taken
    if _taken:
        return None
    _taken = True
    parts = os.environ.get(PRESTART_VARIABLE, "").split(" ")
    if len(parts) != 4 or not parts[0].isdigit():
        return None
    return int(parts[0]), parts[1], parts[2], parts[3]


def _discard(pid, connection_file, log):
    """Kills a started kernel that does not fit the first launch and forgets its file."""
    process = _AdoptedProcess(pid)
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        try:
            process.kill()
        except OSError:
            pass
    try:
        process.wait(timeout=5)
    except TimeoutError:
        log.warning("the kernel started by the entrypoint (pid %d) did not die", pid)
    try:
        os.remove(connection_file)
    except OSError:
        pass


class KosmosProvisioner(LocalProvisioner):
    """LocalProvisioner that adopts the kernel the entrypoint started, once."""

    _adopting = None

    def _fits(self, ip, kwargs):
        km = self.parent
        argv = list(self.kernel_spec.argv)
        return (
            km is not None
            and km.transport == "ipc"
            and km.ip == ip
            and argv[:-1] == KERNEL_ARGV
            and kwargs.get("cwd") in (None, os.getcwd())
            and not kwargs.get("extra_arguments")
        )

    async def pre_launch(self, **kwargs):
        self._adopting = None
        found = _prestarted()
        if found is not None:
            pid, key, ip, connection_file = found
            alive = _AdoptedProcess(pid).poll() is None
            if alive and self._fits(ip, kwargs):
                km = self.parent
                km.connection_file = connection_file
                info = dict(_PORTS, transport="ipc", ip=ip, key=key.encode("ascii"))
                info["signature_scheme"] = km.session.signature_scheme
                km.load_connection_info(info)
                km._connection_file_written = True
                self.connection_info = km.get_connection_info()
                self._adopting = pid
                kwargs.pop("extra_arguments", None)
                cmd = km.format_kernel_cmd()
                return await KernelProvisionerBase.pre_launch(self, cmd=cmd, **kwargs)
            self.log.info("not adopting the kernel started by the entrypoint (pid %d)", pid)
            _discard(pid, connection_file, self.log)
        return await super().pre_launch(**kwargs)

    async def launch_kernel(self, cmd, **kwargs):
        pid = self._adopting
        if pid is None:
            return await super().launch_kernel(cmd, **kwargs)
        self._adopting = None
        self.process = _AdoptedProcess(pid)
        self.pid = pid
        # The entrypoint starts the kernel in a session of its own; signalling any other group
        # would reach the server.
        try:
            self.pgid = pid if os.getpgid(pid) == pid else None
        except OSError:
            self.pgid = None
        self.log.debug("adopted the kernel started by the entrypoint (pid %d)", pid)
        return self.connection_info

    def _finalize_env(self, env):
        super()._finalize_env(env)
        env.pop(PRESTART_VARIABLE, None)
