import pickle

import pytest

from members.actors import SYSTEM, SystemActor, acting_person, actor_name, is_system, require_actor


def test_system_is_one_named_actor():
    assert SystemActor() is SYSTEM
    assert pickle.loads(pickle.dumps(SYSTEM)) is SYSTEM
    assert repr(SYSTEM) == "SYSTEM"
    assert is_system(SYSTEM)
    assert actor_name(SYSTEM) == "G40 Netwerk"
    assert acting_person(SYSTEM, lambda p: False) is None


@pytest.mark.parametrize("by", [None, 0, "system", object()])
def test_none_or_anything_else_is_no_actor(by):
    with pytest.raises(TypeError):
        require_actor(by)
    with pytest.raises(TypeError):
        acting_person(by, lambda p: True)
