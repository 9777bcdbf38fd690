"""members.permissions as a package by feature (issue 24): one ``Permissions`` joined
from a mixin per feature module, the same public names as before, and the flags that
took over the role tests views and templates made themselves."""

import importlib
import pkgutil

import pytest

import members.permissions as package
from members.permissions import ANONYMOUS, Permissions, permissions_for

FEATURES = (
    "accounts",
    "admissions",
    "contributions",
    "knowledge",
    "letters",
    "lobby",
    "networkdays",
    "participation",
    "people",
    "themegroups",
)


def test_one_permissions_joined_from_a_mixin_per_feature_module():
    modules = {info.name for info in pkgutil.iter_modules(package.__path__)}
    assert modules == {"base", *FEATURES}
    mixins_from = {cls.__module__.rsplit(".", 1)[-1] for cls in Permissions.__mro__[1:-1]}
    assert mixins_from == {"base", *FEATURES}
    for name in FEATURES:
        module = importlib.import_module(f"members.permissions.{name}")
        assert any(
            issubclass(Permissions, cls) for cls in vars(module).values() if isinstance(cls, type)
        )


def test_the_public_names_are_where_callers_import_them():
    for name in (
        "Permissions",
        "permissions_for",
        "ANONYMOUS",
        "CITY_BOUND_ROLES",
        "NETWORK_WIDE_ROLES",
        "NETWORK_DAY_AUDIENCES",
        "holds_network_wide_role",
        "may_attend_network_day",
        "network_day_audience_filter",
    ):
        assert hasattr(package, name), name


# persona → the flags that replaced role tests outside the package (True where held).
FLAGS = {
    "must_use_second_factor": {"secretariat", "db_member"},
    "may_read_security_log": {"secretariat"},
    "may_handle_all_login_requests": {"secretariat"},
    "may_use_admin": {"secretariat"},
    "may_add_colleagues": {"contact_a"},
    "may_name_addressees_of_own_city": {"contact_a"},
    "may_record_city_actions_for_all_cities": {"secretariat", "lobby_coordinator"},
    "may_see_waiting_for_db": {"db_member"},
    "may_add_knowledge_for_all_pillars": {"secretariat"},
}


@pytest.mark.parametrize("flag", sorted(FLAGS))
def test_the_flags_that_views_and_templates_ask(world, flag):
    held = {
        name for name in world.people if getattr(permissions_for(world.person(name).user), flag)
    }
    assert held == FLAGS[flag]
    assert not getattr(ANONYMOUS, flag)


def test_a_staff_login_must_use_a_second_factor_without_a_role(db):
    from tests.factories import UserFactory

    assert permissions_for(UserFactory(username="staff", is_staff=True)).must_use_second_factor
    assert not permissions_for(UserFactory(username="plain")).must_use_second_factor


def test_a_second_factor_is_managed_by_its_owner_and_switched_off_by_the_secretariat(world):
    owner = world.person("official_a").user
    own = permissions_for(owner)
    secretariat = permissions_for(world.person("secretariat").user)
    contact = permissions_for(world.person("contact_a").user)
    assert own.may_manage_second_factor_of(owner) and own.may_disable_second_factor_of(owner)
    assert not secretariat.may_manage_second_factor_of(owner)
    assert secretariat.may_disable_second_factor_of(owner)
    assert not contact.may_manage_second_factor_of(owner)
    assert not contact.may_disable_second_factor_of(owner)
    assert not ANONYMOUS.may_manage_second_factor_of(owner)
