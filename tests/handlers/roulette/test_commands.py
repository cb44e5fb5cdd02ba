"""Commands as typed: what each answers, and that bad input changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from handlers.core.commands import run_command
from handlers.roulette import offers
from handlers.roulette.intake import LeadInput, add_lead
from handlers.roulette.sweep import expire_due
from storage.models import Lead, Member, Offer


def say(bot, user, command, text=""):
    replies = run_command(bot.svc, bot.actor(user), command, text)
    return "\n".join(getattr(r, "text", "") or r.plain() for r in replies)


def lead_count(bot):
    with bot.svc.db.transaction() as s:
        return s.scalar(select(func.count()).select_from(Lead))


def test_lead_add_with_amount_and_details(bot):
    answer = say(
        bot, "U0MARIA", "/lead", 'add "Acme Cloud Ltd" 12,500.50 contact="Li Lei" tier=smb'
    )
    assert answer == "Lead #1 Acme Cloud Ltd added; it is being offered."
    with bot.svc.db.transaction() as s:
        lead = s.get(Lead, 1)
    assert (lead.company, str(lead.amount), lead.contact, lead.tier) == (
        "Acme Cloud Ltd",
        "12500.50",
        "Li Lei",
        "smb",
    )


def test_lead_add_company_with_spaces_and_no_amount(bot):
    assert say(bot, "U0MARIA", "lead", "add Foo Bar Inc") == (
        "Lead #1 Foo Bar Inc added; it is being offered."
    )


def test_bad_amounts_are_refused_and_change_nothing(bot):
    for bad in ("-5", "1e400", "12.3.4", "99999999999999999"):
        answer = say(bot, "U0MARIA", "/lead", f"add Acme {bad}")
        assert answer.startswith(f"{bad} is not an amount"), answer
    assert lead_count(bot) == 0


def test_usage_for_missing_or_unknown_arguments(bot):
    for text in ("", "frobnicate", "add", "show", "show 1 2", "cancel"):
        answer = say(bot, "U0MARIA", "/lead", text)
        assert answer.startswith("Usage of /lead:"), (text, answer)
    assert say(bot, "U0MARIA", "/team", "sideways").startswith("Usage of /team:")
    assert lead_count(bot) == 0


def test_odd_input_gets_specific_messages(bot):
    assert say(bot, "U0MARIA", "/lead", "add " + "x" * 2001) == (
        "That is longer than 2000 characters; nothing was done."
    )
    assert say(bot, "U0MARIA", "/lead", "add Acme\x00Corp") == (
        "That text contains control characters; nothing was done."
    )
    assert say(bot, "U0MARIA", "/lead", 'add "Acme') == "A quote is not closed; nothing was done."
    assert say(bot, "U0MARIA", "/lead", "add " + "公司" * 101) == (
        "Company is longer than 200 characters."
    )
    assert say(bot, "U0MARIA", "/lead", "show abc") == "There is no lead #abc."
    assert say(bot, "U0MARIA", "/lead", "show 42") == "There is no lead #42."
    assert say(bot, "U0MARIA", "/lead", "add 上海坚果云 8000") == (
        "Lead #1 上海坚果云 added; it is being offered."
    )
    assert lead_count(bot) == 1


def test_managers_only_and_strangers(bot):
    assert say(bot, "U0ALICE", "/lead", "add Acme") == "Only managers can use /lead add."
    assert say(bot, "U0ALICE", "/team") == "Only managers can use /team."
    assert say(bot, "U0NOBODY", "/lead", "list").startswith("You are not on any team")
    assert say(bot, "U0MARIA", "/frob").startswith("Unknown command frob.")
    assert lead_count(bot) == 0


def test_lead_list_shows_window_holder_passes_and_skips(bot):
    say(bot, "U0MARIA", "/team", "away @Carol")
    add_lead(bot.svc, "sales", LeadInput("Acme"))
    add_lead(bot.svc, "sales", LeadInput("Beta"))
    bot.deliver()
    with bot.svc.db.transaction() as s:
        first = s.scalar(select(Offer).where(Offer.lead_id == 1, Offer.status == "open"))
    offers.pass_offer(bot.svc, bot.actor("U0ALICE"), str(first.id))
    bot.deliver()
    bot.clock.advance(seconds=15)
    listing = say(bot, "U0MARIA", "/lead", "list")
    assert listing.splitlines() == [
        "sales: 2 lead(s) in flight",
        "• #1 Acme: Alice passed; Bob holds the window (45 s left)",
        "• #2 Beta: Bob holds the window (45 s left)",
    ]
    # Carol is away: she comes last in every lead's order, and is skipped there.
    add_lead(bot.svc, "sales", LeadInput("Gamma"))
    assert "#3 Gamma: its card is on its way to Alice" in say(bot, "U0MARIA", "/lead", "list")
    bot.deliver()  # the window starts when the card arrives
    assert "#3 Gamma: Alice holds the window (1 min left)" in say(bot, "U0MARIA", "/lead", "list")
    for rep in ("U0ALICE", "U0BOB"):
        with bot.svc.db.transaction() as s:
            offer = s.scalar(select(Offer).where(Offer.lead_id == 3, Offer.status == "open"))
        offers.pass_offer(bot.svc, bot.actor(rep), str(offer.id))
        bot.deliver()
    assert "#3 Gamma: Alice passed; Bob passed; Carol skipped (away); in the open pool" in say(
        bot, "U0MARIA", "/lead", "list"
    )


def test_lead_show_has_the_whole_history(bot):
    add_lead(bot.svc, "sales", LeadInput("Acme", source="web"))
    bot.deliver()
    with bot.svc.db.transaction() as s:
        offer = s.scalar(select(Offer).where(Offer.status == "open"))
    bot.clock.advance(seconds=61)
    expire_due(bot.svc)
    shown = say(bot, "U0MARIA", "/lead", "show 1").splitlines()
    assert shown[0] == "Lead #1 Acme"
    assert "Status: being offered" in shown
    assert shown[-3:] == [
        "• 09:00:00 UTC · offered to Alice",
        "• 09:01:01 UTC · Alice's window expired",
        "• 09:01:01 UTC · offered to Bob",
    ]
    assert offer.member_id


def test_team_overview_and_away_back(bot):
    assert say(bot, "U0ALICE", "/team", "away") == "Alice is now away: no new leads until back."
    assert say(bot, "U0ALICE", "/team", "away @Bob") == (
        "You can only mark yourself away or back; managers can mark anyone."
    )
    assert say(bot, "U0MARIA", "/team", "back @U0ALICE") == (
        "Alice is back and receives leads again."
    )
    assert say(bot, "U0MARIA", "/team", "away @nobody") == "No one called @nobody on team sales."
    add_lead(bot.svc, "sales", LeadInput("Acme"))
    bot.deliver()
    with bot.svc.db.transaction() as s:
        offer = s.scalar(select(Offer).where(Offer.status == "open"))
    bot.clock.advance(seconds=30)
    offers.claim(bot.svc, bot.actor("U0ALICE"), str(offer.id))
    overview = say(bot, "U0MARIA", "/team").splitlines()
    assert overview[0] == "Team sales"
    assert overview[1] == (
        "• Alice: available · 1/3 open · claims 1 · passes 0 · expiries 0"
        " · median time to claim 30 s"
    )
    with bot.svc.db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Member).where(Member.away)) == 0


def test_lead_pool_lists_grab_cards_for_reps(bot):
    assert say(bot, "U0ALICE", "/lead", "pool") == "The open pool of sales is empty."
    add_lead(bot.svc, "sales", LeadInput("Pooly"))
    for _ in range(3):
        bot.deliver()
        bot.clock.advance(seconds=61)
        expire_due(bot.svc)
    [card] = run_command(bot.svc, bot.actor("U0ALICE"), "lead", "pool")
    assert card.title == "Open pool: Pooly"
    assert [b.label for b in card.buttons] == ["Grab"]


def test_chinese_locale(make_bot):
    bot = make_bot(locale="zh-CN")
    add_lead(bot.svc, "sales", LeadInput("坚果云"))
    bot.deliver()
    [card] = bot.dm_cards("U0ALICE")
    assert card.title == "新线索:坚果云"
    assert [b.label for b in card.buttons] == ["认领", "放弃"]
    assert say(bot, "U0ALICE", "/lead", "add x") == "只有经理可以使用 /lead add。"


def test_every_string_has_both_languages_and_the_same_fields():
    import string

    from handlers import features

    STRINGS = features.registry().strings

    for key, (en, zh) in STRINGS.items():
        names = {f[1] for f in string.Formatter().parse(en) if f[1]}
        assert names == {f[1] for f in string.Formatter().parse(zh) if f[1]}, key
        assert en and zh, key
