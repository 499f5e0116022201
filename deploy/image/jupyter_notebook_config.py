# The notebook server in the Loombook image: the Loombook kernel for new notebooks, and idle kernels
# shut down by the server itself (open tab or running cell alike), as on the one-server hub
# (deploy/jupyterhub). The kernel pauses its output after 20 minutes without a request (its
# quietAfterMinutes), so a process that prints for ever does not keep a kernel from being culled.
c = get_config()  # noqa: F821
c.MappingKernelManager.default_kernel_name = "loombook"
c.MappingKernelManager.cull_idle_timeout = 30 * 60
c.MappingKernelManager.cull_interval = 60
c.MappingKernelManager.cull_connected = True
c.MappingKernelManager.cull_busy = True
c.NotebookApp.shutdown_no_activity_timeout = 60 * 60
# a restart after a kernel could not bind a port asks for new ports (jupyter_client 7.4's port cache
# would give the same ones back; decision record 0600)
c.MappingKernelManager.kernel_manager_class = "loombook_kernel_manager.NewPortsKernelManager"
