"""Leaders and armed groups of 1980-2014 in known_actors.yaml, coded on invented sentences
dated inside the leader's term (the role valid on the article date decides the code)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "src" / "eventmill" / "data"


def pairs(events: list[dict]) -> set[tuple]:
    """(source country, source role, target country, target role) of each event."""
    out = set()
    for e in events:
        s, t = e["source"] or {}, e["target"] or {}
        out.add((s.get("country"), s.get("role"), t.get("country"), t.get("role")))
    return out


def first(events: list[dict], root: str) -> dict:
    found = [e for e in events if e["code"].startswith(root)]
    assert found, events
    return found[0]


@pytest.mark.parametrize("text,date,expected", [
    ("Yitzhak Rabin met King Hussein in Washington.", "1994-05-01",
     ("ISR", "GOV", "JOR", "GOV")),
    ("Ronald Reagan met Mikhail Gorbachev in Geneva.", "1987-06-01",
     ("USA", "GOV", "RUS", "GOV")),
    ("Margaret Thatcher criticized Mikhail Gorbachev.", "1985-06-01",
     ("GBR", "GOV", "RUS", "GOV")),
    ("Helmut Kohl met Francois Mitterrand in Paris.", "1986-03-01",
     ("DEU", "GOV", "FRA", "GOV")),
    ("Leonid Brezhnev met Helmut Schmidt in Moscow.", "1980-06-01",
     ("RUS", "GOV", "DEU", "GOV")),
    ("Yasser Arafat met Shimon Peres in Cairo.", "1995-09-01",
     ("PSE", "GOV", "ISR", "GOV")),
    ("Kim Dae-jung met Kim Jong Il in Pyongyang.", "2000-03-01",
     ("KOR", "GOV", "PRK", "GOV")),
    ("Tony Blair met Vladimir Putin in London.", "2000-03-01",
     ("GBR", "GOV", "RUS", "GOV")),
    ("Franjo Tudjman accused Alija Izetbegovic of breaking the truce.", "1995-10-01",
     ("HRV", "GOV", "BIH", "GOV")),
    ("Atal Bihari Vajpayee warned Nawaz Sharif over Kargil.", "1999-05-01",
     ("IND", "GOV", "PAK", "GOV")),
    ("Nelson Mandela criticized Sani Abacha.", "1995-03-01",
     ("ZAF", "GOV", "NGA", "GOV")),
    ("Gerhard Schroeder criticized George W. Bush.", "2003-07-01",
     ("DEU", "GOV", "USA", "GOV")),
    ("Mahmoud Ahmadinejad threatened Israel.", "2007-03-01",
     ("IRN", "GOV", "ISR", "")),
])
def test_leaders_meet_and_quarrel(code_text, text, date, expected):
    assert expected in pairs(code_text(text, date=date))


def test_un_secretaries_general_are_igo(code_text):
    annan = code_text("Kofi Annan urged Slobodan Milosevic to withdraw his forces from Kosovo.",
                      date="1998-09-01")
    assert ("IGO", "GOV", "SRB", "GOV") in pairs(annan)
    ghali = code_text("Boutros Boutros-Ghali criticized the Khmer Rouge.", date="1992-01-01")
    assert ("IGO", "GOV", "KHM", "REB") in pairs(ghali)
    cuellar = code_text("Saddam Hussein rejected demands from Javier Perez de Cuellar.",
                        date="1991-01-01")
    assert ("IRQ", "GOV", "IGO", "GOV") in pairs(cuellar)


@pytest.mark.parametrize("date", ["1990-06-01", "2003-03-01"])
def test_president_bush_is_either_president(code_text, date):
    event = first(code_text("President Bush threatened further action against Iraq.", date=date),
                  "13")
    assert (event["source"]["country"], event["source"]["role"]) == ("USA", "GOV")
    assert event["source"]["name"] == "President Bush"
    assert event["target"]["country"] == "IRQ"


def test_bush_administration_and_full_names(code_text):
    admin = first(code_text("The Bush administration demanded that Iraq withdraw.",
                            date="1990-06-01"), "10")
    assert (admin["source"]["country"], admin["source"]["role"]) == ("USA", "GOV")
    w = first(code_text("George W. Bush condemned Saddam Hussein.", date="2003-03-01"), "11")
    assert w["source"]["name"] == "George W. Bush" and w["target"]["country"] == "IRQ"
    clinton = code_text("President Clinton met Boris Yeltsin in Moscow.", date="1996-05-01")
    assert ("USA", "GOV", "RUS", "GOV") in pairs(clinton)
    assert any(e["source"]["name"] == "Bill Clinton" for e in clinton)


@pytest.mark.parametrize("text,date,expected", [
    ("The IRA attacked British soldiers in Belfast.", "1992-05-01", ("GBR", "REB", "GBR", "MIL")),
    ("ETA killed a Spanish police officer.", "1996-03-01", ("ESP", "REB", "ESP", "COP")),
    ("UNITA rebels attacked government troops in Angola.", "1998-05-01",
     ("AGO", "REB", "AGO", "MIL")),
    # ECOMOG is the West African states' force (an IGO), not Sierra Leone's army
    ("The Revolutionary United Front attacked ECOMOG peacekeepers.", "1999-05-01",
     ("SLE", "REB", "IGO", "MIL")),
    ("The Kosovo Liberation Army attacked Serbian police.", "1999-03-01",
     ("XKX", "REB", "SRB", "COP")),
    ("The Contras attacked Sandinista troops.", "1984-03-01", ("NIC", "REB", "NIC", "PTY")),
    ("The SPLA accused Khartoum of arming militias.", "2009-03-01", ("SDN", "REB", "SDN", "GOV")),
    ("John Garang accused Khartoum of bombing civilians.", "2001-03-01",
     ("SDN", "REB", "SDN", "GOV")),
])
def test_armed_groups_of_the_period(code_text, text, date, expected):
    assert expected in pairs(code_text(text, date=date))


def test_roles_follow_the_article_date(code_text):
    # Sharon was defence minister in 1982 and prime minister in 2002
    sharon_82 = first(code_text("Ariel Sharon threatened the Palestine Liberation Organization.",
                                date="1982-07-01"), "13")
    assert (sharon_82["source"]["country"], sharon_82["source"]["role"]) == ("ISR", "MIL")
    sharon_02 = code_text("Ariel Sharon accused Yasser Arafat of supporting terror.",
                          date="2002-03-01")
    assert ("ISR", "GOV", "PSE", "GOV") in pairs(sharon_02)
    # Ouattara led the opposition under Gbagbo and was president after him
    text = "Alassane Ouattara criticized Laurent Gbagbo."
    assert ("CIV", "OPP", "CIV", "GOV") in pairs(code_text(text, date="2005-03-01"))
    assert ("CIV", "GOV", "CIV", "OPP") in pairs(code_text(text, date="2012-03-01"))
    # the SPLA is South Sudan's army after independence
    spla = first(code_text("The SPLA attacked rebels in Jonglei.", date="2014-03-01"), "19")
    assert (spla["source"]["country"], spla["source"]["role"]) == ("SSD", "MIL")
    # Haniyeh was the Palestinian Authority's prime minister in 2006
    haniyeh = code_text("Ismail Haniyeh rejected demands from Ehud Olmert.", date="2006-06-01")
    assert ("PSE", "GOV", "ISR", "GOV") in pairs(haniyeh)


def test_shared_surnames_are_not_aliases():
    actors = yaml.safe_load((DATA / "known_actors.yaml").read_text(encoding="utf-8"))["actors"]
    aliases = {alias for a in actors for alias in [a["name"], *a.get("aliases", [])]}
    for shared in ("Bush", "Clinton", "Gandhi", "Bhutto", "Izetbegovic", "Botha",
                   "Gemayel", "Koizumi", "Brown", "Major", "Begin"):
        assert shared not in aliases, shared
    by_name = {a["name"]: a for a in actors}
    bush = by_name["President Bush"]["roles"]
    assert [(r["start"], r["end"]) for r in bush] == [
        (dt.date(1989, 1, 20), dt.date(1993, 1, 20)), (dt.date(2001, 1, 20), dt.date(2009, 1, 20))]
