import pytest
from django.core.exceptions import ValidationError

from engage.models import Neighbourhood, PostcodeArea, User
from tests.factories import NeighbourhoodFactory, OfficerFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_emails_are_stored_lower_case_so_logins_are_case_blind():
    user = User.objects.create_user("Jane.Smith@Example.COM", "pw-long-enough", display_name="Jane")

    assert user.email == "jane.smith@example.com"
    assert User.objects.get_by_natural_key("JANE.smith@example.com") == user


def test_an_officer_badge_comes_from_the_role_not_the_display_name():
    team = TeamFactory(name="Camden Town Safer Neighbourhood Team")
    officer = OfficerFactory(
        team=team, rank="PC", name_on_badge="Jane Smith", user__display_name="Anything At All"
    )

    assert officer.badge == "PC Jane Smith, Camden Town team"


@pytest.mark.parametrize("code", ["E0501365", "W05013655", "E05O13655", "E050136555"])
def test_ward_codes_must_be_ons_shaped(code):
    place = NeighbourhoodFactory.build(ward_code=code)

    with pytest.raises(ValidationError) as error:
        place.full_clean(exclude=["borough", "team"])
    assert "ward_code" in error.value.message_dict


def test_postcode_areas_are_stored_upper_case_with_one_space():
    place = NeighbourhoodFactory()

    area = PostcodeArea.objects.create(code="nw1  7", neighbourhood=place)

    assert area.code == "NW1 7"


def test_a_neighbourhood_links_to_its_page():
    place = NeighbourhoodFactory(slug="camden-town")

    assert place.get_absolute_url() == "/neighbourhoods/camden-town/"
    assert Neighbourhood.objects.get(slug="camden-town") == place
