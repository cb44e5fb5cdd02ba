"""Strategies for what outsiders send, shared by the property-based tests: odd characters
(control characters, NUL, lone surrogates, private use, wide and combining ones), very
long text, numbers far too big or negative, ids past 64 bits, odd quoting, people and
accounts nobody has."""

from __future__ import annotations

from hypothesis import strategies as st

ODD_CHARACTERS = st.one_of(
    st.characters(categories=("Cc",)),  # control characters, NUL among them
    st.characters(categories=("Cs",)),  # lone surrogates
    st.characters(categories=("Co",)),  # private use
    st.sampled_from(["\u3000", "\u200b", "\ufeff", "\u202e", "\u0301", "'", '"', "“", "”"]),
)

NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(
        ["-1", "0", "1e400", "NaN", "inf", "-0", "１２", "1,2,3", "9" * 40, "0x10", "1_000"]
    ),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)

IDS = st.one_of(
    st.integers(min_value=2**31, max_value=2**70).map(str),
    st.integers(min_value=2**31, max_value=2**70).map(lambda n: f"#{n}"),
    st.sampled_from(["0", "-3", "#-1", "", "#", "1.5", "٣", "१२"]),
)

STRANGERS = st.sampled_from(
    ["@nobody", "<@U0NOBODY>", "@U0NOBODY", "U0NOBODY", "@", "<@>", "<@U0ALICE", "@@alice"]
)


def words_with(pieces: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Text made of ordinary words with odd pieces among them, quoted or not."""
    word = st.one_of(
        st.text(min_size=0, max_size=12),
        pieces,
        pieces.map(lambda p: f'"{p}'),  # an unclosed quote
        pieces.map(lambda p: f'"{p}"'),
    )
    return st.lists(word, min_size=0, max_size=6).map(" ".join)


ODD_TEXT = st.one_of(
    words_with(st.text(ODD_CHARACTERS, min_size=1, max_size=4)),
    st.text(min_size=2001, max_size=2100),  # over the 2,000 characters a command takes
    st.text(),
)
