"""Default configuration and data of the service (no code here).

The repository keeps these files in its top-level ``config/`` folder; installs ship them as
the package ``wire.config`` (see ``[tool.setuptools]`` in pyproject.toml), read through
``wire.settings.packaged_config_dir``. ``WIRE_CONFIG_DIR`` names another folder.
"""
