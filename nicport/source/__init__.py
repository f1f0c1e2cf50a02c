"""Driver sources: directories, Linux trees and Debian's linux-source tarball."""

from .drivers import DriverEntry
from .resolve import DriverSource, list_drivers, resolve

__all__ = ["DriverEntry", "DriverSource", "list_drivers", "resolve"]
