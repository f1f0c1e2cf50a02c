"""nicport: port the dataplane of a real Linux NIC driver to other operating systems."""

__version__ = "0.1.0"
