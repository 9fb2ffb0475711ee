"""Property-based fuzzing of the real NLU pipeline and actions over REST: always a reply."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MESSAGES = st.one_of(
    st.just(""),
    st.text(max_size=400),
    st.text(min_size=2000, max_size=12000),  # past the "please shorten" limit
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=31), max_size=40),
    st.text(alphabet=st.characters(whitelist_categories=("Cc", "Cf", "Zs", "So", "Mn")), max_size=60),
    st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщыьэюя ؟،ابتثجحخدذرسشصضطظعغفقكلمنهويىةءأإآ\u064e\u0640", max_size=200),
    st.builds(lambda s, n: s * n, st.sampled_from(["ботокс ", "البوتوكس ", "🙂"]), st.integers(1, 3000)),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=MESSAGES)
def test_any_message_gets_a_reply_and_the_server_survives(new_chat, text):
    replies = new_chat().say(text)
    assert replies, repr(text[:80])
    assert all(message.get("text", "").strip() or message.get("custom") for message in replies)
