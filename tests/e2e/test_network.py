"""Every server listens on the loopback interface only (read from /proc, no traffic sent)."""

from pathlib import Path

LOOPBACK = "0100007F"  # 127.0.0.1 as /proc/net/tcp writes it
LISTEN = "0A"


def listening_addresses(port: int) -> set[str]:
    addresses = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, port_hex = fields[1].split(":")
            if int(port_hex, 16) == port and fields[3] == LISTEN:
                addresses.add(address)
    return addresses


def test_every_server_listens_on_loopback_only(stack):
    config = stack.config
    for port in (config.rasa_port, config.action_port, config.site_port, config.console_port):
        assert listening_addresses(port) == {LOOPBACK}, port
