"""Rules in their place (issue 24): "may this user…" is decided in members/permissions/
only. Code elsewhere (views, services, forms, dashboards, templates) asks a ``may_*``
question or a flag from it; it never decides on a role itself. This test reads every
app module (not tests, not migrations) and every template, and fails on:

- a comparison with a role kind (``RoleKind.X``, a set of them, ``kind == "griffier"``);
- a read of ``is_staff`` or ``is_superuser`` (the admin's door is a permission too);
- a read of who-this-is on a ``Permissions`` (``is_secretariat``, ``is_city_contact``,
  ``kinds``, …: ``members.permissions.base.Identity``) instead of a ``may_*`` question;
- a query on roles by kind (``kind=RoleKind.X``, ``kind__in=…``);
- in a template, an ``{% if %}`` on any of those.

Queries that SELECT people by role as data (the recipients of a mail, the officers a
page lists, a participation measure) are no decisions: they are listed below, each with
its reason. Keep the list short; a decision belongs in the package.
"""

from __future__ import annotations

import ast
import pathlib
import re
from dataclasses import dataclass

from members.constants import RoleKind
from members.permissions.base import Identity
from tests.test_module_size import PACKAGES

ROOT = pathlib.Path(__file__).resolve().parent.parent

# The apps (the packages held to the module size, but the configuration and the
# benchmark tool, which build data and decide nothing for a user).
APPS = tuple(package for package in PACKAGES if package not in ("g40", "bench"))
# Where roles are defined, and the one place that decides on them.
DEFINITIONS = ("members/constants.py", "members/models.py")
PACKAGE = "members/permissions/"
# Demo loaders give the demo's people their roles (data, never a decision for a user).
DEMO = "demo.py"

# Selections of people by role as data, not decisions, by module and top-level function:
# what they select, and for what.
DATA_SELECTIONS: dict[str, str] = {
    "lobby/mails.py::stance_requests_queue": "the member cities' contacts, asked for a stance",
    "lobby/mails.py::acknowledged_queue": "the city's contacts, told of the acknowledgement",
    "lobby/mails.py::vng_covered_queue": "the pillar's officers, told that the VNG covers it",
    "themegroups/mails.py::weekly_digests_send": "the recipients of the weekly review digest",
    "outbox/digest.py::db_digests_send": "the recipients of the DB's daily digest",
    "letters/services_addressees.py::addressee_requests_send": "the city contacts asked to "
    "name their addressees",
    "letters/selectors.py::role_addresses": "the addressees' addresses (not subscribers)",
    "letters/selectors.py::unconfirmed_roles": "the addressees not yet confirmed after an election",
    "letters/selectors.py::approval_reach": "a letter's addressees: council clerks and college "
    "contacts",
    "letters/services.py::role_confirm": "only an addressee's role is confirmed after an election",
    "networkdays/selectors.py::digital_meeting_invitees": "a pillar's officers are invited",
    "networkdays/selectors.py::digital_meetings_for_person": "the meetings of one's pillars",
    "members/views.py::city_detail": "the pillar and DB roles a city's page lists",
    "members/views_pillars.py::_pillars_with_officers": "the officers a pillar's page lists",
    "lobby/forms.py::_coordinators": "the coordinators offered as a dossier's carriers",
    "accounts/oidc.py::login_request_create": "a city's contacts, mailed about a login request",
}
TEMPLATE_LABELS: dict[str, str] = {
    "letters/templates/letters/dashboard_task.html": "names a missing addressee's kind",
}

ROLE_SETS = {"CITY_BOUND_ROLES", "NETWORK_WIDE_ROLES", "PILLAR_ROLES", "LETTER_ADDRESSEE_ROLES"}
ROLE_VALUES = frozenset(RoleKind.values)
ADMIN_FLAGS = {"is_staff", "is_superuser"}
# Who this is, on a Permissions: the roles behind the rules (the package's own words).
IDENTITY = {name for name in vars(Identity) if name.startswith("is_") and name != "is_in_city"} | {
    "kinds"
}
QUERY_METHODS = {"filter", "exclude", "get", "exists", "Q", "count"}


@dataclass(frozen=True)
class Finding:
    where: str
    line: int
    what: str
    scope: str = ""  # the top-level function or class it is in

    @property
    def key(self) -> str:
        return f"{self.where}::{self.scope}"

    def __str__(self) -> str:
        return f"{self.where}:{self.line}: {self.what}"


def _is_role_kind(node: ast.AST) -> bool:
    """``RoleKind.X``, a known set of role kinds, or a literal collection of them."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.value.id == "RoleKind"
    if isinstance(node, ast.Name):
        return node.id in ROLE_SETS
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and node.value in ROLE_VALUES
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(_is_role_kind(element) for element in node.elts)
    return False


def _names_role_kind(node: ast.AST) -> bool:
    return any(
        isinstance(n, ast.Attribute)
        and isinstance(n.value, ast.Name)
        and n.value.id == "RoleKind"
        or isinstance(n, ast.Name)
        and n.id in ROLE_SETS
        for n in ast.walk(node)
    )


def role_decisions(source: str, where: str = "<snippet>") -> list[Finding]:
    """What in ``source`` decides on a role by itself."""
    tree = ast.parse(source)
    found: list[Finding] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            kinds = [
                o for o in operands if isinstance(o, ast.Attribute) and o.attr in {"kind", "kinds"}
            ]
            if any(
                isinstance(o, ast.Attribute | ast.Name | ast.Tuple | ast.List | ast.Set)
                and not isinstance(o, ast.Constant)
                and _is_role_kind(o)
                for o in operands
            ) or (kinds and any(_is_role_kind(o) for o in operands)):
                found.append(Finding(where, node.lineno, "compares with a role kind"))
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            if node.attr in ADMIN_FLAGS:
                found.append(Finding(where, node.lineno, f"reads {node.attr}"))
            elif node.attr in IDENTITY:
                found.append(Finding(where, node.lineno, f"reads who this is ({node.attr})"))
        elif isinstance(node, ast.Call):
            function = node.func
            name = (
                function.attr
                if isinstance(function, ast.Attribute)
                else getattr(function, "id", "")
            )
            if name in QUERY_METHODS:
                for keyword in node.keywords:
                    if (
                        keyword.arg
                        and re.search(r"(^|__)kind(__in)?$", keyword.arg)
                        and (_names_role_kind(keyword.value) or _is_role_kind(keyword.value))
                    ):
                        found.append(
                            Finding(where, node.lineno, f"queries roles by kind ({keyword.arg})")
                        )
    scopes = [
        (top.lineno, top.end_lineno or top.lineno, top.name)
        for top in tree.body
        if isinstance(top, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    ]
    return [
        Finding(f.where, f.line, f.what, next((n for a, b, n in scopes if a <= f.line <= b), ""))
        for f in found
    ]


TEMPLATE_IF = re.compile(r"{%-?\s*(?:el)?if\b(?P<test>.*?)-?%}", re.S)


def template_role_decisions(text: str, where: str = "<snippet>") -> list[Finding]:
    """What in a template's ``{% if %}`` tags decides on a role by itself."""
    words = "|".join(sorted(IDENTITY | ADMIN_FLAGS))
    pattern = re.compile(
        rf"\b(?:{words})\b|\bkind\s*[!=]=\s*['\"](?:{'|'.join(sorted(ROLE_VALUES))})['\"]"
        rf"|['\"](?:{'|'.join(sorted(ROLE_VALUES))})['\"]\s*[!=]=\s*\S*kind\b|\bperms\."
    )
    found = []
    for match in TEMPLATE_IF.finditer(text):
        hit = pattern.search(match.group("test"))
        if hit:
            line = text.count("\n", 0, match.start()) + 1
            found.append(Finding(where, line, f"template decides on {hit.group(0)!r}"))
    return found


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "migrations" in path.parts or relative.startswith(PACKAGE):
                continue
            if relative in DEFINITIONS or path.name == DEMO:
                continue
            yield relative, path


def _templates():
    folders = [ROOT / "templates", *(ROOT / app / "templates" for app in APPS)]
    for folder in folders:
        for path in sorted(folder.rglob("*.html")) if folder.is_dir() else ():
            yield path.relative_to(ROOT).as_posix(), path


def test_no_module_outside_the_permissions_decides_on_a_role():
    found = [
        str(finding)
        for relative, path in _modules()
        for finding in role_decisions(path.read_text(encoding="utf-8"), relative)
        if finding.key not in DATA_SELECTIONS
    ]
    assert not found, "ask members.permissions (a may_* question) instead:\n" + "\n".join(found)


def test_no_template_decides_on_a_role():
    found = [
        str(finding)
        for relative, path in _templates()
        if relative not in TEMPLATE_LABELS
        for finding in template_role_decisions(path.read_text(encoding="utf-8"), relative)
    ]
    assert not found, "give the template a flag from members.permissions:\n" + "\n".join(found)


def test_the_data_selections_still_exist_and_select_by_role():
    """An entry that no longer selects by role is taken off the list (it only shrinks)."""
    found = {
        finding.key
        for relative in {key.split("::")[0] for key in DATA_SELECTIONS}
        if (ROOT / relative).exists()
        for finding in role_decisions((ROOT / relative).read_text(encoding="utf-8"), relative)
    }
    stale = [key for key in DATA_SELECTIONS if key not in found]
    stale += [
        relative
        for relative in TEMPLATE_LABELS
        if not template_role_decisions((ROOT / relative).read_text(encoding="utf-8"))
    ]
    assert not stale, f"take these off the lists: {stale}"


# --- the scan can fail: snippets it must flag, and some it must let through ------------


def test_the_scan_flags_a_view_that_decides_on_a_role():
    snippets = {
        "if permissions.is_secretariat:\n    pass": "who this is",
        "if RoleKind.DB_MEMBER in permissions.kinds:\n    pass": "role kind",
        "ok = role.kind == RoleKind.SECRETARIAT": "role kind",
        "ok = role.kind == 'db_member'": "role kind",
        "ok = kind in (RoleKind.GRIFFIER, RoleKind.COLLEGE_CONTACT)": "role kind",
        "ok = request.user.is_staff": "is_staff",
        "ok = user.is_superuser or x": "is_superuser",
        "ok = Role.objects.current().filter(person=p, kind=RoleKind.SECRETARIAT).exists()": (
            "by kind"
        ),
        "qs = Role.objects.filter(kind__in=NETWORK_WIDE_ROLES)": "by kind",
        "ok = permissions.is_contact_for_city(city.pk)": "who this is",
    }
    for source, expected in snippets.items():
        findings = role_decisions(source)
        assert findings, source
        assert any(expected in finding.what for finding in findings), (source, findings)


def test_the_scan_lets_questions_and_other_kinds_through():
    for source in (
        "ok = permissions.may_read_security_log",
        "ok = stance.kind == StanceKind.DEVIATE",
        "ok = letter.kind != LetterKind.ERRATUM",
        "Role.objects.create(person=p, kind=RoleKind.CITY_OFFICIAL)",
        "user.is_staff = True",
        "qs = Statement.objects.filter(kind=StatementKind.CREDIT)",
    ):
        assert not role_decisions(source), source


def test_the_template_scan_flags_a_role_test():
    flagged = (
        "{% if permissions.is_secretariat %}x{% endif %}",
        "{% if user.is_staff %}x{% endif %}",
        "{% if a %}{% elif request.user.is_superuser %}x{% endif %}",
        '{% if role.kind == "db_member" %}x{% endif %}',
        "{% if perms.members.change_role %}x{% endif %}",
    )
    for text in flagged:
        assert template_role_decisions(text), text
    assert not template_role_decisions("{% if permissions.may_use_admin %}x{% endif %}")
    assert not template_role_decisions('{% if stance.kind != "deviate" %}x{% endif %}')
