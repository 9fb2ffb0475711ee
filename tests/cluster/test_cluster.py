"""Two Rasa servers and two action servers behind nginx, on PostgreSQL and Redis.

Messages of one conversation go through nginx's round robin, so consecutive ones land on
different Rasa servers; the history must stay complete and ordered, with no duplicated or lost
event, also when 20 messages of one conversation arrive at once. One server long-polls Telegram
(the emulator); when it dies, the other takes over. That test kills a server, so it comes last.
"""

from __future__ import annotations

import concurrent.futures
import os
import re
import secrets
import time
import uuid
from pathlib import Path

import pytest
import redis
import requests

from channels.poll_lease import LEASE_KEY, LEASE_SECONDS
from ops.cluster import Cluster, ClusterConfig, embedding_threads
from ops.postgres import PostgresUnavailable, temporary_database
from staff_console.takeover import PAUSE_EVENT, RESUME_EVENT, RasaBridge, staff_message_event
from tests.e2e.support import EMULATOR_URL, SITE_ORIGIN, TelegramUser, WidgetClient

REDIS_URL = "redis://127.0.0.1:6379/1"
BOT_TOKEN = "5555:cluster-bot"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, emulator):
    try:
        with temporary_database("clinic_cluster") as database:
            config = ClusterConfig(
                tracker_url=database,
                redis_url=REDIS_URL,
                workdir=tmp_path_factory.mktemp("cluster"),
                public_port=5900,
                actions_port=5950,
                first_rasa_port=5911,
                first_action_port=5961,
                auth_token=secrets.token_urlsafe(24),
                # The burst test measures the lock store under contention, not the backlog bound.
                extra_env={
                    "CLINIC_TURNS_PER_CONVERSATION": "25",
                    "CLINIC_WIDGET_ORIGINS": SITE_ORIGIN,
                    "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
                    "TELEGRAM_API_URL": EMULATOR_URL,
                },
            )
            with Cluster(config) as running:
                yield running
    except PostgresUnavailable as error:
        pytest.fail(str(error))


def say(cluster: Cluster, sender: str, text: str) -> list[dict]:
    response = requests.post(cluster.config.rest_url, json={"sender": sender, "message": text}, timeout=120)
    response.raise_for_status()
    return response.json()


def tracker_events(cluster: Cluster, sender: str, port: int) -> list[dict]:
    url = f"http://localhost:{port}/conversations/{sender}/tracker"
    response = requests.get(url, params={"token": cluster.config.auth_token}, timeout=30)
    response.raise_for_status()
    return response.json()["events"]


def assert_turns_do_not_interleave(events: list[dict]) -> None:
    """After each patient message, the assistant finishes its turn before the next one starts."""
    listening = True
    for event in events:
        if event["event"] == "user":
            assert listening, "a message was processed inside another message's turn"
            listening = False
        elif event["event"] == "action" and event["name"] == "action_listen":
            listening = True


def test_both_servers_answer_through_the_load_balancer(cluster):
    access_log = cluster.config.workdir / "nginx" / "access.log"
    seen = len(access_log.read_text().splitlines()) if access_log.exists() else 0
    for number in range(6):
        assert say(cluster, f"lb-{uuid.uuid4().hex[:6]}-{number}", "Здравствуйте")
    upstreams = [line.split()[2] for line in access_log.read_text().splitlines()[seen:]]
    rasa = {f"127.0.0.1:{port}" for port in cluster.config.rasa_ports()}
    actions = {f"127.0.0.1:{port}" for port in cluster.config.action_ports()}
    assert rasa <= set(upstreams) and actions <= set(upstreams)


def test_a_conversation_spread_over_servers_keeps_its_history(cluster):
    sender = f"spread-{uuid.uuid4().hex[:8]}"
    texts = ["Здравствуйте", "сколько держится эффект?", "а это больно?", "спасибо", "هل الحقن مؤلمة؟", "ну пока"]
    for text in texts:
        assert say(cluster, sender, text)
    for port in cluster.config.rasa_ports():
        events = tracker_events(cluster, sender, port)
        assert [event["text"] for event in events if event["event"] == "user"] == texts
        assert_turns_do_not_interleave(events)
        timestamps = [event["timestamp"] for event in events]
        assert timestamps == sorted(timestamps)


def test_twenty_simultaneous_messages_to_one_conversation(cluster):
    sender = f"burst-{uuid.uuid4().hex[:8]}"
    texts = [f"вопрос номер {number}: это больно?" for number in range(20)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        replies = list(pool.map(lambda text: say(cluster, sender, text), texts))
    assert all(replies), "every message gets an answer"
    events = tracker_events(cluster, sender, cluster.config.rasa_ports()[0])
    stored = [event["text"] for event in events if event["event"] == "user"]
    assert sorted(stored) == sorted(texts)  # each once: none lost, none duplicated
    assert_turns_do_not_interleave(events)
    bot_turns = sum(1 for event in events if event["event"] == "bot")
    assert bot_turns >= 20


def test_each_server_shares_out_the_cores_for_its_sentence_embeddings(cluster):
    servers = [process for _, process in cluster.processes() if "runtime.rasa_server" in " ".join(process.args)]
    assert len(servers) == 2
    for process in servers:
        environ = Path(f"/proc/{process.pid}/environ").read_text().split("\0")
        assert f"OMP_NUM_THREADS={embedding_threads(2)}" in environ
    assert embedding_threads(2) * 2 <= max(2, os.cpu_count() or 1)


def test_the_nginx_configuration_is_the_shared_template(cluster):
    rendered = (cluster.config.workdir / "nginx.conf").read_text()
    assert "ip_hash;" in rendered and "limit_req zone=per_address" in rendered
    assert len(re.findall(r"server 127\.0\.0\.1:59[16]\d;", rendered)) == 6  # 2 + 2 sticky + 2 action servers


def test_a_staff_message_sent_through_one_server_reaches_the_widget_socket_on_the_other(cluster):
    first, second = cluster.config.rasa_ports()
    patient = WidgetClient(f"http://localhost:{second}")
    try:
        sender = patient.call("session_request", {"language": "ru"})["session_id"]
        patient.wait_for_messages(1)
        time.sleep(1)
        before = len(patient.messages)
        bridge = RasaBridge(f"http://localhost:{first}", cluster.config.auth_token)
        bridge.append(sender, [PAUSE_EVENT, staff_message_event("Здравствуйте, это регистратура.", "anna", "ru")])
        delivered = patient.wait_for_messages(before + 1)[before]
        assert delivered["text"] == "Здравствуйте, это регистратура."
        assert delivered["custom"] == {"kind": "staff", "heading": "Сотрудник клиники"}
        bridge.append(sender, [RESUME_EVENT])
    finally:
        patient.close()


def test_a_widget_session_moved_to_the_other_server_keeps_its_history_and_every_reply(cluster):
    first, second = cluster.config.rasa_ports()
    before = WidgetClient(f"http://localhost:{first}")
    moved = None
    try:
        session = before.call("session_request", {"language": "ru"})
        before.wait_for_messages(1)
        assert before.call("user_uttered", {"message": "Сколько действует ботокс?"})["ok"]
        seen = len(before.wait_for_messages(2))
        moved = WidgetClient(f"http://localhost:{second}")
        resumed = moved.call("session_request", {"session_id": session["session_id"], "token": session["token"]})
        assert not resumed["is_new"]
        assert [m["text"] for m in resumed["history"] if m["sender"] == "user"] == ["Сколько действует ботокс?"]
        assert moved.call("user_uttered", {"message": "А это больно?"})["ok"]
        moved.wait_for_messages(1)
        time.sleep(1)
        reply = [m["text"] for m in moved.messages]
        # The tab still open on the first server gets the same reply, through the shared rooms.
        assert [m["text"] for m in before.wait_for_messages(seen + len(reply))[seen : seen + len(reply)]] == reply
    finally:
        before.close()
        if moved is not None:
            moved.close()


def test_a_flood_from_one_patient_meets_one_limit_across_both_servers(cluster, knowledge):
    sender = f"flood-{uuid.uuid4().hex[:8]}"
    slow_down = knowledge.say("rate_limited", "ru")
    started = time.monotonic()
    replies = [" ".join(m.get("text", "") for m in say(cluster, sender, f"вопрос {n}")) for n in range(30)]
    refilled = int((time.monotonic() - started) * 20 / 60) + 1
    answered = [reply for reply in replies if slow_down not in reply]
    # 20 a minute for one patient, whichever server takes the message; each server alone saw 15.
    assert 20 <= len(answered) <= 20 + refilled
    assert slow_down in replies[-1]


def test_one_server_long_polls_telegram_and_the_other_takes_over_when_it_dies(cluster):
    patient = TelegramUser(BOT_TOKEN, "ru")
    patient.send("сколько держится эффект ботокса?")
    patient.replies(2)  # the disclaimer, then the answer
    time.sleep(3)
    assert patient.poll() == [], "an update was answered twice"

    leases = redis.Redis.from_url(REDIS_URL)
    holder = leases.get(LEASE_KEY).decode()
    pid = int(holder.split(":")[1])
    [(name, poller)] = [(name, process) for name, process in cluster.processes() if process.pid == pid]
    assert name.startswith("rasa-server")
    poller.kill()
    poller.wait()

    killed_at = time.monotonic()
    patient.send("а сама процедура больно?")
    [answer] = patient.replies(1)
    assert "боль" in answer["text"].lower()
    assert time.monotonic() - killed_at < 3 * LEASE_SECONDS
    assert leases.get(LEASE_KEY).decode() != holder
