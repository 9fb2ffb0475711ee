"""Property-based fuzzing of the real REST door, NLU pipeline and actions: always a sane answer.

The message, the conversation id and the client's metadata are all generated; whatever arrives,
the server answers (a reply, or a 400/413 refusal for an unsafe id or an oversized message) and
keeps serving.
"""

import json

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from channels.inbound import rest_sender_problem

MESSAGES = st.one_of(
    st.just(""),
    st.text(max_size=400),
    st.text(min_size=2000, max_size=12000),  # past the "please shorten" limit, some past the hard one
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=31), max_size=40),
    st.text(alphabet=st.characters(whitelist_categories=("Cc", "Cf", "Zs", "So", "Mn")), max_size=60),
    st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщыьэюя ؟،ابتثجحخدذرسشصضطظعغفقكلمنهويىةءأإآ\u064e\u0640", max_size=200),
    st.builds(lambda s, n: s * n, st.sampled_from(["ботокс ", "البوتوكس ", "🙂"]), st.integers(1, 3000)),
    st.builds(lambda p, t: p + t, st.sampled_from(["/", "/restart ", "/ask_pain@1.0 ", '/ask_cost{"a":']), st.text()),
)
SENDERS = st.one_of(
    st.from_regex(r"fuzz-[a-z0-9]{12}", fullmatch=True),
    st.text(max_size=100),
    st.sampled_from(["tg-1", "web-x", "../x", "a\x00b", "\ud800"]),
)
METADATA = st.one_of(st.none(), st.text(max_size=20), st.dictionaries(st.text(max_size=20), st.text(max_size=50)))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=MESSAGES, sender=SENDERS, metadata=METADATA)
def test_any_request_gets_an_answer_and_the_server_survives(stack, knowledge, text, sender, metadata):
    body = json.dumps({"sender": sender, "message": text, "metadata": metadata}).encode()
    response = requests.post(stack.config.rest_url, data=body, timeout=60)
    if len(text) > knowledge.settings.max_message_chars * 5:
        assert response.status_code == 413
    elif rest_sender_problem(sender):
        assert response.status_code == 400, repr(sender)
    else:
        replies = response.json()
        assert response.ok and replies, repr(text[:80])
        assert all(message.get("text", "").strip() or message.get("custom") for message in replies)
    assert requests.get(f"http://localhost:{stack.config.rasa_port}/", timeout=10).ok
