"""Shared matching helpers that do not need TensorFlow."""
from codemods import matching


def test_identifiers_skip_comments_and_plain_strings():
    code = (
        "x = 1  # loss here\n"
        "s = \"variables 'q' # not a comment\"\n"
        "u = rb'raw\\' tf' + \"\"\"doc\nloss2 multi\"\"\" + '''more''' + \"a\\\ncont\"\n"
        "def f(a, b): return a.attr\n"
    )
    assert matching.identifiers(code) == {"x", "s", "u", "def", "f", "a", "b", "return", "attr"}


def test_identifiers_keep_f_string_expressions():
    names = matching.identifiers("t = f\"{gradients} and {y!r}\"\nv = F'{z}'\n")
    assert {"gradients", "y", "z", "t", "v"} <= names
    assert "and" in names  # f-string text counts too: more names taken is the safe side
