"""Loombook's JupyterHub for one classroom server: the teacher's settings (classroom.toml), a spawner
that gives each student the course and cgroup limits, a shared-password authenticator for a lesson.
Used by deploy/jupyterhub/jupyterhub_config.py and deploy/jupyterhub/start; Python's stdlib and
Debian's jupyterhub package only."""
