"""Names a reader can tell apart: two units (or two groups) whose names look the same after
normalisation (`generator.core.characters.name_key`: NFC, look-alike Cyrillic and Greek letters,
invisible characters, spacing, case) are an error; a name that mixes Latin with Cyrillic or
Greek letters in one word is a warning naming the code points."""
from __future__ import annotations

from generator.core.characters import mixed_script_words, name_key
from generator.validate.rules.base import Rule, Scope, problem

ID = "registry.names"


def check(reg, ds):
    places = [(("province", "name"), reg.province.name, None)]
    places += [(("groups", i, "name"), g.name, ("groups", g.id)) for i, g in enumerate(reg.groups)]
    places += [(("units", i, "name"), u.name, ("units", u.id)) for i, u in enumerate(reg.units)]
    places += [(("units", i, "former_names", j, "name"), f.name, None)
               for i, u in enumerate(reg.units) for j, f in enumerate(u.former_names)]
    for loc, name, _ in places:
        for word, letters in mixed_script_words(name):
            yield problem(reg, loc, ID,
                          f"Chữ “{word}” trộn chữ Latinh với {', '.join(f'`{c}`' for c in letters)}: trông như "
                          "chữ Latinh nhưng khác.",
                          f"The word “{word}” mixes Latin letters with {', '.join(f'`{c}`' for c in letters)}: it "
                          "looks Latin but is not.",
                          "Gõ lại chữ này bằng bàn phím tiếng Việt.", "Type the word again with a Vietnamese keyboard.",
                          warning=True)
    seen: dict[tuple[str, str], tuple] = {}
    for loc, name, kind in places:
        if kind is None:
            continue
        key = (kind[0], name_key(name))
        if key in seen:
            first = seen[key]
            yield problem(reg, loc, ID,
                          f"Tên “{name}” trùng với tên “{first[2]}” của `{first[1]}` (khác nhau chỉ ở cách viết, "
                          "dấu cách, chữ hoa hay ký tự trông giống nhau).",
                          f"The name “{name}” is the same as “{first[2]}” of `{first[1]}` once spelling variants, "
                          "spacing, case and look-alike letters are set aside.",
                          "Mỗi đơn vị một tên phân biệt được; nếu là cùng một đơn vị, dùng một mã và xóa dòng thừa.",
                          "Give each unit a name readers can tell apart; if it is the same unit, keep one entry.")
        else:
            seen[key] = (loc, kind[1], name)


RULE = Rule(ID, Scope.REGISTRY, "Tên đơn vị phân biệt được", "Unit names can be told apart", check)
