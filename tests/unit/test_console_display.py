from staff_console.display import reveal


def test_html_is_escaped():
    assert str(reveal('<script>alert("x")</script>')) == "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"


def test_bidi_overrides_and_zero_width_characters_become_visible_marks():
    html = str(reveal("abc\u202eتست\u202c\u200b!"))
    assert "\u202e" not in html and "\u202c" not in html and "\u200b" not in html
    assert html.count('class="hidden-char"') == 3
    assert ">U+202E<" in html and 'title="right-to-left override"' in html and ">U+200B<" in html


def test_ordinary_text_and_line_breaks_are_kept():
    assert str(reveal("Здравствуйте,\nهل الحقن مؤلمة؟")) == "Здравствуйте,\nهل الحقن مؤلمة؟"
    assert str(reveal(None)) == ""
