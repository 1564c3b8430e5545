"""Co-word networks (共词网络): which terms travel together, per document,
chapter or group of documents (docs/network.md)."""

from plantopics.network.graph import CoWordNetwork, build_network, chapter_networks
from plantopics.network.settings import NetworkSettings

__all__ = ["CoWordNetwork", "NetworkSettings", "build_network", "chapter_networks"]
