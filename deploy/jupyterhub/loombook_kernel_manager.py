"""The kernel manager of the students' notebook servers on the class's hub (deploy/jupyterhub).

    jupyterhub-singleuser --MappingKernelManager.kernel_manager_class=loombook_kernel_manager.NewPortsKernelManager

Jupyter chooses a kernel's ports, then starts it. While a whole class's JVMs start on a few cores,
another process can take one of those ports meanwhile, and the kernel cannot bind it. The server's
restarter then asks for new ports, but jupyter_client 7.4 keeps a kernel's ports in its port cache
(`cache_ports`, true for TCP and not configurable) and hands the same ones back on every attempt, so
the student's kernel is lost after five. Without the cache a restart with new ports gets new ones.
Imported by the notebook server (its own Python path), so it needs jupyter_client only.
"""
from jupyter_client.ioloop import IOLoopKernelManager
from traitlets import default


class NewPortsKernelManager(IOLoopKernelManager):
    """The notebook server's usual kernel manager, with new ports on a restart that asks for them."""

    @default("cache_ports")
    def _no_port_cache(self):
        return False
