"""Both servers listen on the loopback interface only (read from /proc, no traffic sent)."""

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


def test_rasa_and_action_servers_listen_on_loopback_only(stack):
    for port in (stack.config.rasa_port, stack.config.action_port):
        assert listening_addresses(port) == {LOOPBACK}, port
